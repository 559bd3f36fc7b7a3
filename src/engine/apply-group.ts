/**
 * `apply` (design §3–§4): re-plan, bind to the saved plan (`--plan`), check safety, ask, execute.
 * Nothing is written before every check has passed. Never prints: the caller sees the plan through
 * `onPlan` (before any check, so a refused plan is shown) and answers through `approval`.
 */
import { resolve } from 'node:path';
import { ApplyLedger } from '../apply/apply-ledger.js';
import { GtiSyncError } from '../model/errors.js';
import type { ApplyProgress, ApplyReport } from '../model/apply-report.js';
import { isPartialRequest } from '../model/plan.js';
import type { Plan, SelectionRequest } from '../model/plan.js';
import { parseSelection, sameRequest } from '../plan/select-operations.js';
import type { SelectionFlags } from '../plan/select-operations.js';
import { approvePlan } from './approve-plan.js';
import { computePlan } from './compute-plan.js';
import { executeApproved } from './execute-approved.js';
import { readGroupLive, withGroupRun } from './group-run.js';
import type { GroupRunOptions } from './group-run.js';
import { checkSavedPlan, readSavedPlan } from './read-saved-plan.js';
import { checkJournalWritable } from './append-journal.js';
import { writeJournal } from './write-journal.js';

/** How apply gets its go-ahead. */
interface Approval {
  /** `--auto-approve`: no question. */
  autoApprove: boolean;
  /** Whether a question can be asked (stdin is a terminal). */
  canAsk: boolean;
  /** Asks whether to apply `plan`; the answer, or null when there is none (end of input). */
  ask(plan: Plan): Promise<string | null>;
}

/** What `applyGroup` takes beyond the group run. */
export interface ApplyGroupOptions extends GroupRunOptions {
  /** `--plan FILE`: the saved plan, as the user named it (relative to `connection.cwd`). */
  savedPlan?: string | undefined;
  /**
   * A plan already reviewed in this run (a multi-group apply, issue 12): the fresh plan must match
   * it as it must match a saved one (STALE_PLAN otherwise). Ignored when `savedPlan` is given.
   */
  approvedPlan?: Plan | undefined;
  /** `--force`: the removal ratio passes (the other rules always hold). */
  force: boolean;
  approval: Approval;
  /** The fresh plan, as soon as it is known (before the saved-plan and safety checks). */
  onPlan?: ((plan: Plan) => void) | undefined;
  onProgress?: ((event: ApplyProgress) => void) | undefined;
  /** `--target`, `--only`, `--no-removals` (with `--plan`: must be the saved plan's, or absent). */
  selection?: SelectionFlags | undefined;
  /** Aborted on SIGINT/SIGTERM (the CLI installs the handlers): see ExecuteOptions.signal. */
  signal?: AbortSignal | undefined;
  /** Called right before the first write (after approval). */
  onExecute?: (() => void) | undefined;
  /** `--journal FILE`: one JSON line per operation attempted is appended (as the user named it). */
  journal?: { file: string; env: Record<string, string | undefined> } | undefined;
}

/** What `applyGroup` did. */
export interface ApplyGroupResult {
  plan: Plan;
  /** Where every operation ended (empty when there was nothing to do). */
  report: ApplyReport;
  /** False when the group already matched the file (nothing was asked or executed). */
  executed: boolean;
  /**
   * QUOTA_EXCEEDED (a spent quota stopped the run) or APPLY_INCOMPLETE (something failed): the
   * CLI prints the report first, then fails with this.
   */
  failure: GtiSyncError | undefined;
}

/**
 * Applies the group file. Throws before any write: BAD_PLAN_FILE / STALE_PLAN (saved plan),
 * UNSAFE_PLAN, APPROVAL_REQUIRED, APPLY_CANCELLED, and the errors of loading and reading.
 */
export async function applyGroup(options: ApplyGroupOptions): Promise<ApplyGroupResult> {
  // A bad saved plan fails before the group file is read or any request is made.
  const shown = options.savedPlan;
  const saved =
    shown === undefined
      ? options.approvedPlan
      : await readSavedPlan(resolve(options.connection.cwd, shown), shown);
  const selection = selectionOf(options.selection, saved, shown ?? '');
  // So is a journal that cannot be appended to.
  if (options.journal !== undefined) {
    const journal = options.journal.file;
    await checkJournalWritable(resolve(options.connection.cwd, journal), journal);
  }
  return withGroupRun(options, async ({ config, text, api }) => {
    const live = await readGroupLive(api, config, options.now);
    const source = { file: options.file, text };
    const plan = computePlan(config, live, { now: options.now, selection, source });
    options.onPlan?.(plan);
    if (saved !== undefined) checkSavedPlan(saved, plan, shown ?? options.file);
    const safe = approvePlan(plan, { force: options.force });
    if (plan.operations.length === 0) {
      return {
        plan,
        report: new ApplyLedger().report(plan, []),
        executed: false,
        failure: undefined,
      };
    }
    await confirm(options.approval, plan);
    options.onExecute?.();
    const report = await executeApproved(api, safe, {
      signal: options.signal,
      config,
      live,
      concurrency: options.connection.concurrency,
      onProgress: options.onProgress,
    });
    if (options.journal !== undefined) {
      await writeJournal(options.journal, resolve(options.connection.cwd, options.journal.file), {
        report,
        caller: live.caller.id,
        time: options.now,
      });
    }
    return { plan, report, executed: true, failure: failureOf(report) };
  });
}

/**
 * The selection apply runs: the flags', or with `--plan` the saved plan's. Selection flags that
 * differ from the saved plan's selection are SELECTION_MISMATCH (before any request): the reviewed
 * plan is what runs, never a silently wider or narrower one.
 */
function selectionOf(
  flags: SelectionFlags | undefined,
  saved: Plan | undefined,
  shown: string,
): SelectionRequest | undefined {
  const asked = flags === undefined ? undefined : parseSelection(flags);
  if (saved === undefined) return asked;
  const recorded = saved.selection;
  if (isPartialRequest(asked)) {
    if (recorded === undefined || !sameRequest(asked, recorded)) {
      throw new GtiSyncError(
        'SELECTION_MISMATCH',
        `--target/--only/--no-removals differ from the saved plan's selection (${describe(recorded)}); ` +
          "nothing was changed: drop them (apply uses the saved plan's selection) or run plan again with them",
        { location: shown },
      );
    }
  }
  return recorded === undefined
    ? undefined
    : { targets: recorded.targets, only: recorded.only, no_removals: recorded.no_removals };
}

function describe(selection: SelectionRequest | undefined): string {
  if (selection === undefined) return 'the whole plan';
  const parts = [
    ...selection.targets.map((t) => `--target ${t}`),
    ...(selection.only.length > 0 ? [`--only ${selection.only.join(',')}`] : []),
    ...(selection.no_removals ? ['--no-removals'] : []),
  ];
  return parts.join(' ');
}

async function confirm(approval: Approval, plan: Plan): Promise<void> {
  if (approval.autoApprove) return;
  if (!approval.canAsk) {
    throw new GtiSyncError(
      'APPROVAL_REQUIRED',
      'stdin is not a terminal, so apply cannot ask for confirmation; pass --auto-approve to apply unattended',
    );
  }
  const answer = await approval.ask(plan);
  if (answer?.trim() !== 'yes')
    throw new GtiSyncError('APPLY_CANCELLED', 'apply cancelled; nothing was changed');
}

function failureOf(report: ApplyReport): GtiSyncError | undefined {
  // The CLI words an interruption itself (and exits 130/143).
  if (report.interrupted === true) return undefined;
  const quota = report.failed.find((op) => op.error.code === 'QUOTA_EXCEEDED');
  if (quota !== undefined) {
    return new GtiSyncError(
      'QUOTA_EXCEEDED',
      `stopped: ${quota.error.message}; ${report.skipped.length} operation(s) were not tried; run apply again once the quota resets`,
    );
  }
  if (report.failed.length > 0) {
    return new GtiSyncError(
      'APPLY_INCOMPLETE',
      `${report.failed.length} operation(s) failed (see the report); fix the cause and run apply again`,
    );
  }
  return undefined;
}
