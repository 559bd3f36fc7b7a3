/** A plan made executable the only way there is: through the engine's safety check. */
import { approvePlan } from '../../src/engine/approve-plan.js';
import type { Plan } from '../../src/model/plan.js';
import type { SafePlan } from '../../src/plan/safe-plan.js';

/** `plan` as a SafePlan; throws UNSAFE_PLAN when it breaks a rule (`force`: as apply --force). */
export function approved(plan: Plan, options: { force?: boolean } = {}): SafePlan {
  return approvePlan(plan, { force: options.force === true });
}
