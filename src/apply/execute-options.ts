/** The options and the administrator floor of `executePlan` (src/apply/execute-plan.ts). */
import type { ApplyProgress } from '../model/apply-report.js';

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
  /**
   * Aborted on SIGINT/SIGTERM (the CLI owns the process handlers): nothing new starts, requests in
   * flight finish, and the report has `interrupted: true` with the rest skipped (`interrupted`).
   */
  signal?: AbortSignal | undefined;
}
