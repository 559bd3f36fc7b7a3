import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import {
  VALIDATOR_SETS,
  compileValidatorSet,
  loadGeneratedSet,
  validatorSetSource,
  type ValidatorSetName,
} from '../../src/config/compiled-schemas.js';
import { renderPlan } from '../../src/render/render-plan.js';
import { samplePlan } from '../render/plan-sample.js';
import { repoPath } from '../support/paths.js';

// The generated code `require()`s ajv's runtime helpers, so it must live where node_modules is
// found: a scratch folder under node_modules/.cache, as the build writes dist/validators/.
const dir = repoPath('node_modules/.cache', `gti-sync-validators-${process.pid}`);
mkdirSync(dir, { recursive: true });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const readYaml = (path: string): unknown => parse(readFileSync(repoPath(path), 'utf8'));
const group = readYaml('examples/group.yaml') as Record<string, unknown>;
const seed = readYaml('test/fixtures/reports/seed.yaml') as Record<string, unknown>;
const plan = JSON.parse(renderPlan(samplePlan(), { format: 'json', color: false })) as Record<
  string,
  unknown
>;
const firstUser = (seed['users'] as unknown[])[0];

/** Values for each validator: one good one, then bad ones of several kinds. */
const CASES: Record<ValidatorSetName, Record<string, unknown[]>> = {
  group: {
    validate: [
      group,
      {},
      { ...group, colour: 'blue' },
      { ...group, version: 2 },
      { ...group, members: [{ email: 'not-an-email' }] },
      { ...group, members: [{ email: 'a@b.example', expires: '2027-02-30' }] },
      { ...group, members: 'everyone' },
      [],
      null,
    ],
  },
  seed: {
    seed: [seed, { ...seed, now: 'yesterday' }, { ...seed, users: [{}] }, 'seed'],
    accounts: [{ users: [firstUser] }, { users: [{ id: 7 }] }, {}, { users: 1 }],
  },
  plan: {
    validate: [
      plan,
      { ...plan, operations: [{ kind: 'paint_it_black' }] },
      { ...plan, extra: true },
      {},
    ],
  },
};

describe('validators compiled at build (dist/validators/*.cjs)', () => {
  for (const name of VALIDATOR_SETS) {
    it(`${name}: the generated code and a runtime compile agree, errors included`, () => {
      writeFileSync(join(dir, `${name}.cjs`), validatorSetSource(name));
      const generated = loadGeneratedSet(name, dir);
      const compiled = compileValidatorSet(name);
      expect(generated).toBeDefined();
      expect(Object.keys(generated ?? {}).sort()).toEqual(Object.keys(CASES[name]).sort());
      for (const [key, values] of Object.entries(CASES[name])) {
        const fromBuild = generated?.[key];
        const atRunTime = compiled[key];
        if (fromBuild === undefined || atRunTime === undefined) throw new Error(`no ${key}`);
        const verdicts = values.map((value) => {
          const ok = fromBuild(value);
          expect(atRunTime(value), `${name}.${key} ${JSON.stringify(value)}`).toBe(ok);
          expect(fromBuild.errors ?? null).toEqual(atRunTime.errors ?? null);
          return ok;
        });
        // The first value is the good one and every other one is bad: the cases can fail.
        expect(verdicts).toEqual(values.map((_, i) => i === 0));
      }
    });
  }

  it('a missing generated file means "compile at run time"', () => {
    expect(loadGeneratedSet('group', join(dir, 'nowhere'))).toBeUndefined();
  });
});
