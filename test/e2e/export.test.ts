/**
 * `gti-sync export` end to end: the real CLI against the emulator over HTTP on the report seed
 * (test/fixtures/reports/seed.yaml), and the round trip: export → validate → plan: no operation.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { Plan } from '../../src/plan/types.js';
import { readStats, routesBetween, startTestEmulator } from '../support/emulator.js';
import { repoPath, ROOT } from '../support/paths.js';
import {
  dirWithGroupFile,
  emptyDir,
  REPORT_FIXTURES,
  runReportCli,
  startReportEmulator,
} from './report-world.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startReportEmulator();
});

const EXPECTED_BODY = `version: 1
group: lab_team

policy:
  members: authoritative
  require_2fa: true
  min_admins: 2
  max_removal_ratio: 0.25
  protected: [root@lab.example]
  expiry_warning_days: 14

defaults:
  quotas: {api_requests_daily: 1000}

members:
  - email: amy@lab.example
    id: amy
    roles: [admin, private_scanning]
    quotas: {api_requests_daily: 5000, intelligence_searches_monthly: 2000}
  - email: ben@lab.example # no two-factor authentication
    id: ben
    quotas: {intelligence_downloads_monthly: 100}
  - email: cat@lab.example
    id: cat
    roles: [admin]
  - email: dan@lab.example
    id: dan
  - email: eve@lab.example
    id: eve
  - email: fay@lab.example
    id: fay
    quotas: {api_requests_daily: 2000}
  - email: root@lab.example
    id: root
    roles: [admin]

service_accounts:
  - name: ingest
    quotas: {api_requests_daily: 50000}
  - name: stray

# Pending invitations (not members until they sign up; declaring one adds nothing):
#   gina@lab.example
`;

describe('export', () => {
  it('prints the live group as a sorted, commented file, in the requests of one live read', async () => {
    const before = await readStats(emulator);
    const run = await runReportCli(emulator, ['export', '--group', 'lab_team']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      '# yaml-language-server: $schema=https://gti-sync.dev/schema/group.schema.json',
    );
    expect(lines[2]).toMatch(
      /^# Group lab_team, exported by gti-sync \S+ on 2026-11-26T12:00:00Z$/,
    );
    expect(lines[3]).toBe(`# from ${emulator.url} as root@lab.example.`);
    expect(run.stdout.slice(run.stdout.indexOf('version: 1'))).toBe(EXPECTED_BODY);
    expect(routesBetween(before, await readStats(emulator))).toEqual({
      'GET /users/{id}': 1,
      'GET /groups/{gid}/users': 1,
      'GET /groups/{gid}/administrators': 1,
      'GET /groups/{gid}/service_accounts': 1,
      'GET /groups/{gid}/activity_log_entries': 1,
    });
  });

  it('points the schema comment at the shipped schema, relative to the file, when gti-sync is in the working tree', async () => {
    const atRoot = await runReportCli(emulator, ['export', '--group', 'lab_team'], { cwd: ROOT });
    expect(atRoot.code).toBe(0);
    expect(atRoot.stdout.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=schema/group.schema.json',
    );
    const inExamples = await runReportCli(
      emulator,
      ['export', '--group', 'lab_team', '--diff', 'examples/group.yaml'],
      { cwd: ROOT },
    );
    // examples/group.yaml already says ../schema/group.schema.json: no diff on that line.
    expect(inExamples.stdout).toContain(
      '\n # yaml-language-server: $schema=../schema/group.schema.json\n',
    );
    expect(inExamples.stdout).not.toMatch(/^[+-]# yaml-language-server/m);
  });

  it('round trip: -o writes a file that validates, and a plan on it has no operations', async () => {
    const cwd = emptyDir();
    const run = await runReportCli(
      emulator,
      ['export', '--group', 'lab_team', '-o', 'exported.yaml'],
      {
        cwd,
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('wrote exported.yaml: 7 members, 2 service accounts\n');
    expect(readFileSync(join(cwd, 'exported.yaml'), 'utf8')).toContain(EXPECTED_BODY);

    const validate = await runReportCli(emulator, ['validate', 'exported.yaml'], { cwd });
    expect(validate.code).toBe(0);

    const plan = await runReportCli(
      emulator,
      ['plan', 'exported.yaml', '--format', 'json', '--detailed-exitcode'],
      { cwd },
    );
    expect(plan.code).toBe(0);
    const planned: Plan = JSON.parse(plan.stdout);
    expect(planned.operations).toEqual([]);
    expect(planned.safety).toEqual([]);
  });

  it('-o overwrites an existing file', async () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'out.yaml'), 'old');
    const run = await runReportCli(emulator, ['export', '--group', 'lab_team', '-o', 'out.yaml'], {
      cwd,
    });
    expect(run.code).toBe(0);
    expect(readFileSync(join(cwd, 'out.yaml'), 'utf8')).toContain(EXPECTED_BODY);
  });

  it('takes --group from group.yaml', async () => {
    const run = await runReportCli(emulator, ['export'], { cwd: dirWithGroupFile() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(EXPECTED_BODY);
  });
});

describe('export --diff', () => {
  it('prints a unified diff from the file to the live group; exit 2 with --detailed-exitcode', async () => {
    const cwd = dirWithGroupFile();
    const run = await runReportCli(emulator, ['export', '--diff', 'group.yaml'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^={67}\n--- group\.yaml\n\+\+\+ lab_team \(live\)\n@@ /);
    expect(run.stdout).toContain('\n+  - email: dan@lab.example\n');
    expect(run.stdout).toContain(
      '\n-  - email: cat@lab.example          # an administrator live: undeclared_admin\n',
    );
    const detailed = await runReportCli(
      emulator,
      ['export', '--diff', 'group.yaml', '--detailed-exitcode'],
      { cwd },
    );
    expect(detailed.code).toBe(2);
    expect(detailed.stdout).toBe(run.stdout);
  });

  it("shows drift, not export's defaults: FILE's policy and expiry dates stay, ignored members stay out", async () => {
    const cwd = dirWithGroupFile();
    const file = join(cwd, 'group.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace('members:\n', 'ignore: ["dan@*"]\nmembers:\n'),
    );
    const run = await runReportCli(emulator, ['export', '--diff', 'group.yaml'], { cwd });
    expect(run.code).toBe(0);
    const added = run.stdout.split('\n').filter((l) => l.startsWith('+'));
    // The policy block is the file's: none of its lines is added (they stay context lines).
    expect(added.filter((l) => /^\+ {2}\w+:/.test(l))).toEqual([]);
    expect(run.stdout).toContain('\n   members: authoritative\n');
    // eve's expiry date and the ignore glob stay; dan, ignored, is not declared.
    expect(added).toContain('+    expires: 2026-12-01');
    expect(added).toContain('+  - dan@*');
    expect(run.stdout).not.toContain('email: dan@lab.example');
    // What did drift is there: cat is an administrator, the stray service account exists.
    expect(run.stdout).toContain('\n+    roles: [admin]\n');
    expect(run.stdout).toContain('\n+  - name: stray\n');
  });

  it('prints nothing and exits 0 when the file is the export', async () => {
    const cwd = emptyDir();
    await runReportCli(emulator, ['export', '--group', 'lab_team', '-o', 'g.yaml'], { cwd });
    const run = await runReportCli(
      emulator,
      ['export', '--group', 'lab_team', '--diff', 'g.yaml', '--detailed-exitcode'],
      { cwd },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
  });

  it('CRLF line ends (a Windows checkout) are no difference', async () => {
    const cwd = emptyDir();
    await runReportCli(emulator, ['export', '--group', 'lab_team', '-o', 'g.yaml'], { cwd });
    const file = join(cwd, 'g.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    const run = await runReportCli(
      emulator,
      ['export', '--group', 'lab_team', '--diff', 'g.yaml', '--detailed-exitcode'],
      { cwd },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
  });

  it('a different export date alone shows in the diff but is no drift', async () => {
    const cwd = emptyDir();
    await runReportCli(emulator, ['export', '--group', 'lab_team', '-o', 'g.yaml'], { cwd });
    const run = await runReportCli(
      emulator,
      ['export', '--group', 'lab_team', '--diff', 'g.yaml', '--detailed-exitcode'],
      {
        cwd,
        env: { GTI_SYNC_NOW: '2026-11-26T13:00:00Z' },
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('+# Group lab_team, exported by');
  });

  it('a missing file: FILE_NOT_FOUND before any request', async () => {
    const before = (await readStats(emulator)).requests;
    const run = await runReportCli(emulator, [
      'export',
      '--group',
      'lab_team',
      '--diff',
      'nope.yaml',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gti-sync: FILE_NOT_FOUND: [^\n]*\n$/);
    expect((await readStats(emulator)).requests).toBe(before);
  });

  it('a FILE that is not sound YAML: its problem with the location, before any request', async () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'bad.yaml'), 'version: 1\ngroup: lab_team\ngroup: again\n');
    const before = (await readStats(emulator)).requests;
    const run = await runReportCli(
      emulator,
      ['export', '--group', 'lab_team', '--diff', 'bad.yaml'],
      {
        cwd,
      },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^bad\.yaml:3:1 YAML_DUPLICATE_KEY [^\n]*\n$/);
    expect((await readStats(emulator)).requests).toBe(before);
  });

  it('-o with --diff: BAD_USAGE', async () => {
    const run = await runReportCli(emulator, [
      'export',
      '--group',
      'lab_team',
      '--diff',
      join(REPORT_FIXTURES, 'group.yaml'),
      '-o',
      'x.yaml',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gti-sync: BAD_USAGE: [^\n]*\n$/);
  });

  it('without --group and without group.yaml: NO_GROUP', async () => {
    const run = await runReportCli(emulator, ['export']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gti-sync: NO_GROUP: [^\n]*\n$/);
  });
});

describe('export round trip on the demo world', () => {
  it('examples/emulator-seed.yaml: export, then plan shows no operation', async () => {
    const demo = await startTestEmulator(repoPath('examples/emulator-seed.yaml'));
    try {
      const cwd = emptyDir();
      const exported = await runReportCli(
        demo,
        ['export', '--group', 'acme_soc', '-o', 'group.yaml'],
        {
          cwd,
          key: 'key-alice',
        },
      );
      expect(exported.code).toBe(0);
      // Most members share the 1000 cap: it becomes the default, and ciso (no cap) says so.
      const written = readFileSync(join(cwd, 'group.yaml'), 'utf8');
      expect(written).toContain('defaults:\n  quotas: {api_requests_daily: 1000}');
      expect(written).toMatch(
        /- email: ciso@acme\.example\n(?:.*\n)*?\s+quotas: \{api_requests_daily: 1000000000\}/,
      );
      const plan = await runReportCli(demo, ['plan', '--format', 'json', '--detailed-exitcode'], {
        cwd,
        key: 'key-alice',
      });
      expect(plan.code).toBe(0);
      const planned: Plan = JSON.parse(plan.stdout);
      expect(planned.operations).toEqual([]);
      expect(planned.safety).toEqual([]);
    } finally {
      await demo.close();
    }
  });
});
