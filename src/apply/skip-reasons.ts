/**
 * Why an operation was skipped, in the words the apply report prints after it (`skipped  ~
 * set_quota frank@acme.example … — frank@acme.example was invited, not yet a member`). One place
 * for the wording, so the text and JSON reports and the tests agree.
 */
import type { SkipReason } from '../model/apply-report.js';
import type { Operation } from '../model/operation.js';
import type { Outcome } from './apply-ledger.js';
import { toOperationError } from './classify-error.js';

/** The member an operation is about was invited (no account yet), so it has no user id. */
export function invitedReason(email: string): SkipReason {
  return { code: 'invited', text: `${email} was invited, not yet a member` };
}

/** A follow-up operation of an email that is not a member and that the plan does not add. */
export function notMemberReason(email: string): SkipReason {
  return { code: 'not_member', text: `${email} is not a member of the group` };
}

/** What `RunControl.stop` holds when SIGINT/SIGTERM stopped the run. */
export const INTERRUPTED = Symbol('interrupted');

/**
 * The run stopped (a spent quota, or an interruption when `stop` is INTERRUPTED) before `op`
 * could be tried; `stop` is what stopped it.
 */
export function stoppedReason(stop: unknown): SkipReason {
  if (stop === INTERRUPTED) {
    return { code: 'interrupted', text: 'not started: the run was interrupted (SIGINT/SIGTERM)' };
  }
  return {
    code: 'stopped',
    text:
      stop === undefined
        ? 'not tried: the run stopped before it'
        : `not tried: the run stopped on ${toOperationError(stop).code}`,
  };
}

/** Held back by the administrator floor: what succeeded so far leaves no room for it. */
export function adminFloorReason(minAdmins: number): SkipReason {
  return {
    code: 'admin_floor',
    error: 'BELOW_MIN_ADMINS',
    text:
      `held back: it would leave fewer than ${minAdmins} administrator${minAdmins === 1 ? '' : 's'} ` +
      '(policy min_admins) given the administrators there are now',
  };
}

/**
 * Why a follow-up is skipped when the step it needs did not succeed: `needed` is that step (an
 * add or a creation), `outcome` where it ended.
 */
export function dependencyReason(needed: Operation, outcome: Outcome | undefined): SkipReason {
  return { code: 'dependency', text: dependencyText(needed, outcome) };
}

function dependencyText(needed: Operation, outcome: Outcome | undefined): string {
  const step =
    needed.kind === 'create_service_account'
      ? `creating service account ${needed.service_account ?? '?'}`
      : `adding ${needed.email ?? '?'}`;
  if (outcome === undefined) return `${step} was not tried`;
  switch (outcome.status) {
    case 'failed':
      return `${step} failed (${outcome.error.code})`;
    case 'skipped':
      return `${step} was skipped (${outcome.reason.text})`;
    case 'invited':
      return invitedReason(needed.email ?? '?').text;
    case 'done':
      return `${step} did not take effect`;
  }
}
