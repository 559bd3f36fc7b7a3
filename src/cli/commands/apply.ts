/**
 * `gti-sync apply [FILE]` (design §2–§4): shows the fresh plan, then the engine's applyGroup binds
 * it to the saved plan (`--plan`), checks safety, asks (or needs `--auto-approve`) and executes;
 * this prints the report and fails (exit 1) when anything failed. The engine and the renderers
 * load only when the command runs.
 */
import type { Command } from 'commander';
import { checkFormat } from '../../check-format.js';
import type { ApplyProgress } from '../../model/apply-report.js';
import { APPLY_FORMATS } from '../../model/formats.js';
import { DEFAULT_GROUP_FILE } from '../../model/group-config.js';
import { addConnectionOptions, type ConnectionOptions } from '../connection-options.js';
import { addChangedFilesOption, refuseChangedFilesAlone } from '../changed-files-option.js';
import type { ChangedFilesOptions } from '../changed-files-option.js';
import type { CliContext } from '../io.js';
import { addNotifyOption, prepareNotify, type NotifyOptions } from '../notify-options.js';
import {
  addSelectionOptions,
  refuseSelectionForMany,
  selectionFlags,
} from '../selection-options.js';
import type { SelectionOptions } from '../selection-options.js';

/** Runs with more operations than this show progress on stderr (when it is a terminal). */
const PROGRESS_MIN_OPERATIONS = 40;

interface ApplyFlags
  extends ConnectionOptions, SelectionOptions, NotifyOptions, ChangedFilesOptions {
  plan?: string;
  autoApprove?: boolean;
  force?: boolean;
  format: string;
  journal?: string;
  groups?: string;
}

/** Registers the `apply` command. */
export function registerApply(program: Command, ctx: CliContext): void {
  const command = program
    .command('apply')
    .description('Make the live group match the file: plan, check safety, confirm, execute.')
    .argument('[files...]', 'group files or directories (several, or a directory: every group)', [
      DEFAULT_GROUP_FILE,
    ])
    .option(
      '--plan <file>',
      'apply only if the fresh plan has the fingerprint of this saved plan (plan --out)',
    )
    .option('--auto-approve', 'apply without asking (required when stdin is not a terminal)')
    .option('--force', 'pass the removal-ratio limit (the other safety rules always hold)')
    .option('--format <format>', `report format: ${APPLY_FORMATS.join(', ')}`, 'text')
    .option('--journal <file>', 'append one JSON line per operation attempted to this file')
    .option('--groups <n>', 'with several groups: groups read at once (default 16)');
  addChangedFilesOption(command);
  addSelectionOptions(command);
  addConnectionOptions(command);
  addNotifyOption(command);
  command.action((files: string[], flags: ApplyFlags) => runApply(ctx, files, flags));
}

async function runApply(ctx: CliContext, args: string[], flags: ApplyFlags): Promise<void> {
  const { io } = ctx;
  // Every check that can fail without the API runs before anything else.
  const format = checkFormat(flags.format, APPLY_FORMATS);
  const notify = await prepareNotify(ctx, flags);
  const { expandGroupArgs } = await import('../../engine/group-args.js');
  const expanded = await expandGroupArgs(args, io.cwd);
  if (expanded.multi) {
    refuseSelectionForMany(flags);
    const { runApplyMany } = await import('../apply-many.js');
    return runApplyMany(ctx, expanded.files, { ...flags, format }, notify);
  }
  refuseChangedFilesAlone(flags);
  const file = expanded.files[0] ?? DEFAULT_GROUP_FILE;
  const [{ applyGroup }, { groupRunOptions }, { render }, { colorEnabled }] = await Promise.all([
    import('../../engine/apply-group.js'),
    import('../engine-options.js'),
    import('../../render/render.js'),
    import('../../render/color.js'),
  ]);
  const color = colorEnabled({ env: io.env, isTTY: io.stdoutIsTTY });
  let progress: ((event: ApplyProgress) => void) | undefined;
  const { trapInterrupts, interruptExitCode } = await import('../interrupt.js');
  const trap = trapInterrupts(ctx);
  try {
    await applyAndReport();
  } finally {
    trap.dispose();
  }

  async function applyAndReport(): Promise<void> {
    const result = await applyGroup({
      ...groupRunOptions(ctx, file, flags),
      savedPlan: flags.plan,
      force: flags.force === true,
      selection: selectionFlags(flags),
      journal: flags.journal === undefined ? undefined : { file: flags.journal, env: io.env },
      onPlan: (plan) => {
        const text = render('plan', plan, {
          format: 'text',
          color: format === 'json' ? false : color,
          file,
        });
        // With --format json stdout carries only the report.
        (format === 'json' ? io.stderr : io.stdout).write(text);
        if (io.stderrIsTTY && plan.operations.length > PROGRESS_MIN_OPERATIONS) {
          progress = progressPrinter(ctx);
        }
      },
      approval: {
        autoApprove: flags.autoApprove === true,
        canAsk: io.stdinIsTTY,
        ask: async (plan) => {
          const count = plan.operations.length;
          const answer = await io.readLine(
            `Apply these ${count} change${count === 1 ? '' : 's'} to group ${plan.group}? Type "yes": `,
          );
          // No answer (Ctrl-D): the terminal echoed no newline, so end the prompt's line first.
          if (answer === null) io.stderr.write('\n');
          return answer;
        },
      },
      onProgress: (event) => progress?.(event),
      signal: trap.signal,
      onExecute: () => trap.executing(),
    });
    if (!result.executed) {
      if (format === 'json') {
        io.stdout.write(render('apply', result.report, { format: 'json', color: false }));
      }
      // Text: the plan printed above already said "No changes" (one line, not two).
      return;
    }
    if (format === 'text') io.stdout.write('\n');
    io.stdout.write(render('apply', result.report, { format, color: format === 'text' && color }));
    const { applySummary } = await import('../../notify/payload.js');
    await notify(applySummary(result.report, io.env));
    const signal = trap.received();
    if (result.report.interrupted === true && signal !== undefined) {
      const { report } = result;
      const total =
        report.done.length + report.failed.length + report.skipped.length + report.invited.length;
      const started =
        total - report.skipped.filter((op) => op.reason_code === 'interrupted').length;
      io.stderr.write(
        `gti-sync: interrupted after ${started} of ${total} operations; run plan to see what is left\n`,
      );
      ctx.exitCode = interruptExitCode(signal);
      return;
    }
    if (result.failure !== undefined) throw result.failure;
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
