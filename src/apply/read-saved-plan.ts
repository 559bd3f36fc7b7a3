/**
 * Reads a plan saved by `plan --out` for `apply --plan`: what binds the apply to it (its group,
 * fingerprint and operations) is compared with a fresh plan; the operations executed always come
 * from the fresh plan.
 */
import { readFile } from 'node:fs/promises';
import { QUOTA_NAMES } from '../model/quotas.js';
import { ROLES } from '../model/roles.js';
import { GtiSyncError } from '../model/errors.js';
import { OPERATION_KINDS } from '../model/operation.js';
import type { Operation } from '../model/operation.js';
import { locateJsonError } from './locate-json-error.js';

/** What `apply --plan` compares with the fresh plan. */
export interface SavedPlan {
  group: string;
  fingerprint: string;
  operations: Operation[];
}

/**
 * Reads and checks `path` (`shown` is how messages name it). Throws `BAD_PLAN_FILE` with a
 * location when the file cannot be read, is not JSON, or is not a gti-sync plan (its operations
 * included).
 */
export async function readSavedPlan(path: string, shown: string): Promise<SavedPlan> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new GtiSyncError('BAD_PLAN_FILE', `cannot read the saved plan (${reason})`, {
      location: shown,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Only where: the parser's message quotes the file's start, which may be anything (a key file
    // given by mistake, say).
    throw new GtiSyncError('BAD_PLAN_FILE', 'not JSON: this is not a plan saved by plan --out', {
      location: `${shown}${positionOf(text)}`,
    });
  }
  if (
    typeof value !== 'object' ||
    value === null ||
    !('version' in value) ||
    value.version !== 1 ||
    !('group' in value) ||
    typeof value.group !== 'string' ||
    !('fingerprint' in value) ||
    typeof value.fingerprint !== 'string' ||
    !value.fingerprint.startsWith('sha256:') ||
    !('operations' in value) ||
    !Array.isArray(value.operations) ||
    !value.operations.every(isOperation)
  ) {
    throw new GtiSyncError(
      'BAD_PLAN_FILE',
      'not a gti-sync plan (expected the JSON of `plan --out`: version 1, group, fingerprint, operations)',
      { location: shown },
    );
  }
  return {
    group: value.group,
    fingerprint: value.fingerprint,
    operations: value.operations.filter(isOperation),
  };
}

/** Whether `value` has the shape of an operation of schema/plan.schema.json. */
function isOperation(value: unknown): value is Operation {
  if (typeof value !== 'object' || value === null) return false;
  const field = (name: string): unknown => Reflect.get(value, name);
  const text = (name: string) => field(name) === null || typeof field(name) === 'string';
  const cap = (name: string) => field(name) === null || Number.isInteger(field(name));
  const oneOf = (name: string, allowed: readonly unknown[]) =>
    field(name) === null || allowed.includes(field(name));
  const source = field('source');
  return (
    OPERATION_KINDS.some((kind) => kind === field('kind')) &&
    text('email') &&
    text('user_id') &&
    text('service_account') &&
    oneOf('role', ROLES) &&
    oneOf('quota', QUOTA_NAMES) &&
    cap('from') &&
    cap('to') &&
    (source === null ||
      (typeof source === 'object' &&
        typeof Reflect.get(source, 'file') === 'string' &&
        Number.isInteger(Reflect.get(source, 'line'))))
  );
}

/** `:LINE:COL` of the first syntax error, or ''. */
function positionOf(text: string): string {
  const at = locateJsonError(text);
  return at === undefined ? '' : `:${at.line}:${at.col}`;
}
