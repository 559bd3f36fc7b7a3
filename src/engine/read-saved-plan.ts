/**
 * `apply --plan FILE`: reading a plan saved by `plan --out` and binding the apply to it. What binds
 * it (group, fingerprint, operations) is compared with the fresh plan; the operations executed
 * always come from the fresh plan.
 */
import { normalize } from 'node:path';
import { BoundedReadError, readBoundedFile } from '../files/read-bounded-file.js';
import { GtiSyncError } from '../model/errors.js';
import type { Operation } from '../model/operation.js';
import { PLAN_VERSION } from '../model/plan.js';
import type { Plan } from '../model/plan.js';
import { canonicalJson } from '../plan/canonical-json.js';
import { operationFacts } from '../plan/fingerprint-plan.js';
import { locateJsonError } from './locate-json-error.js';
import { validateSavedPlan } from './validate-saved-plan.js';

/**
 * Reads and checks the saved plan at `path` (`shown` is how messages name it). Throws
 * BAD_PLAN_FILE with a location when the file cannot be read, is not JSON (`FILE:LINE:COL`), is of
 * another plan `version`, or does not match schema/plan.schema.json (the JSON pointer in the
 * message). Never quotes the file's content: a key file given by mistake must not be echoed.
 */
/** The largest saved plan read: far above a plan for 100 000 members. */
const MAX_SAVED_PLAN_BYTES = 64 * 1024 * 1024;

export async function readSavedPlan(path: string, shown: string): Promise<Plan> {
  let text: string;
  try {
    // Only regular files, bounded as read (a FIFO or /dev/zero must not hang or fill memory).
    text = (await readBoundedFile(path, MAX_SAVED_PLAN_BYTES)).toString('utf8');
  } catch (error) {
    const reason =
      error instanceof BoundedReadError
        ? error.message
        : error instanceof Error && 'code' in error
          ? String(error.code)
          : 'unreadable';
    throw new GtiSyncError('BAD_PLAN_FILE', `cannot read the saved plan (${reason})`, {
      location: shown,
    });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    // Only where: the parser's message quotes the file's start, which may be anything.
    const at = locateJsonError(text);
    throw new GtiSyncError('BAD_PLAN_FILE', 'not JSON: this is not a plan saved by plan --out', {
      location: at === undefined ? shown : `${shown}:${at.line}:${at.col}`,
    });
  }
  const version: unknown =
    typeof value === 'object' && value !== null ? Reflect.get(value, 'version') : undefined;
  if (version !== undefined && version !== PLAN_VERSION) {
    throw new GtiSyncError(
      'BAD_PLAN_FILE',
      `the saved plan is of version ${typeof version === 'number' ? version : 'unknown'}; this ` +
        `gti-sync reads plan version ${PLAN_VERSION} only: run plan --out again with it`,
      { location: shown },
    );
  }
  const checked = validateSavedPlan(value);
  if (checked.error !== undefined) {
    const { pointer, message } = checked.error;
    throw new GtiSyncError(
      'BAD_PLAN_FILE',
      `not a plan saved by plan --out: ${pointer === '' ? 'the document' : pointer} ${message}`,
      { location: shown },
    );
  }
  return checked.plan;
}

/** Why the fingerprints differ, as far as the plans' sources tell. */
function whatChanged(saved: Plan, fresh: Plan): string {
  const was = saved.source;
  const now = fresh.source;
  if (was === undefined || now === undefined) {
    return 'the group or the file changed since the plan was saved';
  }
  const short = (sha: string) => `sha256 ${sha.slice(0, 12)}`;
  if (was.sha256 === now.sha256) {
    return (
      `${now.file} is the file the plan was made from, unchanged, so the live group (or a ` +
      'baseline the file extends) changed since the plan was saved'
    );
  }
  if (normalize(was.file) !== normalize(now.file)) {
    return (
      `the plan was made from ${was.file} (${short(was.sha256)}), not from ${now.file} ` +
      `(${short(now.sha256)})`
    );
  }
  return (
    `${now.file} changed since the plan was saved (${short(was.sha256)} then, ` +
    `${short(now.sha256)} now)`
  );
}

/**
 * Binds the apply to the saved plan: STALE_PLAN when it is for another group or its fingerprint is
 * not the fresh plan's (the group or the file changed since); BAD_PLAN_FILE when the fingerprints
 * agree but the saved operations differ from the fresh ones (the file was edited after plan --out).
 */
export function checkSavedPlan(saved: Plan, fresh: Plan, shown: string): void {
  if (saved.group !== fresh.group) {
    throw new GtiSyncError(
      'STALE_PLAN',
      `the saved plan is for group ${saved.group}, not ${fresh.group}; nothing was changed`,
      { location: shown },
    );
  }
  if (saved.fingerprint !== fresh.fingerprint) {
    throw new GtiSyncError(
      'STALE_PLAN',
      `${whatChanged(saved, fresh)} (saved ${saved.fingerprint}, now ${fresh.fingerprint}); ` +
        'nothing was changed: run plan again and review it',
      { location: shown },
    );
  }
  // Same fingerprint, so the fresh operations are those computed when the plan was saved: saved
  // operations that differ were edited afterwards, and are not what was reviewed.
  const factsOf = (ops: readonly Operation[]) => canonicalJson(ops.map(operationFacts));
  if (factsOf(saved.operations) !== factsOf(fresh.operations)) {
    throw new GtiSyncError(
      'BAD_PLAN_FILE',
      'the operations in the saved plan are not those its fingerprint was computed for (the file was edited after plan --out); nothing was changed',
      { location: shown },
    );
  }
}
