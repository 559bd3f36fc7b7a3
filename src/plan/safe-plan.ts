/**
 * A plan that passed the safety checks (design §3.4), as a type: `executePlan` accepts only a
 * `SafePlan`, and the only way to make one is `SafePlan.check`, which the engine's `approvePlan`
 * calls (src/engine/approve-plan.ts) and which refuses a plan with a blocking failure.
 */
import type { Plan, SafetyFailure } from '../model/plan.js';

/** The safety failures `apply` refuses: all of them, or with `force` all but the overridable ones. */
export function blockingFailures(plan: Plan, options: { force: boolean }): SafetyFailure[] {
  return plan.safety.filter((f) => !(options.force && f.overridable));
}

/** What `SafePlan.check` found: the plan, safe to execute, or the failures that block it. */
export type SafetyCheck =
  | { safe: SafePlan; blocking: readonly [] }
  | { safe: undefined; blocking: readonly SafetyFailure[] };

/**
 * A plan with no blocking safety failure. Nominal (a private field and constructor): an object of
 * the same shape is not one, so nothing reaches `executePlan` without `check`.
 */
export class SafePlan {
  readonly #plan: Plan;

  private constructor(plan: Plan) {
    this.#plan = plan;
  }

  /** The plan that was checked. */
  get plan(): Plan {
    return this.#plan;
  }

  /** The plan as safe to execute, or its blocking failures (`force`: as `apply --force` sees it). */
  static check(plan: Plan, options: { force: boolean }): SafetyCheck {
    const blocking = blockingFailures(plan, options);
    if (blocking.length > 0) return { safe: undefined, blocking };
    return { safe: new SafePlan(plan), blocking: [] };
  }
}
