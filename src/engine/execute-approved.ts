/** Execution (design §4): a SafePlan against the API, keeping the administrator floor. */
import { executePlan } from '../apply/execute-plan.js';
import type { GtiApi } from '../api/types.js';
import type { ApplyProgress, ApplyReport } from '../model/apply-report.js';
import type { GroupConfig } from '../model/group-config.js';
import type { LiveGroup } from '../model/live-group.js';
import { DEFAULT_CONCURRENCY } from '../model/limits.js';
import type { SafePlan } from '../plan/safe-plan.js';

/**
 * Executes `safe` (from approvePlan) with `live`'s administrators and `config`'s `min_admins` as
 * the floor no revocation or removal may cross; returns the report (never throws for API errors).
 */
export function executeApproved(
  api: GtiApi,
  safe: SafePlan,
  options: {
    config: GroupConfig;
    live: LiveGroup;
    concurrency?: number | undefined;
    onProgress?: ((event: ApplyProgress) => void) | undefined;
    /** Aborted on SIGINT/SIGTERM: see ExecuteOptions.signal. */
    signal?: AbortSignal | undefined;
  },
): Promise<ApplyReport> {
  return executePlan(api, safe, {
    concurrency: options.concurrency ?? DEFAULT_CONCURRENCY,
    adminFloor: {
      adminIds: options.live.members.filter((m) => m.roles.includes('admin')).map((m) => m.id),
      minAdmins: options.config.policy.min_admins,
    },
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    signal: options.signal,
  });
}
