/**
 * `gti-sync doctor` end to end: the real CLI against the emulator's current default (the report
 * seed, test/fixtures/reports/seed.yaml). The other documented shapes are in doctor-shapes.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { DoctorReport } from '../../src/model/doctor-report.js';
import { readStats, routesBetween } from '../support/emulator.js';
import { makeTempDir } from '../support/paths.js';
import { runReportCli, startReportEmulator } from './report-world.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startReportEmulator();
});

async function doctor(argv: string[], key = 'key-root') {
  const before = await readStats(emulator);
  const run = await runReportCli(emulator, ['doctor', ...argv], { key });
  const routes = routesBetween(before, await readStats(emulator));
  return { ...run, routes };
}

const CHECKS = [
  'caller',
  'group',
  'admin_rights',
  'members_listing',
  'administrators_listing',
  'service_accounts_listing',
  'roles',
  'two_fa_filter',
  'two_factor',
  'activity_log',
  'activity_log_unasked',
  'activity_actions',
  'overall_quotas',
  'group_api_usage',
  'users_consuming_quota',
];

describe('doctor against the emulator', () => {
  it('an administrator: every check passes, the shapes are observed, exit 0', async () => {
    const run = await doctor(['--group', 'lab_team', '--format', 'json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report.group).toBe('lab_team');
    expect(report.error).toBeNull();
    expect(report.checks.map((c) => c.name)).toEqual(CHECKS);
    expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(report.observed).toMatchObject({
      two_fa_filter: true,
      context_roles: true,
      activity_actor: true,
      usage_wrapped: true,
      usage_endpoint_keys: '/api/v3/(files)',
      usage_sparse_days: false,
      activity_action_spelling: 'words',
    });
    // Revision 1 and 2 of the emulator differ here; either way the probe tells.
    expect(typeof report.observed.has_2fa_visible).toBe('boolean');
    expect(typeof report.observed.activity_actor_unasked).toBe('boolean');
  });

  it('reads only, one page of each listing: 12 GET requests', async () => {
    const run = await doctor(['--group', 'lab_team']);
    expect(run.code).toBe(0);
    expect(run.routes).toEqual({
      'GET /users/{id}': 1,
      'GET /groups/{gid}': 1,
      'GET /groups/{gid}/relationships/administrators/{uid}': 1,
      'GET /groups/{gid}/users': 2,
      'GET /groups/{gid}/administrators': 1,
      'GET /groups/{gid}/service_accounts': 1,
      'GET /groups/{gid}/activity_log_entries': 2,
      'GET /users/{id}/overall_quotas': 1,
      'GET /groups/{gid}/api_usage': 1,
      'GET /groups/{gid}/users_consuming_quota/{quota}': 1,
    });
    expect(run.stdout).toMatch(/^ok +caller +the key belongs to user root/m);
    expect(run.stdout).toContain('gti-sync can work with group lab_team.');
  });

  it('takes the group from ./group.yaml', async () => {
    const dir = makeTempDir('gti-sync-doctor-');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'group.yaml'), 'version: 1\ngroup: lab_team\n');
    const run = await runReportCli(emulator, ['doctor', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as DoctorReport).group).toBe('lab_team');
  });

  it.each([
    ['a member who is not an administrator', 'key-ben', 'lab_team', 'NOT_GROUP_ADMIN', 'denied'],
    ['an administrator of another group', 'key-ted', 'lab_team', 'NOT_GROUP_MEMBER', 'denied'],
    ['a service account of the group', 'key-ingest', 'lab_team', 'NOT_GROUP_ADMIN', 'denied'],
    [
      'a key the API does not know',
      'key-nobody',
      'lab_team',
      'API_WrongCredentialsError',
      'failed',
    ],
    ['a group that does not exist', 'key-root', 'no_such_team', 'GROUP_NOT_FOUND', 'failed'],
  ])('%s: exit 1 with %s', async (_what, key, group, code, status) => {
    const run = await doctor(['--group', group, '--format', 'json'], key);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`gti-sync: ${code}: `);
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report.error?.code).toBe(code);
    expect(report.checks.at(-1)).toMatchObject({ status, code });
    // It stops at the first precondition that fails: at most the three ordered requests.
    expect(Object.values(run.routes).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3);
    expect(Object.keys(run.routes).every((r) => r.startsWith('GET '))).toBe(true);
  });

  it('--record: one file per request, no key, email, name or id of the seed in any', async () => {
    const dir = join(makeTempDir('gti-sync-record-'), 'answers');
    const run = await doctor(['--group', 'lab_team', '--record', dir]);
    expect(run.code).toBe(0);
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(12);
    expect(files).toContain('groups-gid-users--filter-2fa.json');
    const texts = files.map((f) => readFileSync(join(dir, f), 'utf8'));
    const all = texts.join('\n');
    const secrets = [
      ...['key-root', 'key-amy', 'key-ben', 'key-cat', 'key-ingest'],
      ...['root', 'amy', 'ben', 'cat', 'dan', 'eve', 'fay', 'lab_team_ingest', 'lab_team_stray'],
      ...['ingest', 'stray'],
    ];
    for (const secret of secrets) {
      expect(all, secret).not.toMatch(
        new RegExp(`(?<![A-Za-z0-9_])${secret}(?![A-Za-z0-9_])`, 'i'),
      );
    }
    expect(all).not.toMatch(/@lab\.example/i);
    expect(all).toContain('<email-');
    expect(all).toContain('<user-');
    // Stable within the recording: the caller is one placeholder wherever it appears.
    const caller = JSON.parse(readFileSync(join(dir, 'users-apikey.json'), 'utf8')) as {
      body: { data: { id: string } };
      request: { route: string };
    };
    expect(caller.request.route).toBe('/users/{apikey}');
    expect(all.split(caller.body.data.id).length).toBeGreaterThan(3);
    for (const text of texts) expect(() => JSON.parse(text) as unknown).not.toThrow();
  });

  it('--format other than text or json: BAD_FORMAT before any request', async () => {
    const run = await doctor(['--group', 'lab_team', '--format', 'csv']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('BAD_FORMAT');
    expect(run.routes).toEqual({});
  });
});
