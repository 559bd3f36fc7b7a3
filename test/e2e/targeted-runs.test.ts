/**
 * Targeted runs (issue 13 item 4) end to end: the real CLI against the emulator with the apply
 * fixture (every kind of change pending).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../src/model/plan.js';
import { makeTempDir } from '../support/paths.js';
import { startCliWorld, type CliRun, type CliWorld } from './apply-world.js';

let world: CliWorld;
let tmp: string;
beforeEach(async () => {
  world = await startCliWorld();
  tmp = makeTempDir('gti-sync-target-');
});

const codeOf = (r: CliRun) => /^gti-sync: ([A-Z_]+):/m.exec(r.stderr)?.[1];
const totalWrites = async () => Object.values(await world.writes()).reduce((a, b) => a + b, 0);

async function planJson(extra: string[] = []): Promise<Plan> {
  const r = await world.run(['plan', 'group.yaml', '--format', 'json', ...extra]);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as Plan;
}

describe('plan --target / --only / --no-removals', () => {
  it('plan --target says it is partial, in text, JSON and markdown', async () => {
    const text = await world.run(['plan', 'group.yaml', '--target', 'm2@acme.example']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('m2@acme.example');
    expect(text.stdout).not.toContain('newbie@acme.example');
    expect(text.stdout).toMatch(
      /Partial plan: 13 operations left out \(--target m2@acme\.example\)/,
    );
    const json = await planJson(['--target', 'm2@acme.example']);
    expect(json.operations.map((o) => `${o.kind} ${o.email}`)).toEqual([
      'set_quota m2@acme.example',
    ]);
    expect(json.selection).toMatchObject({
      targets: ['m2@acme.example'],
      only: [],
      no_removals: false,
    });
    expect(json.selection?.left_out.add_member).toBe(2);
    const md = await world.run(['plan', 'group.yaml', '--target', 'm2', '--format', 'markdown']);
    expect(md.stdout).toContain('Partial plan: 13 operations left out');
  });

  it('a role on a member whose add is left out by --only is left out too', async () => {
    const json = await planJson(['--only', 'grant_role']);
    expect(json.operations.map((o) => o.email)).toEqual(['m1@acme.example', 'm4@acme.example']);
    expect(json.selection?.left_out.grant_role).toBe(1);
  });

  it('bad selections fail before any change: BAD_FLAG (did-you-mean), UNKNOWN_TARGET', async () => {
    const kind = await world.run(['plan', 'group.yaml', '--only', 'add_membr']);
    expect(kind.code).toBe(1);
    expect(codeOf(kind)).toBe('BAD_FLAG');
    expect(kind.stderr).toContain('add_member');
    // The flag is checked before the group is read.
    expect((await world.stats()).requests).toBe(0);
    const typo = await world.run(['plan', 'group.yaml', '--target', 'newbee@acme.example']);
    expect(typo.code).toBe(1);
    expect(codeOf(typo)).toBe('UNKNOWN_TARGET');
    expect(typo.stderr).toContain('newbee@acme.example');
    const typoApply = await world.run([
      'apply',
      'group.yaml',
      '--target',
      'x@y.z',
      '--auto-approve',
    ]);
    expect(codeOf(typoApply)).toBe('UNKNOWN_TARGET');
    expect(await totalWrites()).toBe(0);
  });
});

describe('apply --target / --no-removals', () => {
  it('apply --target changes only that member; a later full plan shows the rest', async () => {
    const before = await planJson();
    const r = await world.run([
      'apply',
      'group.yaml',
      '--target',
      'm4@acme.example',
      '--auto-approve',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Partial plan');
    expect(await world.writes()).toEqual({ 'PATCH /groups/{gid}/relationships/users': 1 });
    const after = await planJson();
    expect(after.operations).toHaveLength(before.operations.length - 1);
    expect(after.operations.some((o) => o.email === 'm4@acme.example')).toBe(false);
    expect(after.selection).toBeUndefined();
  });

  it('apply --no-removals removes nobody', async () => {
    const r = await world.run(['apply', 'group.yaml', '--no-removals', '--auto-approve']);
    expect(r.code).toBe(0);
    expect(
      (await world.writes())['DELETE /groups/{gid}/relationships/users/{uid}'],
    ).toBeUndefined();
    const rest = await planJson();
    expect(rest.operations.map((o) => `${o.kind} ${o.email}`)).toEqual([
      'remove_member m6@acme.example',
    ]);
  });

  it('apply --plan runs the saved selection, and refuses differing flags (SELECTION_MISMATCH)', async () => {
    const planFile = join(tmp, 'plan.json');
    const saved = await world.run(['plan', 'group.yaml', '--target', 'm4', '--out', planFile]);
    expect(saved.code).toBe(0);
    const savedPlan = JSON.parse(await readFile(planFile, 'utf8')) as Plan;
    expect(savedPlan.selection?.targets).toEqual(['m4']);

    for (const flags of [
      ['--target', 'm2'],
      ['--target', 'm4', '--no-removals'],
      ['--only', 'grant_role'],
    ]) {
      const refused = await world.run([
        'apply',
        'group.yaml',
        '--plan',
        planFile,
        ...flags,
        '--auto-approve',
      ]);
      expect(refused.code).toBe(1);
      expect(codeOf(refused)).toBe('SELECTION_MISMATCH');
    }
    // A whole saved plan refuses selection flags too.
    const wholeFile = join(tmp, 'whole.json');
    expect((await world.run(['plan', 'group.yaml', '--out', wholeFile])).code).toBe(0);
    const narrowed = await world.run([
      'apply',
      'group.yaml',
      '--plan',
      wholeFile,
      '--no-removals',
      '--auto-approve',
    ]);
    expect(codeOf(narrowed)).toBe('SELECTION_MISMATCH');
    expect(await totalWrites()).toBe(0);

    // The same flags (another case) pass; no flags use the saved selection.
    const same = await world.run([
      'apply',
      'group.yaml',
      '--plan',
      planFile,
      '--target',
      'M4',
      '--auto-approve',
    ]);
    expect(same.code).toBe(0);
    expect(await world.writes()).toEqual({ 'PATCH /groups/{gid}/relationships/users': 1 });
  });

  it('apply --plan without flags applies only the saved selection', async () => {
    const planFile = join(tmp, 'plan.json');
    expect(
      (await world.run(['plan', 'group.yaml', '--target', 'm4', '--out', planFile])).code,
    ).toBe(0);
    const r = await world.run(['apply', 'group.yaml', '--plan', planFile, '--auto-approve']);
    expect(r.code).toBe(0);
    expect(await world.writes()).toEqual({ 'PATCH /groups/{gid}/relationships/users': 1 });
  });
});
