/**
 * Reads a plan saved by `plan --out` for `apply --plan`: only what binds the apply to it (its
 * group and fingerprint) matters; the operations executed always come from a fresh plan.
 */
import { readFile } from 'node:fs/promises';
import { GtiSyncError } from '../errors.js';

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
    const message = error instanceof Error ? error.message : String(error);
    throw new GtiSyncError('BAD_PLAN_FILE', `not JSON: ${message}`, {
      location: `${shown}${positionOf(text, message)}`,
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

/** `:LINE:COL` from a JSON.parse message that gives a position, else ''. */
function positionOf(text: string, message: string): string {
  const match = /position (\d+)/.exec(message);
  const offset = match?.[1] === undefined ? text.length : Number(match[1]);
  const before = text.slice(0, offset).split('\n');
  const line = before.length;
  const col = (before[before.length - 1]?.length ?? 0) + 1;
  return `:${line}:${col}`;
}
