/**
 * What `apply` produces: the report of design §3 (`apply --format json` prints it as is), and the
 * steps and progress events of the executor.
 */
import type { ErrorCode } from './error-codes.js';
import type { Operation } from './operation.js';

/** The API's error for an operation that failed: `code` is stable (e.g. `API_InvalidArgumentError`). */
export interface OperationError {
  code: ErrorCode;
  message: string;
}

/** An operation that was tried and failed, with the error that made it fail. */
type FailedOperation = Operation & { error: OperationError };

/**
 * An operation that was not tried, with why in words (e.g. `frank@acme.example was invited, not
 * yet a member`, `adding zed@other.example failed (API_AlreadyExistsError)`).
 */
type SkippedOperation = Operation & { reason: string };

/**
 * The outcome of one apply (design §3). Every operation of the plan lands in exactly one place:
 * `done` (now true, including what already was), `failed` (tried, the API refused or never
 * answered), `skipped` (not tried, with a `reason`), or, for an `add_member` that became an
 * invitation, its email in `invited`. Each list keeps the plan's order.
 */
export interface ApplyReport {
  group: string;
  fingerprint: string;
  done: Operation[];
  failed: FailedOperation[];
  skipped: SkippedOperation[];
  /** Emails that were invited and have no account yet (not failures). */
  invited: string[];
}

/** The steps of an apply, in the order they run (design §4). */
export type ApplyStep =
  | 'add_members'
  | 'create_service_accounts'
  | 'read_members'
  | 'manage_roles'
  | 'manage_service_accounts'
  | 'patch_quotas'
  | 'remove_members';

/** Sent after every request of a step: how many of the step's items are settled so far. */
export interface ApplyProgress {
  step: ApplyStep;
  completed: number;
  total: number;
}
