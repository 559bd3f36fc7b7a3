/**
 * What `apply` produces: the report of design §3 (`apply --format json` prints it as is), and the
 * steps and progress events of the executor.
 */
import type { ErrorCode } from './error-codes.js';
import type { Operation } from './operation.js';
import type { SafetyCode } from './plan.js';

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
export type SkippedOperation = Operation & {
  reason: string;
  /** Why, as a stable code (`reason` is the text beside it). */
  reason_code: SkipCode;
  /** The error code the skip stands for, when there is one (`BELOW_MIN_ADMINS` for `admin_floor`). */
  code?: SafetyCode;
};

/**
 * Stable codes of why an operation was skipped: `interrupted` (SIGINT/SIGTERM before it started),
 * `stopped` (a spent quota stopped the run), `admin_floor` (it would break `min_admins`),
 * `invited` / `not_member` (no user id), `dependency` (the add or creation it needs did not
 * succeed), `unreadable_roles` (a service account whose roles the API did not show).
 */
type SkipCode =
  | 'interrupted'
  | 'stopped'
  | 'admin_floor'
  | 'invited'
  | 'not_member'
  | 'dependency'
  | 'unreadable_roles';

/** A skip reason: its stable code, the words a report prints, and an error code if one applies. */
export interface SkipReason {
  code: SkipCode;
  text: string;
  error?: SafetyCode;
}

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
  /** True when SIGINT/SIGTERM stopped the run (its unstarted operations are skipped, `interrupted`). */
  interrupted?: boolean;
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
