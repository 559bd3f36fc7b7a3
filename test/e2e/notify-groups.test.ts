/**
 * Webhook notifications of runs over several groups (issues 12, 13): one POST per URL for the
 * whole run, a part for each group with news and the groups that failed (codes, no messages),
 * nothing when no group has news. Three groups on one emulator, a receiver on 127.0.0.1.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator, Seed } from '../../src/emulator/index.js';
import type { MultiNotifySummary } from '../../src/notify/payload.js';
import { startServer, type TestServer } from '../support/http-server.js';
import { NOW, resetEmulator, startTestEmulator } from '../support/emulator.js';
import { makeTempDir, writeIn } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';

const GROUPS = ['lab', 'north', 'south'] as const;

function seed(): Seed {
  return {
    now: NOW,
    groups: GROUPS.map((id) => ({ id, organization: id })),
    users: GROUPS.flatMap((g) => [
      {
        id: `${g}ada`,
        email: `ada@${g}.example`,
        apikey: `key-${g}-ada`,
        has_2fa: true,
        group: g,
        roles: ['USER_ROLE_GROUP_ADMIN'],
        quotas: { api_requests_daily: { allowed: 1000, used: 1 } },
      },
      {
        id: `${g}cy`,
        email: `cy@${g}.example`,
        apikey: `key-${g}-cy`,
        has_2fa: true,
        group: g,
        quotas: { api_requests_daily: { allowed: 1000, used: 1 } },
      },
    ]),
  };
}

function groupFile(group: string, extra = ''): string {
  return (
    `version: 1\ngroup: ${group}\ndefaults:\n  quotas: {api_requests_daily: 1000}\nmembers:\n` +
    `  - email: ada@${group}.example\n    roles: [admin]\n  - email: cy@${group}.example\n${extra}`
  );
}

const keys = Object.fromEntries(
  GROUPS.map((g) => [`GTI_APIKEY_${g.toUpperCase()}`, `key-${g}-ada`]),
);

let emu: RunningEmulator;
let hook: TestServer;
beforeAll(async () => {
  emu = await startTestEmulator(seed());
});
beforeEach(async () => {
  await resetEmulator(emu);
  hook = await startServer((_req, res) => {
    res.writeHead(204);
    res.end();
  });
});

/** groups/ with the three files; north adds a member unless `files` says otherwise. */
function world(files: Partial<Record<string, string>> = {}): string {
  const work = makeTempDir('gti-sync-notify-groups-');
  mkdirSync(join(work, 'groups'));
  for (const g of GROUPS) {
    const extra = g === 'north' ? '  - email: eve@north.example\n' : '';
    writeIn(join(work, 'groups'), `${g}.yaml`, files[g] ?? groupFile(g, extra));
  }
  return work;
}

function run(work: string, argv: string[], env: Record<string, string | undefined> = keys) {
  return runCli(argv, {
    cwd: work,
    api: emu,
    now: NOW,
    env: { ...env, GTI_SYNC_NOTIFY_URL: `${hook.origin}/hook/token-xyz` },
  });
}

function bodies(): MultiNotifySummary[] {
  return hook.requests.map((r) => JSON.parse(r.body) as MultiNotifySummary);
}

describe('notifications over several groups', () => {
  it('nightly plan: one POST naming the group with changes and the group that failed', async () => {
    const env = { ...keys, GTI_APIKEY_LAB: 'key-nobody' };
    const r = await run(world(), ['plan', 'groups', '--detailed-exitcode'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gti-sync: GROUPS_FAILED: /m);
    expect(bodies()).toHaveLength(1);
    const body = bodies()[0]!;
    expect(body).toMatchObject({ version: 1, command: 'plan' });
    expect(body.groups.map((g) => g.group)).toEqual(['north']);
    expect(body.groups[0]?.emails).toEqual(['eve@north.example']);
    expect(body.errors).toEqual([
      expect.objectContaining({ file: 'groups/lab.yaml', group: 'lab' }),
    ]);
    expect(hook.requests[0]?.body).not.toContain('key-');
    expect(r.stdout + r.stderr).not.toContain('token-xyz');
  });

  it('apply: one POST with what each group changed; a second, clean run sends nothing', async () => {
    const work = world();
    const r = await run(work, ['apply', 'groups', '--auto-approve']);
    expect(r.code).toBe(0);
    expect(bodies()).toHaveLength(1);
    expect(bodies()[0]).toMatchObject({ command: 'apply', errors: [] });
    expect(bodies()[0]?.groups).toEqual([
      {
        group: 'north',
        counts: { invited: 1 },
        failures: 0,
        emails: ['eve@north.example'],
      },
    ]);
    const again = await run(work, ['apply', 'groups', '--auto-approve']);
    expect(again.code).toBe(0);
    expect(hook.requests).toHaveLength(1);
  });

  it('plan without --detailed-exitcode sends nothing; neither do clean runs', async () => {
    expect((await run(world(), ['plan', 'groups'])).code).toBe(0);
    expect(hook.requests).toHaveLength(0);
    const clean = world({ north: groupFile('north') });
    expect((await run(clean, ['plan', 'groups', '--detailed-exitcode'])).code).toBe(0);
    expect((await run(clean, ['audit', 'groups', '--detailed-exitcode'])).code).toBe(0);
    expect(hook.requests).toHaveLength(0);
  });
});
