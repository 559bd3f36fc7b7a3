import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computePlan } from '../../src/engine/compute-plan.js';
import { locateJsonError } from '../../src/engine/locate-json-error.js';
import { checkSavedPlan, readSavedPlan } from '../../src/engine/read-saved-plan.js';
import { validateSavedPlan } from '../../src/engine/validate-saved-plan.js';
import type { Plan } from '../../src/model/plan.js';
import { NOW, config, desired, group, live } from '../plan/build.js';
import { expectCode } from '../support/expect-code.js';
import { makeTempDir } from '../support/paths.js';

/** A real plan (one cap change, one removal), as `plan --out` would save it: a fresh copy each call. */
function samplePlan(): Plan {
  return JSON.parse(SAMPLE) as Plan;
}

function computeSample(): string {
  const c = config({
    members: [
      desired('root@acme.example', { roles: ['admin'] }),
      desired('bob@acme.example', { quotas: { api_requests_daily: 5000 } }),
    ],
  });
  const g = group([
    live('root', 'root@acme.example', { roles: ['admin'] }),
    live('bob', 'bob@acme.example'),
    live('oscar', 'oscar@acme.example'),
  ]);
  return JSON.stringify(computePlan(c, g, { now: NOW }));
}

const SAMPLE = computeSample();

describe('locateJsonError', () => {
  it('accepts valid JSON', () => {
    for (const text of [
      '{}',
      '[]',
      ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ',
      '"s"',
      '0',
    ]) {
      expect(locateJsonError(text)).toBeUndefined();
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  it('points at the first error', () => {
    expect(locateJsonError('{\n  "version": 1,\n  "group": }\n')).toEqual({ line: 3, col: 12 });
    expect(locateJsonError('{"a": 1,}')).toEqual({ line: 1, col: 9 });
    expect(locateJsonError('{"a": 1} x')).toEqual({ line: 1, col: 10 });
    expect(locateJsonError('')).toEqual({ line: 1, col: 1 });
    expect(locateJsonError('{"a": tru}')).toEqual({ line: 1, col: 10 });
    expect(locateJsonError('["\\x"]')).toEqual({ line: 1, col: 4 });
    expect(locateJsonError('[01]')).toEqual({ line: 1, col: 3 });
  });
});

describe('validateSavedPlan (schema/plan.schema.json)', () => {
  it('accepts a plan as plan --out writes it', () => {
    const plan = samplePlan();
    expect(plan.operations.length).toBeGreaterThan(0);
    expect(validateSavedPlan(plan)).toEqual({ plan });
  });

  it.each([
    [
      'a wrong role',
      (p: Plan) => Object.assign(p.operations[0] ?? {}, { role: 'root' }),
      '/operations/0/role',
    ],
    ['a missing key', (p: Plan) => Reflect.deleteProperty(p, 'summary'), '/summary'],
    ['an unknown key', (p: Plan) => Object.assign(p, { extra: 1 }), '/extra'],
    ['an md5 fingerprint', (p: Plan) => Object.assign(p, { fingerprint: 'md5:x' }), '/fingerprint'],
  ])('reports %s at its JSON pointer', (_name, spoil, pointer) => {
    const plan = samplePlan();
    spoil(plan);
    expect(validateSavedPlan(plan).error?.pointer).toBe(pointer);
  });
});

describe('readSavedPlan', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('gti-sync-saved-plan-');
  });

  it('reads a saved plan', async () => {
    const path = join(dir, 'ok.json');
    const plan = samplePlan();
    await writeFile(path, JSON.stringify(plan, null, 2));
    await expect(readSavedPlan(path, 'ok.json')).resolves.toEqual(plan);
  });

  it('refuses a plan of another version with BAD_PLAN_FILE naming the version it reads', async () => {
    const path = join(dir, 'v2.json');
    await writeFile(path, JSON.stringify({ ...samplePlan(), version: 2 }));
    const error = await expectCode(readSavedPlan(path, 'v2.json'), 'BAD_PLAN_FILE');
    expect(error.location).toBe('v2.json');
    // The version check comes before the schema's: the message is about the version, not a const.
    expect(error.message).toContain('version 1');
    expect(error.message).not.toMatch(/must be equal/);
  });

  it.each([
    ['missing.json', undefined, 'missing.json'],
    ['broken.json', '{"version": 1,\n "group": "g",,}', 'broken.json:2:15'],
    ['array.json', '[]', 'array.json'],
    ['number.json', '12345', 'number.json'],
    [
      'shape.json',
      '{"version": 1, "group": "g", "fingerprint": "sha256:x", "operations": []}',
      'shape.json',
    ],
  ])('refuses %s with BAD_PLAN_FILE at its location', async (name, content, location) => {
    const path = join(dir, name);
    if (content !== undefined) await writeFile(path, content);
    const error = await expectCode(readSavedPlan(path, name), 'BAD_PLAN_FILE');
    expect(error.location).toBe(location);
  });

  it('names the JSON pointer of a schema violation', async () => {
    const plan = samplePlan();
    Object.assign(plan.operations[0] ?? {}, { role: 'root' });
    const path = join(dir, 'role.json');
    await writeFile(path, JSON.stringify(plan));
    const error = await expectCode(readSavedPlan(path, 'role.json'), 'BAD_PLAN_FILE');
    expect(error.message).toContain('/operations/0/role');
  });
});

describe('checkSavedPlan', () => {
  it('passes the same plan', () => {
    expect(() => checkSavedPlan(samplePlan(), samplePlan(), 'p.json')).not.toThrow();
  });

  it('STALE_PLAN for another group or another fingerprint', async () => {
    await expectCode(
      () => checkSavedPlan({ ...samplePlan(), group: 'other' }, samplePlan(), 'p.json'),
      'STALE_PLAN',
    );
    const moved = { ...samplePlan(), fingerprint: `sha256:${'0'.repeat(64)}` };
    await expectCode(() => checkSavedPlan(moved, samplePlan(), 'p.json'), 'STALE_PLAN');
  });

  it('BAD_PLAN_FILE when the operations were edited but the fingerprint kept', async () => {
    const edited = samplePlan();
    edited.operations.pop();
    await expectCode(() => checkSavedPlan(edited, samplePlan(), 'p.json'), 'BAD_PLAN_FILE');
  });
});
