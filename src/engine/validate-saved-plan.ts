/**
 * The saved plan's schema check (schema/plan.schema.json, ajv, JSON Schema 2020-12). Kept behind
 * one function so a validator precompiled at build time can replace the compiled-on-first-use one.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import schema from '../../schema/plan.schema.json' with { type: 'json' };
import type { Plan } from '../model/plan.js';

/** A plan that conforms, or where (a JSON pointer into the document) and why it does not. */
export type SavedPlanCheck =
  | { plan: Plan; error?: undefined }
  | { plan?: undefined; error: { pointer: string; message: string } };

/** Compiled on first use: only `apply --plan` pays for it. */
let compiled: ValidateFunction<Plan> | undefined;

/** Checks `value` (parsed JSON) against the plan schema; reports the first violation. */
export function validateSavedPlan(value: unknown): SavedPlanCheck {
  if (compiled === undefined) {
    const ajv = new Ajv2020({ allErrors: false, strict: true });
    addFormats.default(ajv, ['date-time']);
    compiled = ajv.compile<Plan>(schema);
  }
  if (compiled(value)) return { plan: value };
  const first = compiled.errors?.[0];
  return {
    error:
      first === undefined
        ? { pointer: '', message: 'does not match the plan schema' }
        : describeError(first),
  };
}

/** The pointer of the offending value (a missing or unknown key included) and ajv's reason. */
function describeError(error: ErrorObject): { pointer: string; message: string } {
  const params: Record<string, unknown> = error.params;
  const key = params['missingProperty'] ?? params['additionalProperty'];
  const pointer =
    typeof key === 'string' ? `${error.instancePath}/${escapePointer(key)}` : error.instancePath;
  const allowed = Array.isArray(params['allowedValues'])
    ? `: ${params['allowedValues'].map((v) => JSON.stringify(v)).join(', ')}`
    : '';
  const message =
    error.keyword === 'required'
      ? 'is required'
      : error.keyword === 'additionalProperties'
        ? 'is not a field of a plan'
        : `${error.message ?? 'is invalid'}${allowed}`;
  return { pointer, message };
}

/** RFC 6901: `~` and `/` in a key. */
function escapePointer(key: string): string {
  return key.replaceAll('~', '~0').replaceAll('/', '~1');
}
