/**
 * Reads a plan saved by `plan --out` for `apply --plan`: only what binds the apply to it (its
 * group and fingerprint) matters; the operations executed always come from a fresh plan.
 */
import { readFile } from 'node:fs/promises';
import { GtiSyncError } from '../errors.js';
import { locateJsonError } from './locate-json-error.js';

/** What `apply --plan` compares with the fresh plan. */
export interface SavedPlan {
  group: string;
  fingerprint: string;
  operationCount: number;
}

/**
 * Reads and checks `path` (`shown` is how messages name it). Throws `BAD_PLAN_FILE` with a
 * location when the file cannot be read, is not JSON, or is not a gti-sync plan.
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
  } catch (error) {
    // Node's message may span lines; the CLI prints errors on one.
    const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ');
    throw new GtiSyncError('BAD_PLAN_FILE', `not JSON: ${message}`, {
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
    !Array.isArray(value.operations)
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
    operationCount: value.operations.length,
  };
}

/** `:LINE:COL` of the first syntax error, or ''. */
function positionOf(text: string): string {
  const at = locateJsonError(text);
  return at === undefined ? '' : `:${at.line}:${at.col}`;
}
