/**
 * `apply` over several group files (issue 12 items 3, 5): every group planned (concurrently, as
 * `plan DIR`), bound to its reviewed plan when a multi-group plan file is given (`--plan`), one
 * confirmation for all groups with changes, then each group applied on its own client. A group
 * whose fresh plan differs from its reviewed one is refused alone (STALE_PLAN) and the others are
 * applied; so is a group whose plan is unsafe, or that failed to load or read.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ApplyReport } from '../model/apply-report.js';
import { GtiSyncError } from '../model/errors.js';
import type { GroupRunError, MultiPlan } from '../model/multi-group.js';
import type { Plan } from '../model/plan.js';
import { applyGroup } from './apply-group.js';
import { groupConnection } from './group-keys.js';
import { groupRunError, loadGroups } from './multi-group.js';
import type { MultiGroupOptions } from './multi-group.js';
import { planGroups } from './plan-groups.js';
import { checkSavedPlan } from './read-saved-plan.js';
import { validateSavedPlan } from './validate-saved-plan.js';
import { mapPool } from '../model/run-pool.js';

/** A saved multi-group plan file is at most this large. */
const MAX_PLAN_FILE = 64 * 1024 * 1024;

/** What `applyGroups` takes beyond the run. */
export interface ApplyGroupsOptions extends MultiGroupOptions {
  force: boolean;
  /** `--plan FILE`: a multi-group plan saved by `plan DIR --out FILE`. */
  savedPlan?: string | undefined;
  /** `--journal FILE`: each group's lines appended to this one file (one append per line). */
  journal?: { file: string; env: Record<string, string | undefined> } | undefined;
  /** `--changed-files`: only the groups whose file or a baseline is among these paths. */
  changed?: ReadonlySet<string> | undefined;
  /** The plans, as soon as they are known (before any check), to print. */
  onPlans?: ((multi: MultiPlan, files: ReadonlyMap<string, string>) => void) | undefined;
  /** Asks once for all `plans` to apply (throws APPLY_CANCELLED / APPROVAL_REQUIRED to stop). */
  confirm(plans: readonly Plan[]): Promise<void>;
}

/** What `applyGroups` did: one report per group applied, one error per group that failed. */
export interface ApplyGroupsResult {
  reports: ApplyReport[];
  errors: GroupRunError[];
  /** With `changed`: the files left out, neither they nor their baselines changed. */
  unchanged: string[];
}

/** Reads a multi-group plan file: BAD_PLAN_FILE unless it is one, every plan checked. */
async function readMultiPlanFile(path: string, shown: string): Promise<Map<string, Plan>> {
  let value: unknown;
  try {
    const text = await readFile(path, 'utf8');
    if (text.length > MAX_PLAN_FILE) throw new Error('too large');
    value = JSON.parse(text);
  } catch {
    throw new GtiSyncError('BAD_PLAN_FILE', 'not a multi-group plan saved by plan DIR --out', {
      location: shown,
    });
  }
  const object = typeof value === 'object' && value !== null ? value : {};
  const plans: unknown = Reflect.get(object, 'plans');
  const version: unknown = Reflect.get(object, 'version');
  if (!Array.isArray(plans) || version !== 1) {
    throw new GtiSyncError(
      'BAD_PLAN_FILE',
      'not a multi-group plan ({"version": 1, "plans": [...]}) saved by plan DIR --out',
      { location: shown },
    );
  }
  const out = new Map<string, Plan>();
  for (const [index, item] of plans.entries()) {
    const checked = validateSavedPlan(item);
    if (checked.error !== undefined) {
      throw new GtiSyncError(
        'BAD_PLAN_FILE',
        `plans[${index}] is not a saved plan: ${checked.error.pointer} ${checked.error.message}`,
        { location: shown },
      );
    }
    out.set(checked.plan.group, checked.plan);
  }
  return out;
}

/** Plans every group, checks each against its reviewed plan, confirms once, applies each. */
export async function applyGroups(options: ApplyGroupsOptions): Promise<ApplyGroupsResult> {
  const cwd = options.connection.cwd;
  const shown = options.savedPlan;
  const saved =
    shown === undefined ? undefined : await readMultiPlanFile(resolve(cwd, shown), shown);
  const { multi, planned, unchanged } = await planGroups({ ...options, force: options.force });
  options.onPlans?.(multi, new Map(planned.map((p) => [p.result.plan.group, p.file])));
  const errors: GroupRunError[] = [...multi.errors];
  const failed = new Set(errors.map((e) => e.file));
  const toApply: { file: string; plan: Plan }[] = [];
  for (const { file, result } of planned) {
    if (failed.has(file) || result.plan.operations.length === 0) continue;
    if (saved !== undefined && shown !== undefined) {
      const reviewed = saved.get(result.plan.group);
      try {
        if (reviewed === undefined) {
          throw new GtiSyncError(
            'STALE_PLAN',
            `the saved plan has no plan for group ${result.plan.group}; nothing was changed in it`,
            { location: shown },
          );
        }
        checkSavedPlan(reviewed, result.plan, shown);
      } catch (error) {
        errors.push(groupRunError(file, result.plan.group, error));
        continue;
      }
    }
    toApply.push({ file, plan: result.plan });
  }
  if (toApply.length === 0) return { reports: [], errors, unchanged };
  await options.confirm(toApply.map((t) => t.plan));
  const loaded = await loadGroups(
    toApply.map((t) => t.file),
    { now: options.now, cwd },
  );
  const count = planned.length + multi.errors.length;
  const reports: ApplyReport[] = [];
  const results = await mapPool(toApply, options.groupsInFlight, async ({ file, plan }) => {
    const entry = loaded.find((l) => l.file === file);
    try {
      if (entry?.config === undefined) throw entry?.error ?? new Error(`lost ${file}`);
      const connection = await groupConnection(entry.config, options.connection, count);
      const result = await applyGroup({
        file,
        now: options.now,
        connection,
        hooks: options.hooks,
        force: options.force,
        approvedPlan: plan,
        journal: options.journal,
        approval: { autoApprove: true, canAsk: false, ask: () => Promise.resolve(null) },
      });
      if (result.failure !== undefined) {
        return { report: result.report, error: groupRunError(file, plan.group, result.failure) };
      }
      return { report: result.report, error: undefined };
    } catch (error) {
      return { report: undefined, error: groupRunError(file, plan.group, error) };
    }
  });
  for (const r of results) {
    if (r.report !== undefined) reports.push(r.report);
    if (r.error !== undefined) errors.push(r.error);
  }
  return { reports, errors, unchanged };
}
