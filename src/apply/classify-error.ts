/**
 * How the executor reads a failure: which errors reject one bad item of a batch (split it), which
 * stop the whole run (a spent quota), which mean "already true", and the `{code, message}` a
 * report carries. Reads the fields of `ApiError` (src/api/errors.ts) by shape, so any GtiApi
 * implementation that throws errors with `status`/`apiCode`/`apiMessage` works.
 */
import { GtiSyncError } from '../model/errors.js';
import type { OperationError } from '../model/apply-report.js';

/** The HTTP status an error carries, when it came from an answer. */
function statusOf(error: unknown): number | undefined {
  if (
    typeof error === 'object' &&
    error !== null &&
    'status' in error &&
    typeof error.status === 'number'
  ) {
    return error.status;
  }
  return undefined;
}

function apiCodeOf(error: unknown): string | undefined {
  if (
    typeof error === 'object' &&
    error !== null &&
    'apiCode' in error &&
    typeof error.apiCode === 'string'
  ) {
    return error.apiCode;
  }
  return undefined;
}

/** The API's own message when it gave one (what names the bad item), else the error's message. */
export function apiMessageOf(error: unknown): string {
  if (
    typeof error === 'object' &&
    error !== null &&
    'apiMessage' in error &&
    typeof error.apiMessage === 'string'
  ) {
    return error.apiMessage;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A batch refused because of what it carries (400 or 409): splitting it can isolate the bad item. */
export function isItemRejection(error: unknown): boolean {
  const status = statusOf(error);
  return status === 400 || status === 409;
}

/** A daily or monthly quota is spent: nothing more will succeed today, so the run stops. */
export function isRunStopper(error: unknown): boolean {
  return (
    (error instanceof GtiSyncError && error.code === 'QUOTA_EXCEEDED') ||
    apiCodeOf(error) === 'QuotaExceededError'
  );
}

/** 409 AlreadyExistsError: for creating a service account, it means the account is there (done). */
export function isAlreadyExists(error: unknown): boolean {
  return (
    statusOf(error) === 409 &&
    (apiCodeOf(error) === 'AlreadyExistsError' || apiCodeOf(error) === undefined)
  );
}

/** The `{code, message}` an operation that failed carries in the report. */
export function toOperationError(error: unknown): OperationError {
  if (error instanceof GtiSyncError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: 'UNEXPECTED_ERROR', message: error.message };
  return { code: 'UNEXPECTED_ERROR', message: String(error) };
}

const NAME_CHAR = /[A-Za-z0-9_@+-]/;

/**
 * Whether an API message names `name` (an email or id) as a whole word, case-insensitively:
 * `a@x.io` is not named by a message about `ba@x.io`, and a sentence's full stop ends a name.
 */
export function mentions(message: string, name: string): boolean {
  if (name === '') return false;
  const text = message.toLowerCase();
  const word = name.toLowerCase();
  for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) {
    const before = text[at - 1];
    const after = text[at + word.length];
    const next = text[at + word.length + 1];
    const startsWord = before === undefined || (!NAME_CHAR.test(before) && before !== '.');
    const endsWord =
      after === undefined ||
      (after === '.' ? next === undefined || !/[a-z0-9]/.test(next) : !NAME_CHAR.test(after));
    if (startsWord && endsWord) return true;
  }
  return false;
}
