/**
 * The safety refusal (design §3.4), in one place and one wording for plan and apply: the only way
 * to a SafePlan, which is the only thing executePlan runs.
 */
import { GtiSyncError } from '../model/errors.js';
import type { Plan, SafetyFailure } from '../model/plan.js';
import { SafePlan } from '../plan/safe-plan.js';

/**
 * `plan` as a SafePlan, or UNSAFE_PLAN naming every blocking failure (`force`: as `apply --force`
 * sees it, the removal ratio passes). Nothing was changed when it throws.
 */
export function approvePlan(plan: Plan, options: { force: boolean }): SafePlan {
  const checked = SafePlan.check(plan, options);
  if (checked.safe === undefined) throw unsafePlan(checked.blocking);
  return checked.safe;
}

/**
 * The UNSAFE_PLAN error `apply` would throw for `plan`, or undefined when it would run it: `plan`
 * prints the whole plan first, then fails with it, so a pull request already shows the refusal.
 */
export function refusalOf(plan: Plan, options: { force: boolean }): GtiSyncError | undefined {
  const { blocking } = SafePlan.check(plan, options);
  return blocking.length === 0 ? undefined : unsafePlan(blocking);
}

function unsafePlan(blocking: readonly SafetyFailure[]): GtiSyncError {
  const reasons = blocking.map((f) => `${f.code}: ${f.message}`).join('; ');
  const hint = blocking.some((f) => f.overridable)
    ? ' (--force passes TOO_MANY_REMOVALS only)'
    : '';
  return new GtiSyncError(
    'UNSAFE_PLAN',
    `apply refuses this plan, nothing was changed: ${reasons}${hint}`,
  );
}
