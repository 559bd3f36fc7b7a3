/**
 * The saved plan's schema check (schema/plan.schema.json, JSON Schema 2020-12), through the
 * validator compiled at build (src/config/compiled-schemas.ts): `apply --plan` loads no ajv.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { planValidator } from '../config/compiled-schemas.js';
import type { Plan } from '../model/plan.js';

/** A plan that conforms, or where (a JSON pointer into the document) and why it does not. */
export type SavedPlanCheck =
  | { plan: Plan; error?: undefined }
  | { plan?: undefined; error: { pointer: string; message: string } };

/** Checks `value` (parsed JSON) against the plan schema; reports the first violation. */
export function validateSavedPlan(value: unknown): SavedPlanCheck {
  const compiled = planValidator<Plan>();
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
