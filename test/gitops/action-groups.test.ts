/**
 * The action over a directory of group files (`file: groups/`), as the multi-group workflows use
 * it: action/run.mjs runs the real CLI against the real emulator seeded with two groups, each key
 * in its own GTI_APIKEY_<GROUP> of the step's env. Outputs, summary and markdown for many groups;
 * `--changed-files` passed through `args` (checked with a stand-in CLI).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAction } from '../../action/run.mjs';
import type { SpawnFn } from '../../action/run.mjs';
import type { RunningEmulator, Seed, SeedUser } from '../../src/emulator/index.js';
import type { MultiPlan } from '../../src/model/multi-group.js';
import { NOW, resetEmulator, startTestEmulator } from '../support/emulator.js';
import { makeTempDir } from '../support/paths.js';
import { quietSpawn, readStepOutputs, runnerStepEnv } from './gitops-files.js';

const GROUPS = ['lab', 'north'] as const;
const KEYS = { GTI_APIKEY_LAB: 'key-lab-ada', GTI_APIKEY_NORTH: 'key-north-ada' };

function user(group: string, id: string, admin: boolean): SeedUser {
  return {
    id: `${group}${id}`,
    email: `${id}@${group}.example`,
    apikey: `key-${group}-${id}`,
    has_2fa: true,
    group,
    ...(admin ? { roles: ['USER_ROLE_GROUP_ADMIN'] } : {}),
  };
}

const seed: Seed = {
  now: NOW,
  groups: GROUPS.map((id) => ({ id, organization: id })),
  users: GROUPS.flatMap((g) => [user(g, 'ada', true), user(g, 'cy', false)]),
};

/** The file of `group`: its two live members, and `extra` ones to add. */
function groupFile(group: string, extra: string[] = []): string {
  const members = ['cy', ...extra].map((id) => `  - email: ${id}@${group}.example\n`).join('');
  return `version: 1\ngroup: ${group}\nmembers:\n  - email: ada@${group}.example\n    roles: [admin]\n${members}`;
}

let server: RunningEmulator;
let temp: string;
let work: string;
let log: string[];
const sink = { write: (text: string) => log.push(text) };

beforeAll(async () => {
  server = await startTestEmulator(seed);
});
beforeEach(async () => {
  await resetEmulator(server);
  temp = makeTempDir('gti-action-groups-');
  work = makeTempDir('gti-action-groups-work-');
  mkdirSync(join(work, 'groups'));
  writeFileSync(join(work, 'groups', 'lab.yaml'), groupFile('lab'));
  writeFileSync(join(work, 'groups', 'north.yaml'), groupFile('north', ['dan']));
  writeFileSync(join(work, 'groups', 'baseline.yaml'), 'version: 1\npolicy:\n  min_admins: 1\n');
  log = [];
});

/** The step: action.yml's env for `inputs`, the runner's files, the keys as the workflow maps them. */
const stepEnv = (inputs: Record<string, string>, keys: Record<string, string> = KEYS) =>
  runnerStepEnv(
    temp,
    { file: 'groups/', 'plan-file': join(temp, 'plans.json'), ...inputs },
    { GTI_API_URL: server.url, GTI_SYNC_NOW: NOW, ...keys },
  );
const run = (inputs: Record<string, string>, keys?: Record<string, string>) =>
  runAction(stepEnv(inputs, keys), quietSpawn, { cwd: work, log: sink });
const read = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');
const outputs = () => readStepOutputs(temp);

describe('the action over a directory, against the emulator', () => {
  it('plan: has_changes over all groups, the multi-group JSON as plan_file, one marked comment, no key anywhere', async () => {
    expect(await run({ command: 'plan' })).toBe(0);
    const values = outputs();
    expect(values).toMatchObject({
      exit_code: '2',
      error_code: '',
      has_changes: 'true',
      fingerprint: '',
      plan_file: join(temp, 'plans.json'),
    });
    const multi = JSON.parse(read(values['plan_file'] as string)) as MultiPlan;
    expect(multi.plans.map((p) => [p.group, p.operations.length])).toEqual([
      ['lab', 0],
      ['north', 1],
    ]);
    const markdown = read(values['markdown_file'] as string);
    expect(markdown.split('\n', 1)[0]).toBe('<!-- gti-sync:plan groups -->');
    for (const g of GROUPS) expect(markdown).toContain(`<!-- gti-sync:plan group=${g} -->`);
    // The CLI appends the plan to the summary; the action does not append it again.
    expect(read(join(temp, 'summary')).split('<!-- gti-sync:plan groups -->')).toHaveLength(2);
    for (const file of [join(temp, 'output'), join(temp, 'summary'), join(temp, 'plans.json')]) {
      for (const key of Object.values(KEYS)) expect(read(file)).not.toContain(key);
    }
    expect(log.join('')).toBe(
      Object.values(KEYS)
        .map((key) => `::add-mask::${key}\n`)
        .join(''),
    );
  });

  it('plan with --changed-files through args: only the changed group is planned, the rest left out', async () => {
    const list = join(temp, 'changed.txt');
    writeFileSync(list, 'groups/north.yaml\n.github/workflows/plan.yml\n');
    expect(await run({ command: 'plan', args: `--changed-files ${list}` })).toBe(0);
    const values = outputs();
    expect(values).toMatchObject({ exit_code: '2', has_changes: 'true' });
    const multi = JSON.parse(read(values['plan_file'] as string)) as MultiPlan;
    expect(multi.plans.map((p) => p.group)).toEqual(['north']);
    // Nothing relevant changed: an empty multi-plan is still saved (the upload step needs it).
    writeFileSync(list, 'README.md\n');
    expect(await run({ command: 'plan', args: `--changed-files ${list}` })).toBe(0);
    const quiet = outputs();
    expect(quiet).toMatchObject({ exit_code: '0', has_changes: 'false' });
    expect(JSON.parse(read(quiet['plan_file'] as string))).toMatchObject({ plans: [], errors: [] });
  });

  it('plan with one group failing: the step fails, but the other groups’ plans and changes are reported', async () => {
    const code = await run({ command: 'plan' }, { ...KEYS, GTI_APIKEY_LAB: 'key-nobody' });
    expect(code).toBe(1);
    const values = outputs();
    expect(values).toMatchObject({
      exit_code: '1',
      error_code: 'GROUPS_FAILED',
      has_changes: 'true',
      plan_file: join(temp, 'plans.json'),
    });
    const multi = JSON.parse(read(values['plan_file'] as string)) as MultiPlan;
    expect(multi.plans.map((p) => p.group)).toEqual(['north']);
    expect(multi.errors.map((e) => [e.group, e.code])).toEqual([
      ['lab', 'API_WrongCredentialsError'],
    ]);
    expect(read(values['markdown_file'] as string)).toContain('API_WrongCredentialsError');
  });

  it('plan that fails before planning: a plan file left by an earlier step is not reported as this run’s', async () => {
    writeFileSync(join(temp, 'plans.json'), JSON.stringify({ version: 1, plans: [], errors: [] }));
    expect(await run({ command: 'plan', args: '--groups 0' })).toBe(1);
    expect(outputs()).toMatchObject({
      exit_code: '1',
      error_code: 'BAD_FLAG',
      has_changes: 'false',
      plan_file: '',
    });
  });

  it('plan then apply bound to the plans: one report per changed group in the summary; a group changed since is refused alone', async () => {
    expect(await run({ command: 'plan' })).toBe(0);
    expect(await run({ command: 'apply' })).toBe(0);
    const values = outputs();
    expect(values).toMatchObject({ exit_code: '0', error_code: '', fingerprint: '' });
    const report = JSON.parse(values['report'] as string) as { reports: { group: string }[] };
    // Only groups with changes are applied.
    expect(report.reports.map((r) => r.group)).toEqual(['north']);
    const summary = read(join(temp, 'summary'));
    expect(summary).toContain('<!-- gti-sync:apply groups -->');
    expect(summary).toContain('<!-- gti-sync:apply group=north -->');
    expect(read(values['markdown_file'] as string).split('\n', 1)[0]).toBe(
      '<!-- gti-sync:apply groups -->',
    );

    // north's file changed since those plans were made: north is refused alone.
    writeFileSync(join(work, 'groups', 'north.yaml'), groupFile('north', ['dan', 'eve']));
    expect(await run({ command: 'apply' })).toBe(1);
    expect(outputs()).toMatchObject({ exit_code: '1', error_code: 'GROUPS_FAILED' });
    const again = JSON.parse(outputs()['report'] as string) as MultiPlan & { reports: unknown[] };
    expect(again.errors.map((e) => [e.group, e.code])).toEqual([['north', 'STALE_PLAN']]);
    const failed = read(outputs()['markdown_file'] as string);
    expect(failed).toMatch(/^- `north` \(`groups\/north\.yaml`\): \*\*STALE_PLAN\*\*/m);
  });
});

describe('the action passes --changed-files through args', () => {
  it.each(['plan', 'apply'])('%s groups/ --changed-files FILE', async (command) => {
    const calls: string[][] = [];
    const spawn: SpawnFn = async (_command, args) => {
      calls.push(args.slice(1));
      return { status: 0, stdout: '{"version":1,"plans":[],"reports":[],"errors":[]}' };
    };
    writeFileSync(join(temp, 'plans.json'), '{}'); // apply runs only with a saved plan
    const env = stepEnv({ command, args: `--changed-files '${join(temp, 'changed files.txt')}'` });
    expect(await runAction(env, spawn, { cwd: work, log: sink })).toBe(0);
    const args = calls[0] ?? [];
    expect(args.slice(0, 2)).toEqual([command, 'groups/']);
    expect(args.slice(-2)).toEqual(['--changed-files', join(temp, 'changed files.txt')]);
  });
});
