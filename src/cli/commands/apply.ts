/**
 * `gti-sync apply [FILE]` (design §2–§4): re-plans, checks the saved plan (`--plan`) and safety,
 * shows the plan, asks (or needs `--auto-approve`), executes, prints the report. Nothing is
 * written before every check has passed; exit 1 when anything failed (after the report).
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { GtiSyncError } from '../../model/errors.js';
import { ApplyLedger } from '../../apply/apply-ledger.js';
import { executePlan } from '../../apply/execute-plan.js';
import { DEFAULT_CONCURRENCY } from '../../model/limits.js';
import { readSavedPlan, type SavedPlan } from '../../apply/read-saved-plan.js';
import type { ApplyProgress, ApplyReport } from '../../model/apply-report.js';
import { blockingFailures } from '../../plan/build-plan.js';
import { canonicalJson } from '../../plan/canonical-json.js';
import { operationFacts } from '../../plan/fingerprint-plan.js';
import type { Operation } from '../../model/operation.js';
import type { Plan } from '../../model/plan.js';
import { colorEnabled } from '../../render/color.js';
import { render } from '../../render/render.js';
import { addConnectionOptions, type ConnectionOptions } from '../connection-options.js';
import type { CliContext } from '../io.js';
import { checkFormat } from '../../check-format.js';
import { preparePlan } from '../prepare-plan.js';

/** Runs with more operations than this show progress on stderr (when it is a terminal). */
const PROGRESS_MIN_OPERATIONS = 40;

interface ApplyFlags extends ConnectionOptions {
  plan?: string;
  autoApprove?: boolean;
  force?: boolean;
  format: string;
}

const APPLY_FORMATS = ['text', 'json'] as const;

/** Registers the `apply` command. */
export function registerApply(program: Command, ctx: CliContext): void {
  const command = program
    .command('apply')
    .description('Make the live group match the file: plan, check safety, confirm, execute.')
    .argument('[file]', 'the group file', 'group.yaml')
    .option(
      '--plan <file>',
      'apply only if the fresh plan has the fingerprint of this saved plan (plan --out)',
    )
    .option('--auto-approve', 'apply without asking (required when stdin is not a terminal)')
    .option('--force', 'pass the removal-ratio limit (the other safety rules always hold)')
    .option('--format <format>', `report format: ${APPLY_FORMATS.join(', ')}`, 'text');
  addConnectionOptions(command);
  command.action((file: string, flags: ApplyFlags) => runApply(ctx, file, flags));
}

async function runApply(ctx: CliContext, file: string, flags: ApplyFlags): Promise<void> {
  const { io } = ctx;
  // Every check that can fail without the API runs before anything else.
  const format = checkFormat(flags.format, APPLY_FORMATS);
  const saved =
    flags.plan === undefined
      ? undefined
      : await readSavedPlan(resolve(io.cwd, flags.plan), flags.plan);
  const { config, live, plan, api } = await preparePlan(ctx, { file, connection: flags });
  try {
    const color = colorEnabled({ env: io.env, isTTY: io.stdoutIsTTY });
    const planText = render('plan', plan, {
      format: 'text',
      color: format === 'json' ? false : color,
      file,
    });
    // With --format json stdout carries only the report.
    (format === 'json' ? io.stderr : io.stdout).write(planText);
    if (saved !== undefined) checkSavedPlan(saved, plan, flags.plan ?? '');
    checkSafety(plan, flags.force === true);
    if (plan.operations.length === 0) {
      if (format === 'json')
        io.stdout.write(
          render('apply', new ApplyLedger().report(plan, []), { format: 'json', color: false }),
        );
      else io.stdout.write('No changes: the group already matches the file.\n');
      return;
    }
    await confirm(ctx, plan, flags.autoApprove === true);
    const report = await executePlan(api, plan, {
      concurrency: Number(flags.concurrency ?? DEFAULT_CONCURRENCY),
      adminFloor: {
        adminIds: live.members.filter((m) => m.roles.includes('admin')).map((m) => m.id),
        minAdmins: config.policy.min_admins,
      },
      ...(io.stderrIsTTY && plan.operations.length > PROGRESS_MIN_OPERATIONS
        ? { onProgress: progressPrinter(ctx) }
        : {}),
    });
    if (format === 'text') io.stdout.write('\n');
    io.stdout.write(render('apply', report, { format, color: format === 'text' && color }));
    failIfIncomplete(report);
  } finally {
    await api.close();
  }
}

function checkSavedPlan(saved: SavedPlan, plan: Plan, shown: string): void {
  if (saved.group !== plan.group) {
    throw new GtiSyncError(
      'STALE_PLAN',
      `the saved plan is for group ${saved.group}, not ${plan.group}; nothing was changed`,
      { location: shown },
    );
  }
  if (saved.fingerprint !== plan.fingerprint) {
    throw new GtiSyncError(
      'STALE_PLAN',
      `the group or the file changed since the plan was saved (saved ${saved.fingerprint}, now ` +
        `${plan.fingerprint}); nothing was changed: run plan again and review it`,
      { location: shown },
    );
  }
  // Same fingerprint, so the fresh operations are those computed when the plan was saved: saved
  // operations that differ were edited afterwards, and are not what was reviewed.
  const factsOf = (ops: readonly Operation[]) => canonicalJson(ops.map(operationFacts));
  if (factsOf(saved.operations) !== factsOf(plan.operations)) {
    throw new GtiSyncError(
      'BAD_PLAN_FILE',
      'the operations in the saved plan are not those its fingerprint was computed for (the file was edited after plan --out); nothing was changed',
      { location: shown },
    );
  }
}

function checkSafety(plan: Plan, force: boolean): void {
  const blocking = blockingFailures(plan, { force });
  if (blocking.length === 0) return;
  const reasons = blocking.map((f) => `${f.code}: ${f.message}`).join('; ');
  const hint = blocking.some((f) => f.overridable)
    ? ' (--force passes TOO_MANY_REMOVALS only)'
    : '';
  throw new GtiSyncError(
    'UNSAFE_PLAN',
    `refusing to apply an unsafe plan, nothing was changed: ${reasons}${hint}`,
  );
}

async function confirm(ctx: CliContext, plan: Plan, autoApprove: boolean): Promise<void> {
  if (autoApprove) return;
  if (!ctx.io.stdinIsTTY) {
    throw new GtiSyncError(
      'APPROVAL_REQUIRED',
      'stdin is not a terminal, so apply cannot ask for confirmation; pass --auto-approve to apply unattended',
    );
  }
  const count = plan.operations.length;
  const answer = await ctx.io.readLine(
    `Apply these ${count} change${count === 1 ? '' : 's'} to group ${plan.group}? Type "yes": `,
  );
  // No answer (Ctrl-D): the terminal echoed no newline, so end the prompt's line before the error.
  if (answer === null) ctx.io.stderr.write('\n');
  if (answer?.trim() !== 'yes')
    throw new GtiSyncError('APPLY_CANCELLED', 'apply cancelled; nothing was changed');
}

function failIfIncomplete(report: ApplyReport): void {
  const quota = report.failed.find((op) => op.error.code === 'QUOTA_EXCEEDED');
  if (quota !== undefined) {
    throw new GtiSyncError(
      'QUOTA_EXCEEDED',
      `stopped: ${quota.error.message}; ${report.skipped.length} operation(s) were not tried; run apply again once the quota resets`,
    );
  }
  if (report.failed.length > 0) {
    throw new GtiSyncError(
      'APPLY_INCOMPLETE',
      `${report.failed.length} operation(s) failed (see the report); fix the cause and run apply again`,
    );
  }
}

/** On a terminal: one line per step, rewritten in place as it advances. */
function progressPrinter(ctx: CliContext): (event: ApplyProgress) => void {
  // This line replaces the client's request counter while apply executes.
  ctx.requestProgress = false;
  return (event) => {
    const line = `apply: ${event.step.replaceAll('_', ' ')} ${event.completed}/${event.total}`;
    // A finished step stays on screen; the one under way is the status line.
    if (event.completed >= event.total) ctx.io.stderr.write(`${line}\n`);
    else if (ctx.status) ctx.status.show(line);
  };
}
