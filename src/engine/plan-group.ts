/** `plan` (design §3): the plan of a group file against the live group, and whether apply would run it. */
import type { GtiSyncError } from '../model/errors.js';
import type { LiveGroup } from '../model/live-group.js';
import type { Plan } from '../model/plan.js';
import { parseSelection } from '../plan/select-operations.js';
import type { SelectionFlags } from '../plan/select-operations.js';
import { lifecycleFindings, needsApiActivity } from '../plan/lifecycle-findings.js';
import { readRecentApiUsers } from '../report/read-api-activity.js';
import { refusalOf } from './approve-plan.js';
import { computePlan } from './compute-plan.js';
import { readGroupLive, withGroupRun } from './group-run.js';
import type { GroupRunOptions } from './group-run.js';

/** What `planGroup` found. */
export interface PlanGroupResult {
  plan: Plan;
  live: LiveGroup;
  /** API requests the read took. */
  requests: number;
  /**
   * UNSAFE_PLAN when apply would refuse the plan (`force`: as `apply --force` sees it). The plan
   * is returned all the same: the CLI prints it, then fails with this.
   */
  refusal: GtiSyncError | undefined;
}

/** Loads the file, reads the live group, builds the plan and checks it as apply would. */
export async function planGroup(
  options: GroupRunOptions & { force: boolean; selection?: SelectionFlags | undefined },
): Promise<PlanGroupResult> {
  // Bad selection flags fail before the file is read or any request is made.
  const selection = options.selection === undefined ? undefined : parseSelection(options.selection);
  const { live, requests, plan } = await withGroupRun(options, async ({ config, text, api }) => {
    const read = await readGroupLive(api, config, options.now);
    const source = { file: options.file, text };
    const plan = computePlan(config, read, { now: options.now, selection, source });
    // Lifecycle findings (policy.inactive_days / stale_invitation_days); the two API-use
    // listings only when inactive_days is set. Findings are not fingerprinted.
    const activeIds = needsApiActivity(config)
      ? await readRecentApiUsers(api, config.group, options.now)
      : undefined;
    plan.findings.push(...lifecycleFindings(config, read, options.now, { activeIds }));
    return { live: read, requests: api.stats.requests, plan };
  });
  return {
    plan,
    live,
    requests,
    refusal: refusalOf(plan, { force: options.force }),
  };
}
