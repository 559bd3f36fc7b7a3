/**
 * `plan` over several groups (issue 12): one emulator seeded with three groups, each with its own
 * administrator key; the group files in one directory (with a baseline file, skipped), the keys
 * in GTI_APIKEY_<GROUP>. Asserts codes, markers and request counts, never timings.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator, Seed, SeedUser } from '../../src/emulator/index.js';
import type { MultiPlan } from '../../src/model/multi-group.js';
import { NOW, readStats, resetEmulator, startTestEmulator } from '../support/emulator.js';
import { makeTempDir, writeIn } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';
import { compileSchema } from '../support/schemas.js';

const GROUPS = ['lab', 'north', 'south-east'] as const;
const cap = { api_requests_daily: { allowed: 1000, used: 10 } };

function user(group: string, id: string, admin: boolean): SeedUser {
  return {
    id: `${group.replace('-', '')}${id}`,
    email: `${id}@${group}.example`,
    apikey: `key-${group}-${id}`,
    has_2fa: true,
    group,
    quotas: cap,
    ...(admin ? { roles: ['USER_ROLE_GROUP_ADMIN'] } : {}),
  };
}

function seed(): Seed {
  return {
    now: NOW,
    groups: GROUPS.map((id) => ({ id, organization: id })),
    users: GROUPS.flatMap((g) => [
      user(g, 'ada', true),
      user(g, 'cy', false),
      user(g, 'dan', false),
    ]),
  };
}

function groupFile(group: string, extra = '', head = ''): string {
  const members = ['cy', 'dan', ...(extra === '' ? [] : [extra])]
    .map((id) => `  - email: ${id}@${group}.example\n`)
    .join('');
  return `version: 1\ngroup: ${group}\n${head}defaults:\n  quotas: {api_requests_daily: 1000}\nmembers:\n  - email: ada@${group}.example\n    roles: [admin]\n${members}`;
}

const keys = Object.fromEntries(
  GROUPS.map((g) => [`GTI_APIKEY_${g.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`, `key-${g}-ada`]),
);

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator(seed());
});
beforeEach(async () => {
  await resetEmulator(emu);
});

/** A fresh directory `groups/` holding the three clean files and a baseline. */
function world(files: Partial<Record<string, string>> = {}): string {
  const work = makeTempDir('gti-sync-groups-');
  mkdirSync(join(work, 'groups'));
  for (const g of GROUPS) writeIn(join(work, 'groups'), `${g}.yaml`, files[g] ?? groupFile(g));
  writeIn(join(work, 'groups'), 'baseline.yaml', 'version: 1\npolicy:\n  min_admins: 1\n');
  return work;
}

function run(work: string, argv: string[], env: Record<string, string | undefined> = keys) {
  return runCli(argv, { cwd: work, api: emu, now: NOW, env });
}

/**
 * `command groups` (in `work`) makes exactly the requests of `command groups/G.yaml` for every
 * group G, each run alone with its own key.
 */
async function expectSumOfAlone(command: string, work: string): Promise<void> {
  let alone = 0;
  for (const g of GROUPS) {
    await resetEmulator(emu);
    const r = await run(work, [command, `groups/${g}.yaml`], { GTI_APIKEY: `key-${g}-ada` });
    expect(r.code).toBe(0);
    alone += (await readStats(emu)).requests;
  }
  await resetEmulator(emu);
  expect((await run(work, [command, 'groups'])).code).toBe(0);
  expect((await readStats(emu)).requests).toBe(alone);
}

const schemas = compileSchema('multi-plan', ['plan']);
const applySchema = compileSchema('multi-apply', ['plan', 'multi-plan']);

describe('gti-sync plan DIR', () => {
  it('plans every group with its own key: clean, one section each and a summary', async () => {
    const r = await run(world(), ['plan', 'groups', '--detailed-exitcode']);
    expect(r.stderr).not.toMatch(/GTI_SYNC|key-/);
    expect(r.code).toBe(0);
    for (const g of GROUPS) expect(r.stdout).toContain(`=== group ${g} (groups/${g}.yaml) ===`);
    expect(r.stdout).toContain('3 group(s): 0 with changes, 3 unchanged, 0 failed.');
  });

  it('reads exactly what each group planned alone reads', async () => {
    await expectSumOfAlone('plan', world());
  });

  it('one group with a wrong key fails alone; JSON has the shape of its schema', async () => {
    const work = world({ north: groupFile('north', 'eve') });
    const env = { ...keys, GTI_APIKEY_LAB: 'key-north-ada' };
    const r = await run(work, ['plan', 'groups', '--format', 'json', '--detailed-exitcode'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gti-sync: GROUPS_FAILED: /m);
    const multi = JSON.parse(r.stdout) as MultiPlan;
    expect(schemas(multi), JSON.stringify(schemas.errors)).toBe(true);
    expect(multi.plans.map((p) => p.group)).toEqual(['north', 'south-east']);
    expect(multi.plans[0]?.operations.length).toBeGreaterThan(0);
    expect(multi.errors).toHaveLength(1);
    expect(multi.errors[0]).toMatchObject({ file: 'groups/lab.yaml', group: 'lab' });
    expect(multi.errors[0]?.code).toMatch(/^NOT_GROUP_MEMBER$|^API_/);
  });

  it('a key the API refuses names where it came from: the per-group variable or GTI_APIKEY', async () => {
    const env = { ...keys, GTI_APIKEY_NORTH: 'key-nobody' };
    const multi = await run(world(), ['plan', 'groups', '--format', 'json'], env);
    expect(multi.code).toBe(1);
    const doc = JSON.parse(multi.stdout) as MultiPlan;
    expect(doc.errors).toHaveLength(1);
    expect(doc.errors[0]).toMatchObject({ group: 'north' });
    expect(doc.errors[0]?.message).toContain('GTI_APIKEY_NORTH');
    const single = await run(world(), ['plan', 'groups/lab.yaml'], { GTI_APIKEY: 'key-nobody' });
    expect(single.code).toBe(1);
    expect(single.stderr).toContain('(the API key from GTI_APIKEY)');
    expect(single.stderr).not.toContain('key-nobody');
  });

  it('a group without a key fails alone with NO_API_KEY naming what it tried', async () => {
    const env = { ...keys, GTI_APIKEY_SOUTH_EAST: undefined, GTI_APIKEY: 'key-lab-ada' };
    const r = await run(world(), ['plan', 'groups', '--format', 'json'], env);
    expect(r.code).toBe(1);
    const multi = JSON.parse(r.stdout) as MultiPlan;
    expect(multi.plans).toHaveLength(2);
    expect(multi.errors[0]).toMatchObject({ group: 'south-east', code: 'NO_API_KEY' });
    // GTI_APIKEY is not a fallback when several groups are in play.
    expect(multi.errors[0]?.message).toContain('GTI_APIKEY_SOUTH_EAST');
    expect(multi.errors[0]?.message).not.toMatch(/or GTI_APIKEY\b/);
  });

  it('apikey_env in the file wins', async () => {
    const work = world({ lab: groupFile('lab', '', 'apikey_env: GTI_APIKEY_THE_LAB\n') });
    const env = { ...keys, GTI_APIKEY_LAB: 'wrong', GTI_APIKEY_THE_LAB: 'key-lab-ada' };
    expect((await run(work, ['plan', 'groups'], env)).code).toBe(0);
  });

  it('--apikey-file DIR takes one file per group', async () => {
    const work = world();
    mkdirSync(join(work, 'keys'));
    for (const g of GROUPS) writeIn(join(work, 'keys'), g, `key-${g}-ada\n`);
    const r = await run(work, ['plan', 'groups', '--apikey-file', 'keys'], {});
    expect(r.code).toBe(0);
    const one = await run(work, ['plan', 'groups', '--apikey-file', 'keys/lab'], {});
    // A key file (not a directory) with several groups: each group fails with BAD_FLAG.
    expect(one.code).toBe(1);
    expect(one.stdout.match(/error BAD_FLAG: /g)).toHaveLength(3);
  });

  it('markdown: one comment, a run marker first, one marker per group', async () => {
    const work = world({ lab: groupFile('lab', 'eve') });
    const r = await run(work, ['plan', 'groups', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n', 1)[0]).toBe('<!-- gti-sync:plan groups -->');
    for (const g of GROUPS) {
      expect(r.stdout.split(`<!-- gti-sync:plan group=${g} -->`)).toHaveLength(2);
    }
    expect(r.stdout).toContain('<details open><summary>lab</summary>');
    expect(r.stdout).not.toContain('<summary>north</summary>');
  });

  it('two files of one group, or one email in two groups, fail those groups only', async () => {
    const work = world({
      north: groupFile('lab'),
      'south-east': groupFile('south-east').replace('cy@south-east', 'cy@lab'),
    });
    const r = await run(work, ['plan', 'groups', '--format', 'json']);
    expect(r.code).toBe(1);
    const multi = JSON.parse(r.stdout) as MultiPlan;
    expect(multi.plans).toEqual([]);
    const codes = multi.errors.flatMap((e) => (e.problems ?? []).map((p) => `${p.file} ${p.code}`));
    expect(codes).toContain('groups/lab.yaml DUPLICATE_GROUP');
    expect(codes).toContain('groups/north.yaml DUPLICATE_GROUP');
    expect(codes).toContain('groups/south-east.yaml EMAIL_IN_TWO_GROUPS');
    expect(codes).toContain('groups/lab.yaml EMAIL_IN_TWO_GROUPS');
    expect((await readStats(emu)).requests).toBe(0);
  });

  it('an email written with a YAML escape still clashes across files, before any request', async () => {
    const work = world({
      north: groupFile('north').replace('cy@north.example', '"cy\\x40lab.example"'),
    });
    const r = await run(work, ['plan', 'groups', '--format', 'json']);
    expect(r.code).toBe(1);
    const multi = JSON.parse(r.stdout) as MultiPlan;
    expect(multi.plans.map((p) => p.group)).toEqual(['south-east']);
    const codes = multi.errors.flatMap((e) => (e.problems ?? []).map((p) => `${p.file} ${p.code}`));
    expect(codes).toContain('groups/lab.yaml EMAIL_IN_TWO_GROUPS');
    expect(codes).toContain('groups/north.yaml EMAIL_IN_TWO_GROUPS');
    // Only the group without a clash was read: what it reads alone.
    const used = (await readStats(emu)).requests;
    await resetEmulator(emu);
    const alone = await run(work, ['plan', 'groups/south-east.yaml'], {
      GTI_APIKEY: 'key-south-east-ada',
    });
    expect(alone.code).toBe(0);
    expect(used).toBe((await readStats(emu)).requests);
  });

  it('two groups mapping to one key name: APIKEY_ENV_CLASH for both', async () => {
    const work = world();
    writeIn(
      join(work, 'groups'),
      'south_east.yaml',
      groupFile('south_east').replaceAll('@south_east.', '@se2.'),
    );
    const r = await run(work, ['plan', 'groups', '--format', 'json']);
    expect(r.code).toBe(1);
    const multi = JSON.parse(r.stdout) as MultiPlan;
    expect(multi.errors.map((e) => e.code)).toEqual(['APIKEY_ENV_CLASH', 'APIKEY_ENV_CLASH']);
    expect(multi.plans).toHaveLength(2);
  });

  it('a directory without group files is NO_GROUP_FILES; --groups is checked', async () => {
    const work = makeTempDir('gti-sync-groups-');
    mkdirSync(join(work, 'empty'));
    expect((await run(work, ['plan', 'empty'])).stderr).toMatch(/^gti-sync: NO_GROUP_FILES: /m);
    const r = await run(world(), ['plan', 'groups', '--groups', '0']);
    expect(r.stderr).toMatch(/^gti-sync: BAD_FLAG: /m);
  });

  it('--groups 1 plans them one after another, same answer', async () => {
    const r = await run(world(), ['plan', 'groups', '--groups', '1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 group(s): 0 with changes, 3 unchanged, 0 failed.');
  });
});

describe('gti-sync apply DIR', () => {
  it('a wrong key fails its group alone; the others apply; then plan is clean for them', async () => {
    const work = world({ lab: groupFile('lab', 'eve'), north: groupFile('north', 'eve') });
    writeIn(
      join(work, 'groups'),
      'south-east.yaml',
      groupFile('south-east').replace('  - email: dan@south-east.example\n', ''),
    );
    const env = { ...keys, GTI_APIKEY_LAB: 'key-north-ada' };
    const r = await run(work, ['apply', 'groups', '--auto-approve', '--format', 'json'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gti-sync: GROUPS_FAILED: /m);
    const out = JSON.parse(r.stdout) as {
      version: 1;
      reports: { group: string }[];
      errors: { group: string }[];
    };
    expect(applySchema(out), JSON.stringify(applySchema.errors)).toBe(true);
    expect(out.reports.map((x) => x.group).sort()).toEqual(['north', 'south-east']);
    expect(out.errors.map((e) => e.group)).toEqual(['lab']);
    const again = await run(work, [
      'plan',
      'groups/north.yaml',
      'groups/south-east.yaml',
      '--detailed-exitcode',
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('2 group(s): 0 with changes, 2 unchanged, 0 failed.');
  });

  it('--plan binds each group to its reviewed plan: a changed group is refused alone', async () => {
    const work = world({ lab: groupFile('lab', 'eve'), north: groupFile('north', 'eve') });
    expect((await run(work, ['plan', 'groups', '--out', 'plans.json'])).code).toBe(0);
    writeIn(join(work, 'groups'), 'north.yaml', groupFile('north', 'fay'));
    const r = await run(work, [
      'apply',
      'groups',
      '--plan',
      'plans.json',
      '--auto-approve',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      reports: { group: string }[];
      errors: { group: string; code: string }[];
    };
    expect(out.reports.map((x) => x.group)).toEqual(['lab']);
    expect(out.errors).toMatchObject([{ group: 'north', code: 'STALE_PLAN' }]);
  });

  it('without a terminal and --auto-approve: APPROVAL_REQUIRED, nothing written', async () => {
    const r = await run(world({ lab: groupFile('lab', 'eve') }), ['apply', 'groups']);
    expect(r.stderr).toMatch(/^gti-sync: APPROVAL_REQUIRED: /m);
    const writes = Object.keys((await readStats(emu)).by_route).filter((k) => !k.startsWith('GET'));
    expect(writes).toEqual([]);
  });

  it('--journal keeps one file for every group applied, each line naming its group', async () => {
    const work = world({ lab: groupFile('lab', 'eve'), north: groupFile('north', 'eve') });
    const r = await run(work, ['apply', 'groups', '--auto-approve', '--journal', 'j.jsonl']);
    expect(r.code).toBe(0);
    const lines = readFileSync(join(work, 'j.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { group: string; email: string | null });
    expect(new Set(lines.map((l) => l.group))).toEqual(new Set(['lab', 'north']));
    expect(lines.map((l) => l.email)).toContain('eve@north.example');
  });

  it('--journal that cannot be written fails before any request', async () => {
    const work = world({ lab: groupFile('lab', 'eve') });
    const r = await run(work, [
      'apply',
      'groups',
      '--auto-approve',
      '--journal',
      'no/such/dir/j.jsonl',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gti-sync: FILE_UNWRITABLE: /m);
    expect((await readStats(emu)).requests).toBe(0);
  });

  it('targeted-run flags are refused over several groups (BAD_FLAG), before any request', async () => {
    const work = world({ lab: groupFile('lab', 'eve') });
    for (const argv of [
      ['plan', 'groups', '--target', 'eve@lab.example'],
      ['apply', 'groups', '--auto-approve', '--no-removals'],
      ['apply', 'groups', '--auto-approve', '--only', 'add_member'],
    ]) {
      const r = await run(work, argv);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^gti-sync: BAD_FLAG: /m);
    }
    expect((await readStats(emu)).requests).toBe(0);
  });

  it('a plan file that is not a multi-group plan is BAD_PLAN_FILE', async () => {
    const work = world();
    writeIn(work, 'bad.json', '{"version": 1}');
    const r = await run(work, ['apply', 'groups', '--plan', 'bad.json', '--auto-approve']);
    expect(r.stderr).toMatch(/^gti-sync: BAD_PLAN_FILE: /m);
  });
});

describe('--changed-files: only the groups a change touches', () => {
  it('plans the groups whose file or baseline is listed, and reads only those', async () => {
    const work = world({
      lab: groupFile('lab', 'eve', 'extends: baseline.yaml\n'),
      north: groupFile('north', 'eve'),
      'south-east': groupFile('south-east', 'eve'),
    });
    writeIn(work, 'changed.txt', 'README.md\n./groups/baseline.yaml\ngroups/north.yaml\n\n');
    const r = await run(work, [
      'plan',
      'groups',
      '--changed-files',
      'changed.txt',
      '--format',
      'json',
      '--detailed-exitcode',
    ]);
    expect(r.code).toBe(2);
    const multi = JSON.parse(r.stdout) as MultiPlan;
    expect(schemas(multi), JSON.stringify(schemas.errors)).toBe(true);
    expect(multi.plans.map((p) => p.group)).toEqual(['lab', 'north']);
    expect(r.stderr).toMatch(/^gti-sync: 1 group file\(s\) left out, .*groups\/south-east\.yaml$/m);
    const both = (await readStats(emu)).requests;
    await resetEmulator(emu);
    expect((await run(work, ['plan', 'groups/lab.yaml', 'groups/north.yaml'])).code).toBe(0);
    expect((await readStats(emu)).requests).toBe(both);
  });

  it('nothing relevant changed: no group planned, no request, exit 0', async () => {
    const work = world({ north: groupFile('north', 'eve') });
    writeIn(work, 'changed.txt', 'docs/readme.md\n');
    const r = await run(work, [
      'plan',
      'groups',
      '--changed-files',
      'changed.txt',
      '--format',
      'json',
      '--detailed-exitcode',
    ]);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as MultiPlan).plans).toEqual([]);
    expect((await readStats(emu)).requests).toBe(0);
  });

  it('apply with --plan and --changed-files applies only the listed groups', async () => {
    const work = world({ lab: groupFile('lab', 'eve'), north: groupFile('north', 'eve') });
    writeIn(work, 'changed.txt', 'groups/lab.yaml\n');
    const changed = ['--changed-files', 'changed.txt'];
    expect((await run(work, ['plan', 'groups', ...changed, '--out', 'plans.json'])).code).toBe(0);
    const r = await run(work, [
      'apply',
      'groups',
      ...changed,
      '--plan',
      'plans.json',
      '--auto-approve',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { reports: { group: string }[]; errors: unknown[] };
    expect(out.reports.map((x) => x.group)).toEqual(['lab']);
    expect(out.errors).toEqual([]);
    // north still has its unreviewed change: untouched.
    const north = await run(work, ['plan', 'groups/north.yaml', '--detailed-exitcode'], {
      GTI_APIKEY: 'key-north-ada',
    });
    expect(north.code).toBe(2);
  });

  it('a broken file is never left out: a bad baseline listed fails its group (GROUPS_FAILED)', async () => {
    const work = world({ lab: groupFile('lab', '', 'extends: baseline.yaml\n') });
    writeIn(
      join(work, 'groups'),
      'baseline.yaml',
      'version: 1\npolicy:\n  min_admins: 1\npolicy: {}\n',
    );
    writeIn(work, 'changed.txt', 'groups/baseline.yaml\n');
    const r = await run(work, [
      'plan',
      'groups',
      '--changed-files',
      'changed.txt',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gti-sync: GROUPS_FAILED: /m);
    const multi = JSON.parse(r.stdout) as MultiPlan;
    expect(multi.errors.map((e) => e.file)).toEqual(['groups/lab.yaml']);
  });

  it('paths are relative to the repository root, also when run from a subdirectory', async () => {
    const work = world({ north: groupFile('north', 'eve') });
    mkdirSync(join(work, '.git'));
    writeIn(work, 'changed.txt', 'groups/north.yaml\n');
    const r = await runCli(['plan', '.', '--changed-files', '../changed.txt', '--format', 'json'], {
      cwd: join(work, 'groups'),
      api: emu,
      now: NOW,
      env: keys,
    });
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as MultiPlan).plans.map((p) => p.group)).toEqual(['north']);
  });

  it('a --changed-files that is a directory is refused before any request', async () => {
    const work = world();
    const r = await run(work, ['plan', 'groups', '--changed-files', 'groups']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gti-sync: FILE_UNREADABLE: /m);
    expect((await readStats(emu)).requests).toBe(0);
  });

  it('refuses the flag for one group file, and a list that does not exist', async () => {
    const work = world();
    writeIn(work, 'changed.txt', 'groups/lab.yaml\n');
    const single = await run(work, ['plan', 'groups/lab.yaml', '--changed-files', 'changed.txt']);
    expect(single.code).toBe(1);
    expect(single.stderr).toMatch(/^gti-sync: BAD_FLAG: /m);
    const missing = await run(work, ['apply', 'groups', '--changed-files', 'none.txt']);
    expect(missing.stderr).toMatch(/^gti-sync: FILE_NOT_FOUND: /m);
    expect((await readStats(emu)).requests).toBe(0);
  });
});

describe('gti-sync audit DIR', () => {
  /** north's file no longer declares dan: one undeclared_member finding in north only. */
  const drifted = (): string =>
    world({ north: groupFile('north').replace('  - email: dan@north.example\n', '') });

  it('csv: one table across the groups, group first; --detailed-exitcode exits 2', async () => {
    const r = await run(drifted(), ['audit', 'groups', '--format', 'csv', '--detailed-exitcode']);
    expect(r.code).toBe(2);
    const lines = r.stdout.trim().split(/\r?\n/);
    expect(lines[0]).toBe('group,kind,email,user_id,actor,actor_email,date,message');
    expect(lines.filter((l) => l.startsWith('group,'))).toHaveLength(1);
    const rows = lines.slice(1).map((l) => l.split(',').slice(0, 3));
    expect(rows).toContainEqual(['north', 'undeclared_member', 'dan@north.example']);
    expect(rows.every(([g]) => g === 'north')).toBe(true);
  });

  it('markdown: one findings table with a GROUP column and a summary', async () => {
    const r = await run(drifted(), ['audit', 'groups', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/^\| GROUP \| KIND /gm)).toHaveLength(1);
    expect(r.stdout).toMatch(/^\| north \| undeclared_member \| dan@north\.example /m);
    expect(r.stdout).toContain('3 group(s): 1 with findings, 2 without, 0 failed.');
  });

  it('clean groups: text sections, exit 0 with --detailed-exitcode', async () => {
    const r = await run(world(), ['audit', 'groups', '--detailed-exitcode']);
    expect(r.code).toBe(0);
    for (const g of GROUPS) expect(r.stdout).toContain(`=== group ${g} ===`);
    expect(r.stdout).toContain('3 group(s): 0 with findings, 3 without, 0 failed.');
  });

  it('reads exactly what each group audited alone reads', async () => {
    await expectSumOfAlone('audit', drifted());
  });

  it('json {version, audits, errors}: a wrong key fails its group alone (GROUPS_FAILED)', async () => {
    const env = { ...keys, GTI_APIKEY_LAB: 'key-north-ada' };
    const r = await run(drifted(), ['audit', 'groups', '--format', 'json'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gti-sync: GROUPS_FAILED: /m);
    const out = JSON.parse(r.stdout) as {
      version: number;
      audits: { group: string; findings: { kind: string }[] }[];
      errors: { file: string; group: string; code: string }[];
    };
    expect(Object.keys(out).sort()).toEqual(['audits', 'errors', 'version']);
    expect(out.version).toBe(1);
    expect(out.audits.map((a) => a.group)).toEqual(['north', 'south-east']);
    expect(out.audits[0]?.findings.map((f) => f.kind)).toContain('undeclared_member');
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatchObject({ file: 'groups/lab.yaml', group: 'lab' });
  });

  it('csv with a failed group: the table stays one table, the failure goes to stderr', async () => {
    const env = { ...keys, GTI_APIKEY_LAB: undefined };
    const r = await run(world(), ['audit', 'groups', '--format', 'csv'], env);
    expect(r.code).toBe(1);
    expect(r.stdout.trim()).toBe('group,kind,email,user_id,actor,actor_email,date,message');
    expect(r.stderr).toMatch(/group lab \(groups\/lab\.yaml\) failed: NO_API_KEY: /);
  });

  it('--groups is checked (BAD_FLAG) before any request', async () => {
    const r = await run(world(), ['audit', 'groups', '--groups', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gti-sync: BAD_FLAG: /m);
    expect((await readStats(emu)).requests).toBe(0);
  });
});

describe('gti-sync export --diff DIR', () => {
  it('one diff per drifted group, each naming its file; --detailed-exitcode exits 2', async () => {
    const work = world({ north: groupFile('north').replace('  - email: dan@north.example\n', '') });
    const r = await run(work, ['export', '--diff', 'groups', '--detailed-exitcode']);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('--- groups/north.yaml');
    expect(r.stdout).toContain('+  - email: dan@north.example');
    expect(r.stdout).not.toContain('groups/lab.yaml');
    expect(r.stderr).toContain('3 group(s): 1 with drift, 2 without, 0 failed');
  });

  it('several files after --diff; a group without a key fails alone (GROUPS_FAILED)', async () => {
    const env = { ...keys, GTI_APIKEY_LAB: undefined };
    const r = await run(
      world(),
      ['export', '--diff', 'groups/lab.yaml', 'groups/north.yaml', '--detailed-exitcode'],
      env,
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/group lab \(groups\/lab\.yaml\) failed: NO_API_KEY: /);
    expect(r.stderr).toMatch(/^gti-sync: GROUPS_FAILED: /m);
  });

  it('a file argument without --diff, or --group with several files: BAD_USAGE, no request', async () => {
    const work = world();
    for (const argv of [
      ['export', 'groups/lab.yaml'],
      ['export', '--diff', 'groups', '--group', 'lab'],
    ]) {
      const r = await run(work, argv);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^gti-sync: BAD_USAGE: /m);
    }
    expect((await readStats(emu)).requests).toBe(0);
  });
});
