import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  CALLER_KEY,
  FIXTURES,
  startCliWorld,
  startFailingProxy,
  type CliRun,
  type CliWorld,
} from './apply-world.js';
import { makeTempDir } from '../support/paths.js';

let world: CliWorld;
let tmp: string;
const outputs: CliRun[] = [];

beforeEach(async () => {
  world = await startCliWorld();
  tmp = makeTempDir('gti-sync-apply-');
});

/** Runs the CLI and keeps the output, so the last test can look for the key in all of it. */
async function run(argv: string[], options?: Parameters<CliWorld['run']>[1]): Promise<CliRun> {
  const result = await world.run(argv, options);
  outputs.push(result);
  return result;
}

/** The fields of an operation in the JSON contract (design §3), in the order they are written. */
const OPERATION_FIELDS = [
  'kind',
  'email',
  'user_id',
  'service_account',
  'role',
  'quota',
  'from',
  'to',
  'source',
];

function errorCode(result: CliRun): string | undefined {
  return /^gti-sync: ([A-Z_]+):/m.exec(result.stderr)?.[1];
}

describe('gti-sync apply', () => {
  it('applies every kind of change, reports it, and a second plan is clean', async () => {
    const result = await run(['apply', 'group.yaml', '--auto-approve']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // The plan is shown first, then the report.
    expect(result.stdout.indexOf('newbie@acme.example')).toBeLessThan(
      result.stdout.indexOf('done '),
    );
    expect(result.stdout).toMatch(/invited +nobody@acme\.example/);
    expect(result.stdout).toMatch(/Apply complete: 12 done, 0 failed, 1 skipped, 1 invited\.\n$/);

    // Requests at the formula: 1 add, 1 creation, 1 Manage Roles, 1 service-account caps and
    // roles (endpoint 21), 1 removal.
    expect(await world.writes()).toEqual({
      'POST /groups/{gid}/relationships/users': 1,
      'POST /groups/{gid}/relationships/service_accounts': 1,
      'PATCH /groups/{gid}/relationships/users': 1,
      'PATCH /groups/{gid}/relationships/service_accounts': 1,
      'DELETE /groups/{gid}/relationships/users/{uid}': 1,
    });

    const again = await run(['plan', 'group.yaml', '--detailed-exitcode']);
    expect(again.code).toBe(0);
    const noop = await run(['apply', 'group.yaml', '--auto-approve']);
    expect(noop.code).toBe(0);
    // One "No changes" line, the plan's, not two.
    expect(noop.stdout.match(/No changes/g)).toHaveLength(1);
    expect(Object.values(await world.writes()).reduce((a, b) => a + b, 0)).toBe(5);
  });

  it('converges on a declared cap of 10^9 or more ("no personal cap")', async () => {
    const base = await readFile(join(FIXTURES, 'group.yaml'), 'utf8');
    const file = join(tmp, 'unlimited.yaml');
    await writeFile(
      file,
      base.replace(
        'quotas: { api_requests_daily: 500 }',
        'quotas: { api_requests_daily: 1000000000, intelligence_searches_monthly: 2000000000 }',
      ),
    );
    expect((await run(['apply', file, '--auto-approve'])).code).toBe(0);
    expect((await run(['plan', file, '--detailed-exitcode'])).code).toBe(0);
  });

  it('prints the report as one JSON document with --format json (the plan goes to stderr)', async () => {
    const result = await run(['apply', 'group.yaml', '--auto-approve', '--format', 'json']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual([
      'group',
      'fingerprint',
      'done',
      'failed',
      'skipped',
      'invited',
    ]);
    expect(report).toMatchObject({ group: 'acme', failed: [], invited: ['nobody@acme.example'] });
    expect(report['fingerprint']).toMatch(/^sha256:/);
    expect((report['done'] as unknown[]).length).toBe(12);
    expect(result.stderr).toContain('newbie@acme.example');

    const empty = await run(['apply', 'group.yaml', '--auto-approve', '--format', 'json']);
    expect(JSON.parse(empty.stdout)).toMatchObject({
      done: [],
      failed: [],
      skipped: [],
      invited: [],
    });
  });

  it.each([
    ['too-many-removals.yaml', 'TOO_MANY_REMOVALS'],
    ['removes-caller.yaml', 'REMOVES_CALLER'],
    ['demotes-caller.yaml', 'DEMOTES_CALLER'],
    ['touches-protected.yaml', 'TOUCHES_PROTECTED'],
    ['below-min-admins.yaml', 'BELOW_MIN_ADMINS'],
    ['already-below-floor.yaml', 'BELOW_MIN_ADMINS'],
    ['id-mismatch.yaml', 'ID_MISMATCH'],
  ])('refuses %s (%s) and changes nothing', async (file, safetyCode) => {
    const before = await world.state();
    const result = await run(['apply', file, '--auto-approve']);
    expect(result.code).toBe(1);
    expect(errorCode(result)).toBe('UNSAFE_PLAN');
    expect(result.stderr).toContain(safetyCode);
    expect(await world.state()).toEqual(before);
    expect(await world.writes()).toEqual({});
  });

  it('--force passes the removal ratio, and only that', async () => {
    const forced = await run(['apply', 'too-many-removals.yaml', '--auto-approve', '--force']);
    expect(forced.code).toBe(0);
    const members = (await world.state()).users
      ?.filter((u) => u.group === 'acme')
      .map((u) => u.id)
      .sort();
    expect(members).toEqual(['ada', 'boss', 'm1', 'm2']);

    const before = await world.state();
    for (const file of [
      'removes-caller.yaml',
      'demotes-caller.yaml',
      'touches-protected.yaml',
      'below-min-admins.yaml',
      'id-mismatch.yaml',
    ]) {
      const refused = await run(['apply', file, '--auto-approve', '--force']);
      expect(refused.code).toBe(1);
      expect(errorCode(refused)).toBe('UNSAFE_PLAN');
    }
    expect(await world.state()).toEqual(before);
  });

  it('applies a saved plan that is still current, and refuses a stale one (STALE_PLAN)', async () => {
    const planFile = join(tmp, 'plan.json');
    expect((await run(['plan', 'group.yaml', '--out', planFile])).code).toBe(0);
    // Someone changes the group between review and apply.
    const change = await fetch(`${world.server.url}/groups/acme/relationships/users`, {
      method: 'PATCH',
      headers: { 'x-apikey': CALLER_KEY, 'content-type': 'application/json' },
      body: JSON.stringify({
        data: [
          {
            type: 'user',
            id: 'm5',
            context_attributes: { add_roles: ['USER_ROLE_PRIVATE_SCANNING'] },
          },
        ],
      }),
    });
    expect(change.status).toBe(200);
    const before = await world.state();
    const writesBefore = await world.writes();

    const stale = await run(['apply', 'group.yaml', '--plan', planFile, '--auto-approve']);
    expect(stale.code).toBe(1);
    expect(errorCode(stale)).toBe('STALE_PLAN');
    expect(await world.state()).toEqual(before);
    expect(await world.writes()).toEqual(writesBefore);

    expect((await run(['plan', 'group.yaml', '--out', planFile])).code).toBe(0);
    const fresh = await run(['apply', 'group.yaml', '--plan', planFile, '--auto-approve']);
    expect(fresh.code).toBe(0);
    expect((await run(['plan', 'group.yaml', '--detailed-exitcode'])).code).toBe(0);
  });

  it('STALE_PLAN says what changed: the live group, the file, or another file', async () => {
    const original = await readFile(join(FIXTURES, 'group.yaml'), 'utf8');
    const planFile = join(tmp, 'plan.json');
    const copy = join(tmp, 'copy.yaml');
    await writeFile(copy, original);
    expect((await run(['plan', copy, '--out', planFile])).code).toBe(0);
    const saved = JSON.parse(await readFile(planFile, 'utf8')) as { source: object };
    expect(saved.source).toEqual({
      file: copy,
      sha256: createHash('sha256').update(original).digest('hex'),
    });
    // The copy edited after the review (m3 dropped): the file changed.
    await writeFile(copy, original.replace('  - email: m3@acme.example\n', ''));
    const edited = await run(['apply', copy, '--plan', planFile, '--auto-approve']);
    expect(errorCode(edited)).toBe('STALE_PLAN');
    expect(edited.stderr).toContain(`${copy} changed since the plan was saved`);
    // Applied to another file (with other contents) than the one planned.
    const otherFile = join(tmp, 'other.yaml');
    await writeFile(otherFile, original.replace('  - email: m3@acme.example\n', ''));
    const other = await run(['apply', otherFile, '--plan', planFile, '--auto-approve']);
    expect(errorCode(other)).toBe('STALE_PLAN');
    expect(other.stderr).toContain(`the plan was made from ${copy}`);
    expect(other.stderr).toContain(`not from ${otherFile}`);
    // The same file, unchanged, while the live group moved.
    expect((await run(['plan', 'group.yaml', '--out', planFile])).code).toBe(0);
    const moved = await run(['apply', 'group.yaml', '--auto-approve', '--only', 'set_quota']);
    expect(moved.code).toBe(0);
    const live = await run(['apply', 'group.yaml', '--plan', planFile, '--auto-approve']);
    expect(errorCode(live)).toBe('STALE_PLAN');
    expect(live.stderr).toContain('group.yaml is the file the plan was made from, unchanged');
  });

  it('binds a saved plan to the file, not to how its path was written', async () => {
    const planFile = join(tmp, 'plan.json');
    expect((await run(['plan', 'group.yaml', '--out', planFile])).code).toBe(0);
    const result = await run(['apply', './group.yaml', '--plan', planFile, '--auto-approve']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Apply complete');
  });

  it('refuses a saved plan whose operations were edited after plan --out (BAD_PLAN_FILE)', async () => {
    const planFile = join(tmp, 'plan.json');
    expect((await run(['plan', 'group.yaml', '--out', planFile])).code).toBe(0);
    const saved = JSON.parse(await readFile(planFile, 'utf8')) as {
      operations: { kind: string }[];
    };
    // The removal is taken out of what a reviewer of the file would see; the fingerprint is kept.
    const edited = saved.operations.filter((op) => op.kind !== 'remove_member');
    expect(edited.length).toBe(saved.operations.length - 1);
    await writeFile(planFile, JSON.stringify({ ...saved, operations: edited }));
    const before = await world.state();
    const result = await run(['apply', 'group.yaml', '--plan', planFile, '--auto-approve']);
    expect(result.code).toBe(1);
    expect(errorCode(result)).toBe('BAD_PLAN_FILE');
    expect(await world.state()).toEqual(before);
    expect(await world.writes()).toEqual({});
  });

  it('refuses a saved plan of another group (STALE_PLAN) and unreadable ones (BAD_PLAN_FILE with a location)', async () => {
    const planFile = join(tmp, 'plan.json');
    expect((await run(['plan', 'group.yaml', '--out', planFile])).code).toBe(0);
    const saved = JSON.parse(await readFile(planFile, 'utf8')) as Record<string, unknown>;
    await writeFile(planFile, JSON.stringify({ ...saved, group: 'other' }));
    const otherGroup = await run(['apply', 'group.yaml', '--plan', planFile, '--auto-approve']);
    expect(errorCode(otherGroup)).toBe('STALE_PLAN');

    const missing = await run(['apply', 'group.yaml', '--plan', 'nowhere.json', '--auto-approve']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^gti-sync: BAD_PLAN_FILE: nowhere\.json: /);
    const requestsBefore = (await world.stats()).requests;

    const broken = join(tmp, 'broken.json');
    await writeFile(broken, '{\n  "version": 1,\n  "group": }\n');
    const notJson = await run(['apply', 'group.yaml', '--plan', broken, '--auto-approve']);
    expect(notJson.stderr).toMatch(/^gti-sync: BAD_PLAN_FILE: .*broken\.json:3:\d+: /);

    const notPlan = join(tmp, 'not-a-plan.json');
    await writeFile(notPlan, '{"hello": "world"}');
    const wrongShape = await run(['apply', 'group.yaml', '--plan', notPlan, '--auto-approve']);
    expect(errorCode(wrongShape)).toBe('BAD_PLAN_FILE');
    // A bad saved plan is refused before any request.
    expect((await world.stats()).requests).toBe(requestsBefore);
    expect(await world.writes()).toEqual({});
  });

  it('refuses to run unattended without --auto-approve (APPROVAL_REQUIRED)', async () => {
    const before = await world.state();
    const result = await run(['apply', 'group.yaml']);
    expect(result.code).toBe(1);
    expect(errorCode(result)).toBe('APPROVAL_REQUIRED');
    expect(result.prompts).toEqual([]);
    expect(await world.state()).toEqual(before);
  });

  it('asks on a terminal, and applies only on "yes"', async () => {
    const before = await world.state();
    // The prompt is on stderr: after Ctrl-D (no answer) the error starts on a line of its own;
    // after an answer the terminal's echo of Enter already ended the line.
    const promptLineEnded = /(^|\n)\ngti-sync: APPLY_CANCELLED: /;
    for (const answer of ['no', null]) {
      const declined = await run(['apply', 'group.yaml'], { stdinIsTTY: true, answer });
      expect(declined.code).toBe(1);
      expect(errorCode(declined)).toBe('APPLY_CANCELLED');
      expect(promptLineEnded.test(declined.stderr)).toBe(answer === null);
    }
    expect(await world.state()).toEqual(before);

    const accepted = await run(['apply', 'group.yaml'], { stdinIsTTY: true, answer: 'yes' });
    expect(accepted.prompts).toEqual(['Apply these 14 changes to group acme? Type "yes": ']);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toContain('Apply complete');
  });

  it('reports a bad item (exit 1, APPLY_INCOMPLETE), applies the rest, and a re-run converges', async () => {
    const result = await run(['apply', 'bad-item.yaml', '--auto-approve']);
    expect(result.code).toBe(1);
    expect(errorCode(result)).toBe('APPLY_INCOMPLETE');
    expect(result.stdout).toMatch(
      /failed +\+ add_member +zed@other\.example +\(API_AlreadyExistsError: /,
    );
    expect(result.stdout).toMatch(/Apply incomplete: 12 done, 1 failed, 2 skipped, 1 invited\./);
    // Every skipped operation says why: zed's add failed, nobody is only invited.
    expect(result.stdout).toMatch(
      /skipped +~ set_quota +zed@other\.example +api_requests_daily: none → 1000 +— adding zed@other\.example failed \(API_AlreadyExistsError\)\n/,
    );
    expect(result.stdout).toMatch(
      /skipped +~ set_quota +nobody@acme\.example +api_requests_daily: none → 1000 +— nobody@acme\.example was invited, not yet a member\n/,
    );
    // The cause goes away (zed leaves the other group's file); the next run finishes the job.
    const rerun = await run(['apply', 'group.yaml', '--auto-approve']);
    expect(rerun.code).toBe(0);
    expect((await run(['plan', 'group.yaml', '--detailed-exitcode'])).code).toBe(0);
  });

  it('reports a write that fails in the middle (HTTP 500), and the next run converges', async () => {
    const proxy = await startFailingProxy(world.server.origin, (write) =>
      write === 3
        ? { status: 500, body: { error: { code: 'InternalError', message: 'boom' } } }
        : undefined,
    );
    try {
      const result = await run(['apply', 'group.yaml', '--auto-approve'], { api: proxy.url });
      expect(result.code).toBe(1);
      expect(errorCode(result)).toBe('APPLY_INCOMPLETE');
      expect(result.stdout).toMatch(
        /^failed +[+~-] \w+ .* \(API_HTTP_500: .*500 InternalError: boom\)$/m,
      );
    } finally {
      await proxy.close();
    }
    expect((await run(['apply', 'group.yaml', '--auto-approve'])).code).toBe(0);
    expect((await run(['plan', 'group.yaml', '--detailed-exitcode'])).code).toBe(0);
  });

  it('stops on a spent quota (QUOTA_EXCEEDED) after the report, and the next run converges', async () => {
    const proxy = await startFailingProxy(world.server.origin, (write) =>
      write >= 2
        ? {
            status: 429,
            body: { error: { code: 'QuotaExceededError', message: 'daily quota exceeded' } },
            headers: { 'retry-after': '0' },
          }
        : undefined,
    );
    try {
      const result = await run(['apply', 'group.yaml', '--auto-approve'], { api: proxy.url });
      expect(result.code).toBe(1);
      expect(errorCode(result)).toBe('QUOTA_EXCEEDED');
      expect(result.stdout).toMatch(/Apply incomplete: \d+ done, 1 failed, \d+ skipped/);
      expect(result.stdout).toMatch(
        /^ *skipped +- remove_member +m6@acme\.example +\(user m6\) +— not tried: the run stopped on QUOTA_EXCEEDED$/m,
      );
    } finally {
      await proxy.close();
    }
    expect((await run(['apply', 'group.yaml', '--auto-approve'])).code).toBe(0);
    expect((await run(['plan', 'group.yaml', '--detailed-exitcode'])).code).toBe(0);
  });

  it('keeps stdout one JSON document when apply is incomplete', async () => {
    const result = await run(['apply', 'bad-item.yaml', '--auto-approve', '--format', 'json']);
    expect(result.code).toBe(1);
    expect(errorCode(result)).toBe('APPLY_INCOMPLETE');
    const report = JSON.parse(result.stdout) as {
      failed: { email: string; error: { code: string } }[];
      skipped: Record<string, unknown>[];
    };
    expect(report.failed).toMatchObject([
      { email: 'zed@other.example', error: { code: 'API_AlreadyExistsError' } },
    ]);
    // A skipped operation keeps every field of an operation and adds `reason` and its code.
    expect(report.skipped.map((op) => Object.keys(op))).toEqual([
      [...OPERATION_FIELDS, 'reason', 'reason_code'],
      [...OPERATION_FIELDS, 'reason', 'reason_code'],
    ]);
    expect(report.skipped).toMatchObject([
      {
        kind: 'set_quota',
        email: 'nobody@acme.example',
        reason: 'nobody@acme.example was invited, not yet a member',
        reason_code: 'invited',
      },
      {
        kind: 'set_quota',
        email: 'zed@other.example',
        reason: 'adding zed@other.example failed (API_AlreadyExistsError)',
        reason_code: 'dependency',
      },
    ]);
  });

  it('shows progress on stderr for a long run when stderr is a terminal', async () => {
    const base = await readFile(join(FIXTURES, 'group.yaml'), 'utf8');
    const invitations = Array.from(
      { length: 45 },
      (_, i) => `  - email: inv${i}@acme.example\n`,
    ).join('');
    const file = join(tmp, 'long.yaml');
    await writeFile(file, base.replace('service_accounts:\n', `${invitations}service_accounts:\n`));
    const quiet = await run(['apply', file, '--auto-approve'], { stderrIsTTY: false });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).not.toContain('apply: ');
    await world.close();
    world = await startCliWorld();
    const shown = await run(['apply', file, '--auto-approve'], { stderrIsTTY: true });
    expect(shown.code).toBe(0);
    // The step under way is the status line; a finished step is a line of its own.
    expect(shown.stderr).toContain('\r\x1b[Kapply: add members 40/47');
    const lines = shown.stderr.split('\n').map((l) => l.split('\r\x1b[K').at(-1));
    expect(lines).toContain('apply: add members 47/47');
    expect(lines).toContain('apply: remove members 1/1');
    // Nothing else is written onto a status line: every other write first clears it.
    expect(shown.stderr).not.toMatch(/apply: [a-z ]+\d+\/\d+(?=[^\d\r\n])/);
    expect(shown.stdout).toMatch(/invited +inv44@acme\.example/);
  });

  it('rejects a bad --format with BAD_FORMAT, worded like plan and validate, before reading anything', async () => {
    for (const format of ['xml', 'markdown']) {
      const result = await run(['apply', 'group.yaml', '--format', format]);
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `gti-sync: BAD_FORMAT: --format must be one of text, json, got "${format}"\n`,
      );
    }
    const plan = await run(['plan', 'group.yaml', '--format', 'xml']);
    expect(plan.stderr).toBe(
      'gti-sync: BAD_FORMAT: --format must be one of text, json, markdown, got "xml"\n',
    );
    expect((await world.stats()).requests).toBe(0);
  });

  it('fails on a missing group file (FILE_NOT_FOUND) without a request', async () => {
    const result = await run(['apply', 'nowhere.yaml', '--auto-approve']);
    expect(result.code).toBe(1);
    expect(errorCode(result)).toBe('FILE_NOT_FOUND');
    expect((await world.stats()).requests).toBe(0);
  });

  it('never prints the API key, whatever happens', async () => {
    const own = [
      await run(['plan', 'group.yaml']),
      await run(['apply', 'removes-caller.yaml', '--auto-approve']),
      await run(['apply', 'group.yaml', '--plan', 'nowhere.json']),
      await run(['apply', 'group.yaml']),
      await run(['apply', 'bad-item.yaml', '--auto-approve', '--format', 'json']),
      await run(['apply', 'group.yaml', '--auto-approve']),
    ];
    expect(own.map((r) => r.code)).toEqual([0, 1, 1, 1, 1, 0]);
    // This test's runs and those of every test before it in this file.
    for (const output of outputs) {
      expect(output.stdout).not.toContain(CALLER_KEY);
      expect(output.stderr).not.toContain(CALLER_KEY);
    }
  });
});
