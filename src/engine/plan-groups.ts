/**
 * `plan` over several group files (issue 12): each group planned as `planGroup` plans one, on its
 * own client, the groups concurrently. A plan apply would refuse is kept (it is printed) and its
 * group also counts as failed (UNSAFE_PLAN), as a single-group plan does.
 */
import type { MultiPlan } from '../model/multi-group.js';
import { forEachGroup, isGroupRunError, loadGroups } from './multi-group.js';
import type { MultiGroupOptions } from './multi-group.js';
import { planGroup } from './plan-group.js';
import type { PlanGroupResult } from './plan-group.js';

/** What `planGroups` found: the multi-group plan and each group's read. */
export interface PlanGroupsResult {
  multi: MultiPlan;
  /** Per planned group (in file order): its file and what planGroup returned. */
  planned: { file: string; result: PlanGroupResult }[];
}

/** Loads and checks every file, then plans every group that passed, concurrently. */
export async function planGroups(
  options: MultiGroupOptions & { force: boolean },
): Promise<PlanGroupsResult> {
  const loaded = await loadGroups(options.files, {
    now: options.now,
    cwd: options.connection.cwd,
  });
  const entries = await forEachGroup(loaded, options, ({ run }) =>
    planGroup({ ...run, force: options.force }),
  );
  const multi: MultiPlan = { version: 1, plans: [], errors: [] };
  const planned: PlanGroupsResult['planned'] = [];
  for (const entry of entries) {
    if (isGroupRunError(entry)) {
      multi.errors.push(entry);
      continue;
    }
    multi.plans.push(entry.result.plan);
    planned.push({ file: entry.file, result: entry.result });
    const refusal = entry.result.refusal;
    if (refusal !== undefined) {
      multi.errors.push({
        file: entry.file,
        group: entry.group,
        code: refusal.code,
        message: refusal.message,
      });
    }
  }
  return { multi, planned };
}
