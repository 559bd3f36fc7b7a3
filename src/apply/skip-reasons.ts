/**
 * Why an operation was skipped, in the words the apply report prints after it (`skipped  ~
 * set_quota frank@acme.example … — frank@acme.example was invited, not yet a member`). One place
 * for the wording, so the text and JSON reports and the tests agree.
 */
import type { Operation } from '../model/operation.js';
import type { Outcome } from './apply-ledger.js';
import { toOperationError } from './classify-error.js';

/** The member an operation is about was invited (no account yet), so it has no user id. */
export function invitedReason(email: string): string {
  return `${email} was invited, not yet a member`;
}

/** A follow-up operation of an email that is not a member and that the plan does not add. */
export function notMemberReason(email: string): string {
  return `${email} is not a member of the group`;
}

/** The run stopped (a spent quota) before `op` could be tried; `stop` is what stopped it. */
export function stoppedReason(stop: unknown): string {
  return stop === undefined
    ? 'not tried: the run stopped before it'
    : `not tried: the run stopped on ${toOperationError(stop).code}`;
}

/** Held back by the administrator floor: what succeeded so far leaves no room for it. */
export function adminFloorReason(minAdmins: number): string {
  return (
    `held back: it would leave fewer than ${minAdmins} administrator${minAdmins === 1 ? '' : 's'} ` +
    '(policy min_admins), as an earlier change did not succeed'
  );
}

/**
 * Why a follow-up is skipped when the step it needs did not succeed: `needed` is that step (an
 * add or a creation), `outcome` where it ended.
 */
export function dependencyReason(needed: Operation, outcome: Outcome | undefined): string {
  const step =
    needed.kind === 'create_service_account'
      ? `creating service account ${needed.service_account ?? '?'}`
      : `adding ${needed.email ?? '?'}`;
  if (outcome === undefined) return `${step} was not tried`;
  switch (outcome.status) {
    case 'failed':
      return `${step} failed (${outcome.error.code})`;
    case 'skipped':
      return `${step} was skipped (${outcome.reason})`;
    case 'invited':
      return invitedReason(needed.email ?? '?');
    case 'done':
      return `${step} did not take effect`;
  }
}
