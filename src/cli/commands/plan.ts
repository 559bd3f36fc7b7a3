/**
 * `gti-sync plan [FILE]` (design §2, §3): prints the plan of the file against the live group, and
 * optionally saves it (`--out`) and appends it to the GitHub step summary. A plan that `apply`
 * would refuse is printed whole, then fails with the engine's UNSAFE_PLAN, so a pull request
 * already shows the refusal. The engine and the renderers load only when the command runs.
 */
import type { Command } from 'commander';
import { checkFormat } from '../../check-format.js';
import { PLAN_FORMATS } from '../../model/formats.js';
import { DEFAULT_GROUP_FILE } from '../../model/group-config.js';
import { addConnectionOptions } from '../connection-options.js';
import type { ConnectionOptions } from '../connection-options.js';
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

interface PlanFlags
  extends ConnectionOptions, SelectionOptions, NotifyOptions, ChangedFilesOptions {
  format: string;
  out?: string;
  detailedExitcode?: boolean;
  force?: boolean;
  groups?: string;
}

/** Registers the `plan` command. */
export function registerPlan(program: Command, ctx: CliContext): void {
  const command = program
    .command('plan')
    .description('Show what apply would change in the live group to make it match the file.')
    .argument(
      '[files...]',
      'group files or directories (several, or a directory: one plan per group)',
      [DEFAULT_GROUP_FILE],
    )
    .option('--format <format>', `output format: ${PLAN_FORMATS.join(', ')}`, 'text')
    .option('--out <file>', 'also save the plan as JSON (with its fingerprint) for apply --plan')
    .option('--detailed-exitcode', 'exit 2 when the plan has changes (0: none, 1: error)')
    .option(
      '--force',
      'show the plan as apply --force sees it: the removal-ratio limit does not fail it',
    )
    .option('--groups <n>', 'with several groups: groups read at once (default 16)');
  addChangedFilesOption(command);
  addSelectionOptions(command);
  addConnectionOptions(command);
  addNotifyOption(command);
  command.action((files: string[], flags: PlanFlags) => runPlan(ctx, files, flags));
}

async function runPlan(ctx: CliContext, args: string[], flags: PlanFlags): Promise<void> {
  const { io } = ctx;
  const format = checkFormat(flags.format, PLAN_FORMATS);
  const notify = await prepareNotify(ctx, flags);
  const { expandGroupArgs } = await import('../../engine/group-args.js');
  const expanded = await expandGroupArgs(args, io.cwd);
  if (expanded.multi) {
    refuseSelectionForMany(flags);
    const { runPlanMany } = await import('../plan-many.js');
    return runPlanMany(ctx, expanded.files, { ...flags, format }, notify);
  }
  refuseChangedFilesAlone(flags);
  const file = expanded.files[0] ?? DEFAULT_GROUP_FILE;
  const [{ planGroup }, { groupRunOptions }, { render }, { colorEnabled }, files] =
    await Promise.all([
      import('../../engine/plan-group.js'),
      import('../engine-options.js'),
      import('../../render/render.js'),
      import('../../render/color.js'),
      import('../plan-files.js'),
    ]);
  const options = groupRunOptions(ctx, file, flags);
  // A plan that cannot be saved fails before any request, not after the API was read.
  if (flags.out !== undefined) await files.checkWritable(ctx, flags.out);
  const { plan, live, requests, refusal } = await planGroup({
    ...options,
    force: flags.force === true,
    selection: selectionFlags(flags),
  });
  const pending = live.pendingInvitations.length;
  io.stderr.write(
    `gti-sync: read group ${plan.group}: ${n(live.members.length, 'member')}, ${n(live.serviceAccounts.length, 'service account')}` +
      `${pending > 0 ? `, ${n(pending, 'pending invitation')}` : ''} (${n(requests, 'API request')})\n`,
  );
  const color = format === 'text' && colorEnabled({ env: io.env, isTTY: io.stdoutIsTTY });
  io.stdout.write(render('plan', plan, { format, color, file }));
  if (flags.out !== undefined) await files.savePlan(ctx, plan, flags.out);
  await files.appendStepSummary(ctx, plan, file);
  if (refusal !== undefined) throw refusal;
  if (flags.detailedExitcode === true && plan.operations.length > 0) {
    ctx.exitCode = 2;
    const { planSummary } = await import('../../notify/payload.js');
    await notify(planSummary(plan, io.env));
  }
}

/** `1 member`, `2 members`. */
function n(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
