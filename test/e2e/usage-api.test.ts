/**
 * `gti-sync usage api` end to end: the real CLI against the emulator over HTTP on the report seed
 * (test/fixtures/reports/seed.yaml). Expected numbers are summed by hand from the seed.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readStats, startTestEmulator } from '../support/emulator.js';
import {
  dirWithGroupFile,
  expectRefusal,
  REPORT_FIXTURES,
  runReportCli,
  startReportEmulator,
  usageArgs,
  useReportWorld,
} from './report-world.js';
import type { ApiUsageReport } from '../../src/model/reports.js';

const world = useReportWorld();

/** Every day of 2026-10-28 .. 2026-11-26 at 0, then the given days. */
function days(from: string, count: number, values: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (let i = 0; i < count; i++) {
    const day = new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000)
      .toISOString()
      .slice(0, 10);
    out[day] = values[day] ?? 0;
  }
  return out;
}

const FILES = '/api/v3/(files)';
const URLS = '/api/v3/(urls)';
const SEARCH = '/api/v3/(intelligence_search)';
const USERS = '/api/v3/(users)';

// Default range 2026-10-28 .. 2026-11-26: amy 10+5 (10-28), 20 (11-10), 30+4 (11-25); ben 8 (11-01),
// 2 (11-26); ingest 1000 (11-20). Not consuming: amy 7 (11-25), ben 1 (11-01).
const groupDefault = {
  total: 1079,
  by_endpoint: { [FILES]: 1062, [URLS]: 12, [SEARCH]: 5 },
  by_day: days('2026-10-28', 30, {
    '2026-10-28': 15,
    '2026-11-01': 8,
    '2026-11-10': 20,
    '2026-11-20': 1000,
    '2026-11-25': 34,
    '2026-11-26': 2,
  }),
};
const notConsumingDefault = {
  total: 8,
  by_endpoint: { [USERS]: 8 },
  by_day: days('2026-10-28', 30, { '2026-11-01': 1, '2026-11-25': 7 }),
};

/** `usage api ARGV --format json`: exit 0, nothing on stderr; the report and its requests. */
function runJson(argv: string[], cwd?: string) {
  const options = cwd === undefined ? {} : { cwd };
  return world.json<ApiUsageReport>(['usage', 'api', ...argv], options);
}

describe('usage api', () => {
  it('reports the group over the 30 days ending today by default, in one request', async () => {
    const { report, routes } = await runJson(['--group', 'lab_team']);
    expect(report).toEqual({
      group: 'lab_team',
      from: '2026-10-28',
      to: '2026-11-26',
      group_usage: groupDefault,
      not_consuming: notConsumingDefault,
      users: [],
    });
    expect(routes).toEqual({ 'GET /groups/{gid}/api_usage': 1 });
  });

  it('takes --group from group.yaml when it is not given', async () => {
    const { report } = await runJson([], dirWithGroupFile());
    expect(report.group).toBe('lab_team');
    expect(report.group_usage.total).toBe(1079);
  });

  it('splits a 45-day range into two requests and merges them', async () => {
    const { report, routes } = await runJson([
      '--group',
      'lab_team',
      '--from',
      '2026-10-13',
      '--to',
      '2026-11-26',
    ]);
    expect(routes).toEqual({ 'GET /groups/{gid}/api_usage': 2 });
    expect(report.from).toBe('2026-10-13');
    expect(Object.keys(report.group_usage.by_day)).toHaveLength(45);
    // Adds amy's 100 (10-20) and ingest's 500 (10-15); cat's 50 (09-30) and fay's 40 (10-05) stay out.
    expect(report.group_usage.total).toBe(1679);
    expect(report.group_usage.by_endpoint).toEqual({ [FILES]: 1662, [URLS]: 12, [SEARCH]: 5 });
    expect(report.group_usage.by_day['2026-10-15']).toBe(500);
    expect(report.group_usage.by_day['2026-10-20']).toBe(100);
    expect(report.not_consuming.total).toBe(8);
  });

  it('reports the whole 60 kept days in two requests', async () => {
    const { report, routes } = await runJson(['--group', 'lab_team', '--from', '2026-09-28']);
    expect(routes).toEqual({ 'GET /groups/{gid}/api_usage': 2 });
    expect(report.to).toBe('2026-11-26');
    expect(report.group_usage.total).toBe(1679 + 50 + 40);
  });

  it('reports named members, by id or email: one members listing, then one usage request each', async () => {
    const { report, routes } = await runJson([
      '--group',
      'lab_team',
      '--user',
      'ben',
      'AMY@lab.example',
      'amy',
    ]);
    expect(report.users).toEqual([
      {
        id: 'amy',
        email: 'amy@lab.example',
        total: 69,
        by_endpoint: { [FILES]: 60, [SEARCH]: 5, [URLS]: 4 },
        by_day: days('2026-10-28', 30, { '2026-10-28': 15, '2026-11-10': 20, '2026-11-25': 34 }),
        not_consuming: {
          total: 7,
          by_endpoint: { [USERS]: 7 },
          by_day: days('2026-10-28', 30, { '2026-11-25': 7 }),
        },
      },
      {
        id: 'ben',
        email: 'ben@lab.example',
        total: 10,
        by_endpoint: { [URLS]: 8, [FILES]: 2 },
        by_day: days('2026-10-28', 30, { '2026-11-01': 8, '2026-11-26': 2 }),
        not_consuming: {
          total: 1,
          by_endpoint: { [USERS]: 1 },
          by_day: days('2026-10-28', 30, { '2026-11-01': 1 }),
        },
      },
    ]);
    expect(routes).toEqual({
      'GET /groups/{gid}/api_usage': 1,
      'GET /groups/{gid}/users': 1,
      'GET /groups/{gid}/service_accounts': 1,
      'GET /users/{id}/api_usage': 2,
    });
  });

  it("splits each named member's range too", async () => {
    const { report, routes } = await runJson([
      '--group',
      'lab_team',
      '--from',
      '2026-10-13',
      '--user',
      'amy',
    ]);
    expect(routes).toEqual({
      'GET /groups/{gid}/api_usage': 2,
      'GET /groups/{gid}/users': 1,
      'GET /groups/{gid}/service_accounts': 1,
      'GET /users/{id}/api_usage': 2,
    });
    expect(report.users[0]?.total).toBe(169);
  });

  it('a named service account: its usage, and no mailbox for its email (as with --all-users)', async () => {
    const { report } = await runJson(['--group', 'lab_team', '--user', 'lab_team_ingest']);
    expect(report.users.map((u) => [u.id, u.email, u.total])).toEqual([
      ['lab_team_ingest', null, 1000],
    ]);
  });

  it('--all-users asks users_consuming_quota once per month, then only those who consumed', async () => {
    const { report, routes, requests } = await runJson(['--group', 'lab_team', '--all-users']);
    // October lists amy, fay, ingest; November amy, ben, ingest: 4 users, one api_usage each.
    // fay's only calls (10-05) fall before the range, so she is left out of the report.
    expect(routes).toEqual({
      'GET /groups/{gid}/api_usage': 1,
      'GET /groups/{gid}/users_consuming_quota/{quota}': 2,
      'GET /users/{id}/api_usage': 4,
    });
    expect(requests).toBe(7);
    expect(report.users.map((u) => [u.id, u.total, u.not_consuming.total])).toEqual([
      ['lab_team_ingest', 1000, 0],
      ['amy', 69, 7],
      ['ben', 10, 1],
    ]);
    expect(report.users.reduce((sum, u) => sum + u.total, 0)).toBe(report.group_usage.total);
    expect(report.users[0]?.email).toBeNull();
    expect(report.users[1]?.email).toBe('amy@lab.example');
  });
});

describe('usage api formats', () => {
  it('csv: a header line and one row per (scope, id, day)', async () => {
    const run = await world.run(usageArgs('api', '--user', 'ben', '--format', 'csv'));
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\r\n');
    expect(lines[0]).toBe('scope,id,email,day,calls,not_consuming_calls');
    expect(lines).toHaveLength(1 + 30 + 30 + 1);
    expect(lines).toContain('group,lab_team,,2026-11-20,1000,0');
    expect(lines).toContain('user,ben,ben@lab.example,2026-11-01,8,1');
  });

  it('markdown: tables and a mermaid xychart of the days', async () => {
    const run = await world.run(usageArgs('api', '--format', 'markdown'));
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '| ENDPOINT | CALLS |\n| --- | ---: |\n| /api/v3/(files) | 1062 |',
    );
    const chart = /```mermaid\nxychart-beta\n([\s\S]*?)```/.exec(run.stdout);
    expect(chart?.[1]).toContain('y-axis "calls" 0 --> 1000');
    expect(chart?.[1]).toMatch(/bar \[15, 0, 0, 0, 8, (0, ){8}20, (0, ){9}1000, (0, ){4}34, 2\]/);
  });

  it('text: a table and a bar per day, no colour off a terminal', async () => {
    const run = await world.run(usageArgs('api'), {
      env: { COLUMNS: '60' },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^\/api\/v3\/\(files\) +1062$/m);
    expect(run.stdout).toMatch(/^2026-11-20 │█+ +1000$/m);
    expect(run.stdout).not.toContain('\u001b[');
    const bars = run.stdout.split('\n').filter((line) => line.includes('│'));
    expect(bars).toHaveLength(30);
    for (const line of bars) expect([...line].length).toBe(59);
  });
});

describe('usage api on a terminal', () => {
  it('colours the bars and says on stderr how many requests it took', async () => {
    const run = await world.run(usageArgs('api'), {
      tty: true,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\u001b[36m');
    expect(run.stderr).toBe('gti-sync: 1 API request\n');
  });

  it('the total comes after the request counter is cleared, on a line of its own', async () => {
    // Every request at least 300 ms, one at a time: past 1 s the counter is drawn for sure.
    const slow = await startTestEmulator(join(REPORT_FIXTURES, 'seed.yaml'), { latencyMs: 300 });
    const run = await runReportCli(slow, usageArgs('api', '--all-users', '--concurrency', '1'), {
      tty: true,
    });
    expect(run.code).toBe(0);
    const requests = (await readStats(slow)).requests;
    const clear = '\r\x1b[K';
    expect(run.stderr.startsWith(`${clear}gti-sync: `)).toBe(true);
    expect(run.stderr).toContain(' API requests…');
    expect(run.stderr.endsWith(`${clear}gti-sync: ${requests} API requests\n`)).toBe(true);
  });

  it('NO_COLOR turns the colour off', async () => {
    const run = await world.run(usageArgs('api'), {
      tty: true,
      env: { NO_COLOR: '1' },
    });
    expect(run.stdout).not.toContain('\u001b[');
  });
});

describe('usage api refusals: exit 1, one line, no request', () => {
  it.each([
    [['--from', '2026-09-27', '--to', '2026-10-10'], 'DATE_TOO_OLD'],
    [['--to', '2026-09-01'], 'DATE_TOO_OLD'],
    [['--from', '2026-11-20', '--to', '2026-11-10'], 'DATE_RANGE_REVERSED'],
    [['--from', '2026/11/01'], 'BAD_DATE'],
    [['--from', '2026-02-30', '--to', '2026-03-01'], 'BAD_DATE'],
    [['--to', '2026-11-27'], 'DATE_IN_FUTURE'],
    [['--format', 'xml'], 'BAD_FORMAT'],
    [['--user', 'amy', '--all-users'], 'BAD_USAGE'],
  ])('%j → %s', async (argv, code) => {
    const run = await world.measured(usageArgs('api', ...argv));
    expectRefusal(run, code);
    expect(run.stdout).toBe('');
    expect(run.requests).toBe(0);
  });

  it('an unknown group: GROUP_NOT_FOUND, from the group call itself', async () => {
    const run = await world.measured(['usage', 'api', '--group', 'no_such_group']);
    expectRefusal(run, 'GROUP_NOT_FOUND');
    expect(run.stderr).toMatch(/no_such_group/);
    expect(run.routes).toEqual({
      'GET /groups/{gid}/api_usage': 1,
    });
  });

  it("a member's key that is not an administrator's: NOT_GROUP_ADMIN naming the key's user", async () => {
    const run = await world.measured(usageArgs('api'), {
      key: 'key-ben',
    });
    expectRefusal(run, 'NOT_GROUP_ADMIN');
    expect(run.stderr).toMatch(/ben \(ben@lab\.example\)/);
    // Only the refusal costs more: who the key is, and whether it is a member.
    expect(run.routes).toEqual({
      'GET /groups/{gid}/api_usage': 1,
      'GET /users/{id}': 1,
      'GET /groups/{gid}': 1,
    });
  });

  it("the key of another group's member: NOT_GROUP_MEMBER", async () => {
    const run = await world.run(usageArgs('api', '--all-users'), {
      key: 'key-ted',
    });
    expectRefusal(run, 'NOT_GROUP_MEMBER');
  });

  it('a recent start date is accepted (the admin scripts refuse it the wrong way round)', async () => {
    const run = await world.run(
      usageArgs('api', '--from', '2026-11-26', '--to', '2026-11-26', '--format', 'json'),
    );
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).group_usage.total).toBe(2);
  });

  it('without --group and without group.yaml: NO_GROUP, no request', async () => {
    const run = await world.measured(['usage', 'api']);
    expectRefusal(run, 'NO_GROUP');
    expect(run.requests).toBe(0);
  });

  it.each([
    ['an unknown id', 'nobody'],
    ['an unknown email', 'nobody@lab.example'],
    ['a user of another group', 'ted'],
    ["another group's user by email", 'ted@other.example'],
  ])('%s: UNKNOWN_USER naming it, before any usage request', async (_what, name) => {
    const run = await world.measured(usageArgs('api', '--user', 'amy', name));
    expectRefusal(run, 'UNKNOWN_USER');
    expect(run.stderr).toContain(name);
    expect(run.stderr).toContain('ids and emails');
    expect(run.routes).toEqual({
      'GET /groups/{gid}/users': 1,
      'GET /groups/{gid}/service_accounts': 1,
    });
  });

  it('a user removed from the group: UNKNOWN_USER', async () => {
    const own = await startReportEmulator();
    const removed = await fetch(`${own.url}/groups/lab_team/relationships/users/dan`, {
      method: 'DELETE',
      headers: { 'x-apikey': 'key-root' },
    });
    expect(removed.status).toBe(200);
    const run = await runReportCli(own, usageArgs('api', '--user', 'dan'));
    expectRefusal(run, 'UNKNOWN_USER');
    expect(run.stderr).toMatch(/^gti-sync: UNKNOWN_USER: dan/);
  });

  it("--user with a member's key: NOT_GROUP_ADMIN before any usage request", async () => {
    const run = await world.run(usageArgs('api', '--user', 'ben'), { key: 'key-ben' });
    expectRefusal(run, 'NOT_GROUP_ADMIN');
  });
});
