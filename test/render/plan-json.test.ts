import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { renderPlan } from '../../src/render/render-plan.js';
import { FINDING_KINDS, SAFETY_CODES } from '../../src/model/plan.js';
import { OPERATION_KINDS } from '../../src/model/operation.js';
import { QUOTA_NAMES } from '../../src/model/quotas.js';
import { cleanPlan, hugePlan, samplePlan } from './plan-sample.js';
import { repoPath } from '../support/paths.js';

interface Schema {
  $schema: string;
  $id: string;
  properties: { summary: { required: string[] } };
  $defs: Record<string, { enum?: string[]; properties?: Record<string, { enum?: string[] }> }>;
}
type Json = Record<string, unknown>;

const schema = JSON.parse(readFileSync(repoPath('schema/plan.schema.json'), 'utf8')) as Schema;
const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false });
addFormats.default(ajv);
const validate = ajv.compile(schema);

describe('renderPlan json and schema/plan.schema.json', () => {
  it('is exactly the Plan, and validates against the schema', () => {
    for (const plan of [samplePlan(), cleanPlan(), hugePlan(50)]) {
      const text = renderPlan(plan, { format: 'json', color: true });
      expect(JSON.parse(text)).toEqual(plan);
      expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('is a 2020-12 schema with an $id', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe('https://gti-sync.dev/schema/plan.schema.json');
  });

  it('names exactly the kinds, codes and quotas the code knows', () => {
    expect(schema.$defs['operation']?.properties?.['kind']?.enum).toEqual([...OPERATION_KINDS]);
    expect(schema.$defs['finding']?.properties?.['kind']?.enum).toEqual([...FINDING_KINDS]);
    expect(schema.$defs['safetyFailure']?.properties?.['code']?.enum).toEqual([...SAFETY_CODES]);
    expect(schema.$defs['quota']?.enum).toEqual([...QUOTA_NAMES]);
    expect(schema.properties.summary.required).toEqual([...OPERATION_KINDS]);
  });

  it('rejects plans that break the contract', () => {
    const plan = JSON.parse(JSON.stringify(samplePlan())) as Json & {
      operations: Json[];
      summary: Json;
    };
    const first = (kind: string) => plan.operations.find((o) => o['kind'] === kind);
    const broken = [
      { ...plan, fingerprint: 'md5:abc' },
      { ...plan, operations: [{ ...plan.operations[0], kind: 'delete_everything' }] },
      { ...plan, operations: [{ ...first('set_quota'), quota: null }] },
      { ...plan, operations: [{ ...first('grant_role'), role: 'root' }] },
      { ...plan, safety: [{ code: 'TOO_MANY_REMOVALS', message: 'x' }] },
      { ...plan, summary: { ...plan.summary, remove_member: undefined } },
      { ...plan, extra: true },
    ];
    for (const value of broken) expect(validate(JSON.parse(JSON.stringify(value)))).toBe(false);
  });
});
