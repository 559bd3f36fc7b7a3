/**
 * `gti-sync usage features` end to end: the real CLI against the emulator over HTTP on the report
 * seed (test/fixtures/reports/seed.yaml).
 */
import { describe, expect, it } from 'vitest';
import {
  dirWithGroupFile,
  expectRefusal,
  runReportCli,
  startReportEmulator,
  usageArgs,
  useReportWorld,
} from './report-world.js';
import type { FeaturesReport } from '../../src/model/reports.js';

const world = useReportWorld();

const NO_CAP = 1_000_000_000;

const groupUsage = {
  api_requests_daily: { used: 3000, allowed: 100000 },
  api_requests_monthly: { used: 40000, allowed: 2000000 },
  intelligence_downloads_monthly: { used: 410, allowed: 5000 },
  intelligence_hunting_rules: { used: 35, allowed: 200 },
  intelligence_retrohunt_jobs_monthly: { used: 12, allowed: 50 },
  intelligence_searches_monthly: { used: 3200, allowed: 10000 },
  intelligence_vtdiff_creation_monthly: { used: 9, allowed: 100 },
  private_scans_monthly: { used: 1500, allowed: 20000 },
};

/** `usage features ARGV --format json`: exit 0, nothing on stderr; the report and its requests. */
function runJson(argv: string[], options: { cwd?: string; key?: string } = {}) {
  return world.json<FeaturesReport>(['usage', 'features', ...argv], options);
}

describe('usage features', () => {
  it("reports the group's quotas of this month in one request", async () => {
    const { report, routes } = await runJson(['--group', 'lab_team']);
    expect(report).toEqual({
      group: 'lab_team',
      month: '2026-11',
      group_usage: groupUsage,
      users: [],
    });
    expect(routes).toEqual({ 'GET /groups/{gid}': 1 });
  });

  it('takes --group from group.yaml', async () => {
    const { report } = await runJson([], { cwd: dirWithGroupFile() });
    expect(report.group).toBe('lab_team');
  });

  it('a named member, by id or by email (any case): the quotas the members listing reports', async () => {
    const byId = await runJson(['--group', 'lab_team', '--user', 'amy']);
    expect(byId.report.users).toEqual([
      {
        id: 'amy',
        email: 'amy@lab.example',
        quotas: {
          api_requests_daily: { used: 800, allowed: 5000 },
          intelligence_searches_monthly: { used: 1500, allowed: 2000 },
          private_scans_monthly: { used: 300, allowed: NO_CAP },
          // This month's API calls (2026-11-10: 20, 2026-11-25: 34), from users_consuming_quota.
          api_requests_monthly: { used: 54, allowed: NO_CAP },
        },
      },
    ]);
    expect(byId.routes).toEqual({
      'GET /groups/{gid}': 1,
      'GET /groups/{gid}/users': 1,
      'GET /groups/{gid}/service_accounts': 1,
      'GET /groups/{gid}/users_consuming_quota/{quota}': 1,
    });
    const byEmail = await runJson(['--group', 'lab_team', '--user', 'Amy@LAB.example', 'amy']);
    expect(byEmail.report).toEqual(byId.report);
    expect(byEmail.routes).toEqual(byId.routes);
  });

  it('a named service account: no mailbox for its email (as with --all-users)', async () => {
    const { report } = await runJson(['--group', 'lab_team', '--user', 'lab_team_ingest']);
    expect(report.users.map((u) => [u.id, u.email])).toEqual([['lab_team_ingest', null]]);
    expect(report.users[0]?.quotas['api_requests_daily']).toEqual({ used: 100, allowed: 50000 });
  });

  it("--user with a member's key, even its own: NOT_GROUP_ADMIN (the members' use is hidden from it)", async () => {
    const run = await world.run(usageArgs('features', '--user', 'ben'), {
      key: 'key-ben',
    });
    expectRefusal(run, 'NOT_GROUP_ADMIN');
  });

  it('--all-users: one members listing, one service-account listing and one listing of API consumers, not one request per member', async () => {
    const { report, routes } = await runJson(['--group', 'lab_team', '--all-users']);
    expect(routes).toEqual({
      'GET /groups/{gid}': 1,
      'GET /groups/{gid}/users': 1,
      'GET /groups/{gid}/service_accounts': 1,
      'GET /groups/{gid}/users_consuming_quota/{quota}': 1,
    });
    expect(report.users.map((u) => u.id)).toEqual([
      'amy',
      'ben',
      'cat',
      'dan',
      'eve',
      'fay',
      'root',
      'lab_team_ingest',
      'lab_team_stray',
    ]);
    expect(report.users[1]).toEqual({
      id: 'ben',
      email: 'ben@lab.example',
      quotas: {
        api_requests_daily: { used: 300, allowed: 1000 },
        api_requests_monthly: { used: 10, allowed: NO_CAP },
        intelligence_downloads_monthly: { used: 40, allowed: 100 },
      },
    });
    // root made no call this month: 0, not "not reported".
    expect(report.users[6]?.quotas).toEqual({
      api_requests_daily: { used: 0, allowed: 1000 },
      api_requests_monthly: { used: 0, allowed: NO_CAP },
      intelligence_searches_monthly: { used: 120, allowed: NO_CAP },
    });
    expect(report.users[7]).toEqual({
      id: 'lab_team_ingest',
      email: null,
      quotas: {
        api_requests_daily: { used: 100, allowed: 50000 },
        api_requests_monthly: { used: 1000, allowed: NO_CAP },
      },
    });
  });

  it('--user and --all-users agree: the same numbers for a member, the same columns and conventions', async () => {
    const named = await runJson(['--group', 'lab_team', '--user', 'amy', 'lab_team_ingest']);
    const all = await runJson(['--group', 'lab_team', '--all-users']);
    expect(named.report.users).toEqual(
      all.report.users.filter((u) => u.id === 'amy' || u.id === 'lab_team_ingest'),
    );
    const text = async (argv: string[]) =>
      (await world.run(usageArgs('features', ...argv))).stdout.split('\n');
    const namedText = await text(['--user', 'amy']);
    const allText = await text(['--all-users']);
    const header = (lines: string[]) => lines.find((l) => l.startsWith('ID '))?.replace(/ +/g, ' ');
    expect(header(namedText)).toBe(header(allText));
    expect(header(namedText)).toContain('API requests (month)');
    const amy = (lines: string[]) => lines.find((l) => l.startsWith('amy '))?.replace(/ +/g, ' ');
    expect(amy(namedText)).toBe(amy(allText));
    expect(amy(namedText)).toBe('amy amy@lab.example 1500/2000 - - - - 300 800/5000 54');
  });

  it('flags a member over a cap: used/allowed !', async () => {
    const own = await startReportEmulator();
    const lowered = await fetch(`${own.url}/users/fay`, {
      method: 'PATCH',
      headers: { 'x-apikey': 'key-root', 'content-type': 'application/json' },
      body: JSON.stringify({
        data: { type: 'user', attributes: { quotas: { api_requests_daily: { allowed: 1000 } } } },
      }),
    });
    expect(lowered.status).toBe(200);
    const run = await runReportCli(own, usageArgs('features', '--user', 'fay'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^fay +fay@lab\.example .* 1500\/1000 ! /m);
    const markdown = await runReportCli(
      own,
      usageArgs('features', '--all-users', '--format', 'markdown'),
    );
    expect(markdown.stdout).toMatch(/^\| fay +\| fay@lab\.example .*\| 1500\/1000 ! \|/m);
  });
});

describe('usage features formats', () => {
  it('csv: one row per (scope, id, quota)', async () => {
    const run = await world.run(usageArgs('features', '--user', 'ben', '--format', 'csv'));
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\r\n');
    expect(lines[0]).toBe('scope,id,email,quota,used,allowed');
    expect(lines).toContain('group,lab_team,,intelligence_searches_monthly,3200,10000');
    expect(lines).toContain('user,ben,ben@lab.example,intelligence_downloads_monthly,40,100');
    expect(lines).toContain('user,ben,ben@lab.example,api_requests_monthly,10,1000000000');
    expect(lines).toHaveLength(1 + 8 + 3 + 1);
  });

  it('text: used, allowed and share of the group, a row per member', async () => {
    const run = await world.run(usageArgs('features', '--all-users'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^searches +3200 +10000 +32%$/m);
    expect(run.stdout).toMatch(/^private scans +1500 +20000 +8%$/m);
    expect(run.stdout).toMatch(/^fay +fay@lab\.example .*1500\/2000/m);
  });

  it('markdown: tables', async () => {
    const run = await world.run(usageArgs('features', '--format', 'markdown'));
    expect(run.stdout).toContain('| searches | 3200 | 10000 | 32% |');
  });
});

describe('usage features refusals', () => {
  it.each([['nobody'], ['nobody@lab.example'], ['ted']])(
    'a name not in the group (%s): UNKNOWN_USER, only the listings were sent',
    async (name) => {
      const run = await world.measured(usageArgs('features', '--user', name));
      expectRefusal(run, 'UNKNOWN_USER');
      expect(run.stderr).toContain(name);
      expect(run.routes).toEqual({
        'GET /groups/{gid}/users': 1,
        'GET /groups/{gid}/service_accounts': 1,
      });
    },
  );

  it('an unknown group: GROUP_NOT_FOUND, from the group call itself', async () => {
    const run = await world.measured(['usage', 'features', '--group', 'no_such_group']);
    expectRefusal(run, 'GROUP_NOT_FOUND');
    expect(run.stderr).toMatch(/no_such_group/);
    expect(run.routes).toEqual({ 'GET /groups/{gid}': 1 });
  });

  it("the key of another group's member: NOT_GROUP_MEMBER", async () => {
    const run = await world.run(usageArgs('features'), {
      key: 'key-ted',
    });
    expectRefusal(run, 'NOT_GROUP_MEMBER');
    expect(run.stderr).toMatch(/ted \(ted@other\.example\)/);
  });

  it("a member's key: the group's report, but --all-users is NOT_GROUP_ADMIN (the members' use is hidden from it)", async () => {
    const group = await world.run(usageArgs('features'), {
      key: 'key-ben',
    });
    expect(group.code).toBe(0);
    const all = await world.run(usageArgs('features', '--all-users'), {
      key: 'key-ben',
    });
    expectRefusal(all, 'NOT_GROUP_ADMIN');
    expect(all.stdout).toBe('');
  });

  it('an unknown flag of the subcommand: BAD_USAGE, one line (never a process exit)', async () => {
    const run = await world.run(['usage', 'features', '--bogus']);
    expectRefusal(run, 'BAD_USAGE');
    expect(run.stderr).toMatch(/--bogus/);
  });

  it('a bad format: BAD_FORMAT, no request', async () => {
    const run = await world.measured(usageArgs('features', '--format', 'yaml'));
    expectRefusal(run, 'BAD_FORMAT');
    expect(run.requests).toBe(0);
  });
});
