/**
 * Where each operation of one apply ended, and the report built from it (design §3).
 */
import type { Operation } from '../model/operation.js';
import type { Plan } from '../model/plan.js';
import { toOperationError } from './classify-error.js';
import { stoppedReason } from './skip-reasons.js';
import type { ApplyReport, OperationError, SkipReason } from '../model/apply-report.js';

/** Where one operation ended. */
export type Outcome =
  | { status: 'done' }
  | { status: 'failed'; error: OperationError }
  | { status: 'skipped'; reason: SkipReason }
  | { status: 'invited' };

/** Records one outcome per operation; the first recorded outcome wins. */
export class ApplyLedger {
  private readonly outcomes = new Map<Operation, Outcome>();

  /** Whether `op` already has an outcome. */
  has(op: Operation): boolean {
    return this.outcomes.has(op);
  }

  done(op: Operation): void {
    this.record(op, { status: 'done' });
  }

  /** `error` is any thrown value or an already-built `{code, message}`. */
  failed(op: Operation, error: unknown): void {
    this.record(op, {
      status: 'failed',
      error: isOperationError(error) ? error : toOperationError(error),
    });
  }

  /** `reason` says why `op` was not tried: a stable code and the words a report prints. */
  skipped(op: Operation, reason: SkipReason): void {
    this.record(op, { status: 'skipped', reason });
  }

  /** An `add_member` whose email became an invitation (no account yet). */
  invited(op: Operation): void {
    this.record(op, { status: 'invited' });
  }

  /** How `op` ended so far; undefined while it has no outcome. */
  outcomeOf(op: Operation): Outcome | undefined {
    return this.outcomes.get(op);
  }

  /**
   * The report, lists in the order of `ops`. An operation without an outcome counts as skipped
   * with `unsettled` as its reason (the run stopped before it).
   */
  report(
    plan: Plan,
    ops: readonly Operation[],
    unsettled: SkipReason = stoppedReason(undefined),
  ): ApplyReport {
    const report: ApplyReport = {
      group: plan.group,
      fingerprint: plan.fingerprint,
      done: [],
      failed: [],
      skipped: [],
      invited: [],
    };
    for (const op of ops) {
      const outcome = this.outcomes.get(op) ?? { status: 'skipped', reason: unsettled };
      if (outcome.status === 'done') report.done.push(op);
      else if (outcome.status === 'failed') report.failed.push({ ...op, error: outcome.error });
      else if (outcome.status === 'invited') report.invited.push(op.email ?? '');
      else {
        const { code, text, error } = outcome.reason;
        report.skipped.push({
          ...op,
          reason: text,
          reason_code: code,
          ...(error === undefined ? {} : { code: error }),
        });
      }
    }
    return report;
  }

  private record(op: Operation, outcome: Outcome): void {
    if (!this.outcomes.has(op)) this.outcomes.set(op, outcome);
  }
}

function isOperationError(value: unknown): value is OperationError {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Error) &&
    'code' in value &&
    typeof value.code === 'string' &&
    'message' in value &&
    typeof value.message === 'string'
  );
}
