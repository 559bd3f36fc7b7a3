/**
 * What `apply` produces: the report of design §3 (`apply --format json` prints it as is), and the
 * options and progress events of the executor (src/apply/execute-plan.ts).
 */
import type { Operation } from '../plan/types.js';

/** The API's error for an operation that failed: `code` is stable (e.g. `API_InvalidArgumentError`). */
export interface OperationError {
  code: string;
  message: string;
}

/** An operation that was tried and failed, with the error that made it fail. */
export type FailedOperation = Operation & { error: OperationError };

/**
 * An operation that was not tried, with why in words (e.g. `frank@acme.example was invited, not
 * yet a member`, `adding zed@other.example failed (API_AlreadyExistsError)`).
 */
export type SkippedOperation = Operation & { reason: string };

/**
 * The outcome of one apply (design §3). Every operation of the plan lands in exactly one place:
 * `done` (now true, including what already was), `failed` (tried, the API refused or never
 * answered), `skipped` (not tried, with a `reason`: a step it needs failed, its member is only
 * invited, the administrator floor held it back, or the run stopped), or, for an `add_member` that became an invitation, its email in `invited`.
 * Each list keeps the plan's order.
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
export const APPLY_STEPS = [
  'add_members',
  'create_service_accounts',
  'read_members',
  'manage_roles',
  'patch_quotas',
  'remove_members',
] as const;

export type ApplyStep = (typeof APPLY_STEPS)[number];

/** Sent after every request of a step: how many of the step's items are settled so far. */
export interface ApplyProgress {
  step: ApplyStep;
  completed: number;
  total: number;
}

/**
 * The administrators before the apply and the floor the policy sets. With it the executor skips
 * any revocation or removal that would leave fewer administrators than `minAdmins` given what has
 * actually succeeded so far (a failed grant must not let a later revoke break the floor).
 */
export interface AdminFloor {
  /** User ids of the current administrators. */
  adminIds: readonly string[];
  minAdmins: number;
}

/** Options of `executePlan`. */
export interface ExecuteOptions {
  /** Removals (and per-user quota PATCHes) in flight at once. Default 8. */
  concurrency?: number;
  /** Items per add / create / Manage Roles request. Default (and API maximum) 40. */
  batchSize?: number;
  adminFloor?: AdminFloor;
  onProgress?: (event: ApplyProgress) => void;
}
