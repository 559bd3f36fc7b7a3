/**
 * `gti-sync audit` end to end: the real CLI against the emulator over HTTP on the report seed
 * (test/fixtures/reports/seed.yaml) with its group file (test/fixtures/reports/group.yaml).
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { dirWithGroupFile, expectRefusal, IGNORE_DAN, useReportWorld } from './report-world.js';
import type { AuditReport } from '../../src/model/reports.js';

const world = useReportWorld();

const message = expect.any(String);

/** The findings, by hand from the seed and the file (FINDING_KINDS order, then email). */
const expectedFindings = [
  { kind: 'no_2fa', email: 'ben@lab.example', user_id: 'ben', message },
  {
    kind: 'undeclared_admin',
    email: 'cat@lab.example',
    user_id: 'cat',
    message,
    // The latest "Add admin to group" for cat (an older one, by amy, on 2026-10-01, is not it).
    actor: 'root',
    actor_email: 'root@lab.example',
    date: '2026-11-20T10:00:00Z',
  },
  {
    kind: 'undeclared_member',
    email: 'dan@lab.example',
    user_id: 'dan',
    message,
    actor: 'amy',
    actor_email: 'amy@lab.example',
    date: '2026-11-10T08:15:00Z',
  },
  {
    kind: 'undeclared_service_account',
    email: null,
    user_id: 'lab_team_stray',
    message,
    actor: 'cat',
    actor_email: 'cat@lab.example',
    date: '2026-11-15T12:00:00Z',
  },
  { kind: 'expiring', email: 'eve@lab.example', user_id: 'eve', message },
  { kind: 'cap_below_use', email: 'fay@lab.example', user_id: 'fay', message },
  {
    kind: 'pending_invitation',
    email: 'gina@lab.example',
    user_id: null,
    message,
    actor: 'amy',
    actor_email: 'amy@lab.example',
    date: '2026-11-24T16:30:00Z',
  },
];

/** `audit --format json` on the report group file (or `cwd`'s): exit `code`, nothing on stderr. */
async function auditJson(extra: string[] = [], cwd = dirWithGroupFile(), code = 0) {
  const run = await world.json<AuditReport>(['audit', ...extra], { cwd }, code);
  return { run, report: run.report, routes: run.routes };
}

describe('audit', () => {
  it('reports every finding, with who made each undeclared change and when', async () => {
    const { run, report } = await auditJson();
    expect(run.code).toBe(0);
    expect(report.group).toBe('lab_team');
    expect(report.findings).toEqual(expectedFindings);
    expect(report.findings[4]?.message).toContain('2026-12-01');
    expect(report.findings[5]?.message).toContain('1500');
    for (const finding of report.findings.filter((f) => f.actor !== undefined)) {
      expect(Object.keys(finding)).toEqual([
        'kind',
        'email',
        'user_id',
        'message',
        'actor',
        'actor_email',
        'date',
      ]);
    }
  });

  it("words each finding as plan does (an expiry's days left included)", async () => {
    const cwd = dirWithGroupFile();
    const { report } = await auditJson([], cwd);
    const plan = await world.run(['plan', '--format', 'json'], { cwd });
    const planned: { findings: Array<{ kind: string; message: string }> } = JSON.parse(plan.stdout);
    const expiring = (findings: Array<{ kind: string; message: string }>) =>
      findings.find((f) => f.kind === 'expiring')?.message;
    // eve's last day is 2026-12-01: at noon on 2026-11-26 that is 5 whole days away.
    expect(expiring(report.findings)).toContain('2026-12-01 (in 5 days)');
    expect(expiring(report.findings)).toBe(expiring(planned.findings));
  });

  it('lists the members and service accounts beside the findings', async () => {
    const { report } = await auditJson();
    expect(Object.keys(report)).toEqual([
      'group',
      'findings',
      'members',
      'service_accounts',
      'activity_log',
    ]);
    expect(report.members.map((m) => m.id)).toEqual([
      'amy',
      'ben',
      'cat',
      'dan',
      'eve',
      'fay',
      'root',
    ]);
    expect(report.members[0]).toEqual({
      id: 'amy',
      email: 'amy@lab.example',
      roles: ['admin', 'private_scanning'],
      has_2fa: true,
      caps: { api_requests_daily: 5000, intelligence_searches_monthly: 2000 },
      last_login: '2026-11-25T08:00:00Z',
    });
    expect(report.members[1]).toMatchObject({
      id: 'ben',
      has_2fa: false,
      roles: [],
      last_login: null,
    });
    expect(report.service_accounts).toEqual([
      { id: 'lab_team_ingest', name: 'ingest', caps: { api_requests_daily: 50000 } },
      { id: 'lab_team_stray', name: 'stray', caps: {} },
    ]);
  });

  it('reads the activity log within its bound, and says the bound was reached', async () => {
    const { report, routes } = await auditJson();
    // The 2026-07-01 entry is older than 90 days: reading stops there.
    expect(report.activity_log).toEqual({
      entries: 5,
      oldest: '2026-10-01T09:00:00Z',
      truncated: true,
    });
    expect(routes).toEqual({
      'GET /users/{id}': 1,
      // The members' page, and one page of filter=2fa_enabled:false: the listing shows no
      // has_2fa to an administrator (revision 2).
      'GET /groups/{gid}/users': 2,
      'GET /groups/{gid}/administrators': 1,
      'GET /groups/{gid}/service_accounts': 1,
      // Once: the live group's read and audit's "who and when" share one bounded read.
      'GET /groups/{gid}/activity_log_entries': 1,
    });
  });

  it('exits 2 with --detailed-exitcode when there are findings', async () => {
    const { run } = await auditJson(['--detailed-exitcode'], dirWithGroupFile(), 2);
    expect(run.code).toBe(2);
  });

  it('never lists nor reports ignored members', async () => {
    const cwd = dirWithGroupFile(IGNORE_DAN);
    const { report } = await auditJson([], cwd);
    expect(report.findings.map((f) => f.email)).not.toContain('dan@lab.example');
    expect(report.members.map((m) => m.id)).not.toContain('dan');
  });

  it('takes FILE as an argument', async () => {
    const cwd = dirWithGroupFile();
    const run = await world.run(['audit', join(cwd, 'group.yaml'), '--format', 'json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).findings).toHaveLength(7);
  });
});

describe('audit formats', () => {
  it('text: findings with who and when, then the members and service accounts tables', async () => {
    const run = await world.run(['audit'], { cwd: dirWithGroupFile() });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe('Audit of group lab_team: 7 findings');
    expect(run.stdout).toMatch(
      /^undeclared_admin +cat@lab\.example +root \(root@lab\.example\) +2026-11-20T10:00:00Z /m,
    );
    expect(run.stdout).toMatch(/^Members \(7\):\nEMAIL +ID +ROLES +2FA +CAPS +LAST LOGIN$/m);
    expect(run.stdout).toMatch(
      /^ben@lab\.example +ben +- +NO +api_requests_daily=1000, intelligence_downloads_monthly=100 +-$/m,
    );
    expect(run.stdout).toMatch(/^lab_team_stray +stray +-$/m);
  });

  it('csv: a header line and one row per finding', async () => {
    const run = await world.run(['audit', '--format', 'csv'], {
      cwd: dirWithGroupFile(),
    });
    const lines = run.stdout.split('\r\n');
    expect(lines[0]).toBe('kind,email,user_id,actor,actor_email,date,message');
    expect(lines).toHaveLength(1 + 7 + 1);
    expect(lines[3]).toMatch(
      /^undeclared_member,dan@lab\.example,dan,amy,amy@lab\.example,2026-11-10T08:15:00Z,/,
    );
  });

  it('markdown: tables', async () => {
    const run = await world.run(['audit', '--format', 'markdown'], {
      cwd: dirWithGroupFile(),
    });
    expect(run.stdout).toContain('## Audit of group lab_team: 7 findings');
    expect(run.stdout).toContain('| KIND | WHO | CHANGED BY | WHEN | MESSAGE |');
    expect(run.stdout).toContain('| amy@lab.example | amy | admin, private_scanning | yes |');
  });
});

describe('audit refusals', () => {
  it('a bad format: BAD_FORMAT before any request', async () => {
    const run = await world.measured(['audit', '--format', 'html'], {
      cwd: dirWithGroupFile(),
    });
    expectRefusal(run, 'BAD_FORMAT');
    expect(run.requests).toBe(0);
  });

  it('no group file: FILE_NOT_FOUND before any request', async () => {
    const run = await world.measured(['audit']);
    expectRefusal(run, 'FILE_NOT_FOUND');
    expect(run.requests).toBe(0);
  });

  it("a member's key that is not an administrator's: NOT_GROUP_ADMIN", async () => {
    const run = await world.run(['audit'], {
      cwd: dirWithGroupFile(),
      key: 'key-ben',
    });
    expectRefusal(run, 'NOT_GROUP_ADMIN');
  });
});
