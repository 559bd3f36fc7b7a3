/**
 * Lifecycle findings (issue 13 item 5) end to end: `audit` and `plan` against the emulator with
 * test/fixtures/lifecycle/seed.yaml; the API-use listings are asked for only with inactive_days.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/model/plan.js';
import {
  readStats,
  routesBetween,
  startTestEmulator,
  NOW,
  type RunningEmulator,
} from '../support/emulator.js';
import { fixturePath, makeTempDir, writeIn } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';

let emu: RunningEmulator;
let work: string;
const groupFile = readFileSync(fixturePath('lifecycle', 'group.yaml'), 'utf8');
beforeAll(async () => {
  emu = await startTestEmulator(fixturePath('lifecycle', 'seed.yaml'));
  work = makeTempDir('gti-sync-life-');
});

async function run(argv: string[], file = groupFile) {
  const name = writeIn(work, 'group.yaml', file);
  const before = await readStats(emu);
  const r = await runCli([argv[0] ?? '', name, ...argv.slice(1)], {
    cwd: work,
    api: emu,
    key: 'key-root',
    now: NOW,
  });
  const routes = routesBetween(before, await readStats(emu));
  const consuming = Object.entries(routes)
    .filter(([route]) => route.includes('users_consuming_quota'))
    .reduce((sum, [, n]) => sum + n, 0);
  return { ...r, consuming };
}

const lifecycle = (findings: Finding[]) =>
  findings
    .filter((f) => ['inactive_member', 'stale_invitation', 'unknown_lifecycle'].includes(f.kind))
    .map((f) => `${f.kind} ${f.email ?? '-'}`);

describe('lifecycle findings', () => {
  it('audit: inactive members and stale invitations, one unknown_lifecycle, two listings', async () => {
    const r = await run(['audit', '--format', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { findings: Finding[] };
    expect(lifecycle(report.findings)).toEqual([
      'inactive_member old1@life.example',
      'stale_invitation gina@life.example',
      'unknown_lifecycle -',
    ]);
    const unknown = report.findings.find((f) => f.kind === 'unknown_lifecycle');
    expect(unknown?.message).toContain('1 member(s) have no last_login');
    // This month's and last month's listing: never one request per member.
    expect(r.consuming).toBe(2);
  });

  it('plan shows them as findings too', async () => {
    const r = await run(['plan', '--format', 'json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as { findings: Finding[] };
    expect(lifecycle(plan.findings)).toEqual([
      'inactive_member old1@life.example',
      'stale_invitation gina@life.example',
      'unknown_lifecycle -',
    ]);
    expect(r.consuming).toBe(2);
  });

  it('without inactive_days no listing is read; without either key no lifecycle finding', async () => {
    const staleOnly = groupFile.replace('  inactive_days: 90\n', '');
    const a = await run(['audit', '--format', 'json'], staleOnly);
    expect(a.code).toBe(0);
    expect(lifecycle((JSON.parse(a.stdout) as { findings: Finding[] }).findings)).toEqual([
      'stale_invitation gina@life.example',
    ]);
    expect(a.consuming).toBe(0);
    const none = staleOnly.replace('policy:\n  stale_invitation_days: 20\n', '');
    const b = await run(['audit', '--format', 'json'], none);
    expect(lifecycle((JSON.parse(b.stdout) as { findings: Finding[] }).findings)).toEqual([]);
    expect(b.consuming).toBe(0);
  });

  it('a bad inactive_days is a schema error, before any request', async () => {
    const r = await run(['audit'], groupFile.replace('inactive_days: 90', 'inactive_days: 0'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SCHEMA_MINIMUM/);
  });

  it('only unknown_lifecycle does not make plan --detailed-exitcode return 2', async () => {
    const file =
      'version: 1\ngroup: life\npolicy:\n  inactive_days: 3000\n  members: additive\nmembers:\n' +
      '  - email: root@life.example\n    roles: [admin]\n  - email: nolog@life.example\n';
    const r = await run(['plan', '--detailed-exitcode', '--format', 'json'], file);
    expect(r.stderr).not.toMatch(/gti-sync: [A-Z_]+:/);
    const plan = JSON.parse(r.stdout) as { findings: Finding[]; operations: unknown[] };
    expect(plan.operations).toEqual([]);
    expect(lifecycle(plan.findings)).toEqual(['unknown_lifecycle -']);
    expect(r.code).toBe(0);
  });
});
