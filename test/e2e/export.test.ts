/**
 * `gti-sync export` end to end: the real CLI against the emulator over HTTP on the report seed
 * (test/fixtures/reports/seed.yaml), and the round trip: export → validate → plan: no operation.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { applyPatch } from 'diff';
import { join } from 'node:path';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { Plan } from '../../src/model/plan.js';
import { startTestEmulator } from '../support/emulator.js';
import { repoPath, ROOT } from '../support/paths.js';
import {
  changedLines,
  dirWithGroupFile,
  emptyDir,
  expectRefusal,
  IGNORE_DAN,
  REPORT_FIXTURES,
  runReportCli,
  useReportWorld,
} from './report-world.js';

const world = useReportWorld();

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

/**
 * `git apply --check` of `patch` on a copy of `text` named as in the patch (group.yaml), in a fresh
 * repository: '' when it applies, else git's complaint.
 */
function gitApplyCheck(text: string, patch: string): string {
  const dir = emptyDir();
  writeFileSync(join(dir, 'group.yaml'), text);
  const env = { PATH: process.env['PATH'] ?? '', HOME: dir, GIT_CONFIG_NOSYSTEM: '1' };
  execFileSync('git', ['init', '-q', '.'], { cwd: dir, env });
  try {
    execFileSync('git', ['apply', '--check', '-'], { cwd: dir, env, input: patch, stdio: 'pipe' });
    return '';
  } catch (error) {
    const stderr = error instanceof Error && 'stderr' in error ? String(error.stderr) : '';
    return stderr || String(error);
  }
}

describe('export', () => {
  it('prints the live group as a sorted, commented file, in the requests of one live read', async () => {
    const run = await world.measured(['export', '--group', 'lab_team']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    // Outside gti-sync's tree, with no group.schema.json beside it: no $schema comment.
    expect(lines[0]).toMatch(
      /^# Group lab_team, exported by gti-sync \S+ on 2026-11-26T12:00:00Z$/,
    );
    expect(lines[1]).toBe(`# from ${world.emulator().url} as root@lab.example.`);
    expect(run.stdout.slice(run.stdout.indexOf('version: 1'))).toBe(EXPECTED_BODY);
    expect(run.routes).toEqual({
      'GET /users/{id}': 1,
      // The members' page and one filter=2fa_enabled:false page (the comment on members
      // without 2FA): the listing shows no has_2fa to an administrator.
      'GET /groups/{gid}/users': 2,
      'GET /groups/{gid}/administrators': 1,
      'GET /groups/{gid}/service_accounts': 1,
      'GET /groups/{gid}/activity_log_entries': 1,
    });
  });

  it('points the schema comment at the shipped schema, relative to the file, when gti-sync is in the working tree', async () => {
    const atRoot = await world.run(['export', '--group', 'lab_team'], { cwd: ROOT });
    expect(atRoot.code).toBe(0);
    expect(atRoot.stdout.split('\n')[0]).toBe(
      '# yaml-language-server: $schema=schema/group.schema.json',
    );
  });

  it('points the schema comment at a group.schema.json beside the file; without one, says how', async () => {
    const cwd = emptyDir();
    const bare = await world.run(['export', '--group', 'lab_team', '-o', 'bare.yaml'], { cwd });
    expect(bare.code).toBe(0);
    expect(readFileSync(join(cwd, 'bare.yaml'), 'utf8')).not.toContain('yaml-language-server');
    expect(bare.stderr).toMatch(/^gti-sync: note: no group\.schema\.json beside the file/m);
    writeFileSync(join(cwd, 'group.schema.json'), '{}');
    const beside = await world.run(['export', '--group', 'lab_team', '-o', 'g.yaml'], { cwd });
    expect(beside.code).toBe(0);
    expect(readFileSync(join(cwd, 'g.yaml'), 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=./group.schema.json',
    );
    expect(beside.stderr).not.toContain('note:');
  });

  it('round trip: -o writes a file that validates, and a plan on it has no operations', async () => {
    const cwd = emptyDir();
    const run = await world.run(['export', '--group', 'lab_team', '-o', 'exported.yaml'], {
      cwd,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n')[0]).toBe(
      'gti-sync: wrote exported.yaml: 7 members, 2 service accounts',
    );
    expect(readFileSync(join(cwd, 'exported.yaml'), 'utf8')).toContain(EXPECTED_BODY);

    const validate = await world.run(['validate', 'exported.yaml'], { cwd });
    expect(validate.code).toBe(0);

    const plan = await world.run(
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
    const run = await world.run(['export', '--group', 'lab_team', '-o', 'out.yaml'], {
      cwd,
    });
    expect(run.code).toBe(0);
    expect(readFileSync(join(cwd, 'out.yaml'), 'utf8')).toContain(EXPECTED_BODY);
  });

  it('takes --group from group.yaml', async () => {
    const run = await world.run(['export'], { cwd: dirWithGroupFile() });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(EXPECTED_BODY);
  });
});

describe('export --diff', () => {
  it('shows only the drift, edited into the file as written; exit 2 with --detailed-exitcode, as plan', async () => {
    const cwd = dirWithGroupFile();
    const run = await world.run(['export', '--diff', 'group.yaml'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^Index: group\.yaml\n={67}\n--- group\.yaml\n\+\+\+ group\.yaml\tlive group lab_team\n@@ /,
    );
    // The diff applies to the file: with git, and with the diff package.
    const text = readFileSync(join(cwd, 'group.yaml'), 'utf8');
    expect(gitApplyCheck(text, run.stdout)).toBe('');
    expect(applyPatch(text, run.stdout)).not.toBe(false);
    const changed = changedLines(run.stdout);
    // cat is an administrator live, fay's cap is 2000, dan is in the group: nothing else.
    expect(changed).toEqual([
      '+    roles: [admin]',
      '+    quotas: {api_requests_daily: 2000}',
      '+  # Added from the live group lab_team (gti-sync export --diff, 2026-11-26):',
      '+  - email: dan@lab.example',
    ]);
    // The lines around stay as written (their comments and alignment too).
    expect(run.stdout).toContain(
      '\n   - email: cat@lab.example          # an administrator live: undeclared_admin\n+    roles: [admin]\n',
    );
    const detailed = await world.run(['export', '--diff', 'group.yaml', '--detailed-exitcode'], {
      cwd,
    });
    expect(detailed.code).toBe(2);
    expect(detailed.stdout).toBe(run.stdout);
    const plan = await world.run(['plan', '--detailed-exitcode'], { cwd });
    expect(plan.code).toBe(2);
  });

  it('ignored members stay out, and the requests are those of plan', async () => {
    const cwd = dirWithGroupFile(IGNORE_DAN);
    const run = await world.measured(['export', '--diff', 'group.yaml'], { cwd });
    const requests = run.routes;
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('dan@lab.example');
    expect(run.stdout).toContain('\n+    roles: [admin]\n');
    expect(requests).toEqual({
      'GET /users/{id}': 1,
      // The members' page and one filter=2fa_enabled:false page (the comment on members
      // without 2FA): the listing shows no has_2fa to an administrator.
      'GET /groups/{gid}/users': 2,
      'GET /groups/{gid}/administrators': 1,
      'GET /groups/{gid}/service_accounts': 1,
      'GET /groups/{gid}/activity_log_entries': 1,
    });
  });

  it('--detailed-exitcode: 2 for drift even where plan refuses the plan (UNSAFE_PLAN, exit 1)', async () => {
    const cwd = dirWithGroupFile();
    const file = join(cwd, 'group.yaml');
    // Only root and amy declared: plan would remove five of seven members (over 25%).
    const text = readFileSync(file, 'utf8').replace(
      / {2}- email: ben@[^]*?(?=service_accounts:)/,
      '',
    );
    writeFileSync(file, `${text.replace('policy:\n', 'policy:\n  max_removal_ratio: 0.25\n')}`);
    const plan = await world.run(['plan', '--detailed-exitcode'], { cwd });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('UNSAFE_PLAN');
    const run = await world.run(['export', '--diff', 'group.yaml', '--detailed-exitcode'], { cwd });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^\+ {2}- email: ben@lab\.example/m);
  });

  it("the group is the file's: a different --group is BAD_USAGE, before any request", async () => {
    const cwd = dirWithGroupFile();
    const run = await world.measured(['export', '--diff', 'group.yaml', '--group', 'other_team'], {
      cwd,
    });
    expectRefusal(run, 'BAD_USAGE');
    expect(run.requests).toBe(0);
  });

  it('a FILE that plan would refuse (a schema error): its problems, before any request', async () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'bad.yaml'), 'version: 1\ngroup: lab_team\nmembers:\n  - mail: x\n');
    const run = await world.measured(['export', '--diff', 'bad.yaml'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^bad\.yaml:4:\d+ /);
    expect(run.requests).toBe(0);
  });

  it('prints nothing and exits 0 when the file is the export', async () => {
    const cwd = emptyDir();
    await world.run(['export', '--group', 'lab_team', '-o', 'g.yaml'], { cwd });
    const run = await world.run(
      ['export', '--group', 'lab_team', '--diff', 'g.yaml', '--detailed-exitcode'],
      { cwd },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
  });

  it('CRLF line ends (a Windows checkout) are no difference', async () => {
    const cwd = emptyDir();
    await world.run(['export', '--group', 'lab_team', '-o', 'g.yaml'], { cwd });
    const file = join(cwd, 'g.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/\n/g, '\r\n'));
    const run = await world.run(
      ['export', '--group', 'lab_team', '--diff', 'g.yaml', '--detailed-exitcode'],
      { cwd },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
  });

  it('CRLF line ends with drift: the diff keeps them and applies (git apply, diff package)', async () => {
    const cwd = dirWithGroupFile();
    const file = join(cwd, 'group.yaml');
    const text = readFileSync(file, 'utf8').replace(/\n/g, '\r\n');
    writeFileSync(file, text);
    const run = await world.run(['export', '--diff', 'group.yaml'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\n+    roles: [admin]\r\n');
    expect(gitApplyCheck(text, run.stdout)).toBe('');
    const adopted = applyPatch(text, run.stdout);
    expect(adopted).not.toBe(false);
    expect(String(adopted)).not.toMatch(/[^\r]\n/);
    writeFileSync(file, String(adopted));
    const again = await world.run(['export', '--diff', 'group.yaml'], { cwd });
    expect(again).toMatchObject({ code: 0, stdout: '' });
  });

  it("a later run on an exported file: no diff at all (its header is the file's)", async () => {
    const cwd = emptyDir();
    await world.run(['export', '--group', 'lab_team', '-o', 'g.yaml'], { cwd });
    const run = await world.run(
      ['export', '--group', 'lab_team', '--diff', 'g.yaml', '--detailed-exitcode'],
      {
        cwd,
        env: { GTI_SYNC_NOW: '2026-11-26T13:00:00Z' },
      },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
  });

  it('a missing file: FILE_NOT_FOUND before any request', async () => {
    const run = await world.measured(['export', '--group', 'lab_team', '--diff', 'nope.yaml']);
    expectRefusal(run, 'FILE_NOT_FOUND');
    expect(run.requests).toBe(0);
  });

  it('a FILE that is not sound YAML: its problem with the location, before any request', async () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'bad.yaml'), 'version: 1\ngroup: lab_team\ngroup: again\n');
    const run = await world.measured(['export', '--group', 'lab_team', '--diff', 'bad.yaml'], {
      cwd,
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^bad\.yaml:3:1 YAML_DUPLICATE_KEY [^\n]*\n$/);
    expect(run.requests).toBe(0);
  });

  it('-o with --diff: BAD_USAGE', async () => {
    const run = await world.run([
      'export',
      '--group',
      'lab_team',
      '--diff',
      join(REPORT_FIXTURES, 'group.yaml'),
      '-o',
      'x.yaml',
    ]);
    expectRefusal(run, 'BAD_USAGE');
  });

  it('without --group and without group.yaml: NO_GROUP', async () => {
    const run = await world.run(['export']);
    expectRefusal(run, 'NO_GROUP');
  });

  it('a file with an anchor and aliases: the anchored value drifts, the aliases keep theirs', async () => {
    const cwd = emptyDir();
    const text = ANCHORED_FILE;
    writeFileSync(join(cwd, 'group.yaml'), text);
    const run = await world.run(['export', '--diff', 'group.yaml'], { cwd });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    // amy is an administrator with Private Scanning live; root and cat keep `[admin]`.
    expect(changedLines(run.stdout)).toEqual([
      '-    roles: &adm [admin]        # the administrators',
      '+    roles: [admin, private_scanning] # the administrators',
      '-    roles: *adm',
      '+    roles: &adm [admin]',
    ]);
    expect(gitApplyCheck(text, run.stdout)).toBe('');
    const adopted = applyPatch(text, run.stdout);
    expect(adopted).not.toBe(false);
    writeFileSync(join(cwd, 'group.yaml'), String(adopted));
    const plan = await world.run(['plan', '--detailed-exitcode'], { cwd });
    expect(plan.code).toBe(0);
  });
  it('a layout it cannot edit in place: the diff to the yaml rendering, and one line on stderr saying so', async () => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'group.yaml'), FLOW_MEMBERS_FILE);
    const run = await world.run(['export', '--diff', 'group.yaml'], { cwd });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^gti-sync: warning: group\.yaml could not be edited in place \([^\n]+\)[^\n]*restyled\n$/,
    );
    expect(run.stdout).toContain('\n+    {email: dan@lab.example}\n');
    const adopted = applyPatch(FLOW_MEMBERS_FILE, run.stdout);
    expect(adopted).not.toBe(false);
    writeFileSync(join(cwd, 'group.yaml'), String(adopted));
    const plan = await world.run(['plan', '--detailed-exitcode'], { cwd });
    expect(plan.code).toBe(0);
    // Once restyled, the file is one the edits handle: no drift, no diff, no warning.
    const again = await world.run(['export', '--diff', 'group.yaml'], { cwd });
    expect(again).toMatchObject({
      code: 0,
      stdout: '',
      stderr: 'gti-sync: no drift: group.yaml matches the live group\n',
    });
  });
});

/** The live lab_team group as a flow list of members, dan missing: the edits cannot append to it. */
const FLOW_MEMBERS_FILE = `version: 1
group: lab_team
policy:
  members: authoritative
  protected: [root@lab.example]
defaults:
  quotas: {api_requests_daily: 1000}
members: [{email: root@lab.example, roles: [admin]}, {email: amy@lab.example, roles: [admin, private_scanning], quotas: {api_requests_daily: 5000, intelligence_searches_monthly: 2000}}, {email: ben@lab.example, quotas: {intelligence_downloads_monthly: 100}}, {email: cat@lab.example, roles: [admin]}, {email: eve@lab.example}, {email: fay@lab.example, quotas: {api_requests_daily: 2000}}]
service_accounts:
  - name: ingest
    quotas: {api_requests_daily: 50000}
`;

/** The live lab_team group (test/fixtures/reports/seed.yaml) with one anchor and two aliases. */
const ANCHORED_FILE = `version: 1
group: lab_team
policy:
  protected: [root@lab.example]
defaults:
  quotas: {api_requests_daily: 1000}
members:
  - email: amy@lab.example
    roles: &adm [admin]        # the administrators
    quotas: {api_requests_daily: 5000, intelligence_searches_monthly: 2000}
  - email: ben@lab.example
    quotas: {intelligence_downloads_monthly: 100}
  - email: cat@lab.example
    roles: *adm
  - email: dan@lab.example
  - email: eve@lab.example
  - email: fay@lab.example
    quotas: {api_requests_daily: 2000}
  - email: root@lab.example
    roles: *adm
service_accounts:
  - name: ingest
    quotas: {api_requests_daily: 50000}
`;

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

describe('export --diff on the demo world', () => {
  async function demoWorld(): Promise<{ demo: RunningEmulator; cwd: string; text: string }> {
    const demo = await startTestEmulator(repoPath('examples/emulator-seed.yaml'));
    const cwd = emptyDir();
    const text = readFileSync(repoPath('examples/group.yaml'), 'utf8');
    writeFileSync(join(cwd, 'group.yaml'), text);
    return { demo, cwd, text };
  }
  const asAlice = (demo: RunningEmulator, cwd: string) => (argv: string[]) =>
    runReportCli(demo, argv, { cwd, key: 'key-alice' });

  it('right after apply: no diff and exit 0, as plan; declared pending invitations stay', async () => {
    const { demo, cwd } = await demoWorld();
    const cli = asAlice(demo, cwd);
    const before = await cli(['export', '--diff', 'group.yaml', '--detailed-exitcode']);
    expect(before.code).toBe(2);
    // gina is a pending invitation: no drift. frank is not invited yet: plan would add him.
    expect(before.stdout).toContain('\n   - email: gina@acme.example ');
    expect(before.stdout).not.toMatch(/^[+-].*gina@/m);
    expect(before.stdout).toContain('\n-  - email: frank@acme.example ');
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
    const after = await cli(['export', '--diff', 'group.yaml', '--detailed-exitcode']);
    expect(after).toMatchObject({
      code: 0,
      stdout: '',
      stderr: 'gti-sync: no drift: group.yaml matches the live group\n',
    });
  });

  it('after changes made through the API: only those, and adopting the diff makes plan clean', async () => {
    const { demo, cwd, text } = await demoWorld();
    const cli = asAlice(demo, cwd);
    expect((await cli(['apply', '--auto-approve'])).code).toBe(0);
    const headers = { 'x-apikey': 'key-alice', 'content-type': 'application/json' };
    const patch = await fetch(`${demo.url}/users/bob`, {
      method: 'PATCH',
      headers,
      body: JSON.stringify({
        data: { type: 'user', attributes: { quotas: { api_requests_daily: { allowed: 7000 } } } },
      }),
    });
    expect(patch.status).toBe(200);
    const removed = await fetch(`${demo.url}/groups/acme_soc/relationships/users/henry`, {
      method: 'DELETE',
      headers,
    });
    expect(removed.status).toBe(200);

    const run = await cli(['export', '--diff', 'group.yaml', '--detailed-exitcode']);
    expect(run.code).toBe(2);
    expect(changedLines(run.stdout)).toEqual([
      '-      api_requests_daily: 5000    # runs the enrichment notebooks',
      '+      api_requests_daily: 7000    # runs the enrichment notebooks',
      '-  - email: henry@acme.example',
    ]);
    expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(2);

    expect(gitApplyCheck(text, run.stdout)).toBe('');
    const adopted = applyPatch(text, run.stdout);
    expect(adopted).not.toBe(false);
    writeFileSync(join(cwd, 'group.yaml'), String(adopted));
    expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
    const again = await cli(['export', '--diff', 'group.yaml', '--detailed-exitcode']);
    expect(again).toMatchObject({ code: 0, stdout: '' });
  });
});
