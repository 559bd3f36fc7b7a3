/**
 * `plan` over several group files (issue 12): each group planned as `planGroup` plans one, on its
 * own client, the groups concurrently. A plan apply would refuse is kept (it is printed) and its
 * group also counts as failed (UNSAFE_PLAN), as a single-group plan does.
 */
import type { MultiPlan } from '../model/multi-group.js';
import { selectChanged } from './changed-files.js';
import { forEachGroup, isGroupRunError, loadGroups } from './multi-group.js';
import type { MultiGroupOptions } from './multi-group.js';
import { planGroup } from './plan-group.js';
import type { PlanGroupResult } from './plan-group.js';

/** What `planGroups` found: the multi-group plan and each group's read. */
export interface PlanGroupsResult {
  multi: MultiPlan;
  /** Per planned group (in file order): its file and what planGroup returned. */
  planned: { file: string; result: PlanGroupResult }[];
  /** With `changed`: the files left out, neither they nor their baselines changed. */
  unchanged: string[];
}

/** Loads and checks every file, then plans every group that passed, concurrently. */
export async function planGroups(
  options: MultiGroupOptions & {
    force: boolean;
    /** Only the groups whose file or a baseline is among these paths (`--changed-files`). */
    changed?: ReadonlySet<string> | undefined;
  },
): Promise<PlanGroupsResult> {
  const cwd = options.connection.cwd;
  const loaded = await loadGroups(options.files, { now: options.now, cwd });
  const { kept, unchanged } =
    options.changed === undefined
      ? { kept: loaded, unchanged: [] }
      : selectChanged(loaded, options.changed, cwd);
  const entries = await forEachGroup(
    kept,
    options,
    ({ run }) => planGroup({ ...run, force: options.force }),
    loaded.length,
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
  return { multi, planned, unchanged: unchanged.map((u) => u.file) };
}
