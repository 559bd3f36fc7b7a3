/**
 * `apply` over several group files or a directory (issue 12): the plans of every group printed
 * (the multi-group text), one question for all groups with changes (listing each) or
 * `--auto-approve`, then each group applied on its own client and key. `--plan FILE` takes the
 * multi-group plan saved by `plan DIR --out FILE`: a group whose fresh plan differs is refused
 * alone (STALE_PLAN) and the others are applied. Exit 1 (GROUPS_FAILED) when any group failed.
 */
import { escapeControl } from '../model/escape-control.js';
import { GtiSyncError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import { colorEnabled } from '../render/color.js';
import { renderMultiPlan } from '../render/render-multi-plan.js';
import { render } from '../render/render.js';
import type { ConnectionOptions } from './connection-options.js';
import { readChangedFlag, reportUnchanged } from './changed-files-option.js';
import type { ChangedFilesOptions } from './changed-files-option.js';
import type { CliContext } from './io.js';
import type { Notify } from './notify-options.js';
import { failIfAnyFailed, multiGroupOptions } from './plan-many.js';

/** The flags of a multi-group apply. */
export interface ApplyManyFlags extends ConnectionOptions, ChangedFilesOptions {
  /** `--journal FILE`: every group's lines appended to this one file. */
  journal?: string;
  plan?: string;
  autoApprove?: boolean;
  force?: boolean;
  format: 'text' | 'json';
  groups?: string;
}

/** Applies every group of `files` and prints the multi-group output. */
export async function runApplyMany(
  ctx: CliContext,
  files: string[],
  flags: ApplyManyFlags,
  notify: Notify,
): Promise<void> {
  const { io } = ctx;
  const run = multiGroupOptions(ctx, files, flags);
  const color = flags.format === 'text' && colorEnabled({ env: io.env, isTTY: io.stdoutIsTTY });
  const changed = await readChangedFlag(ctx, flags);
  // A journal that cannot be appended to fails before any request, as with one group.
  if (flags.journal !== undefined) {
    const [{ checkJournalWritable }, { resolve }] = await Promise.all([
      import('../engine/append-journal.js'),
      import('node:path'),
    ]);
    await checkJournalWritable(resolve(io.cwd, flags.journal), flags.journal);
  }
  const { applyGroups } = await import('../engine/apply-groups.js');
  const result = await applyGroups({
    ...run,
    changed,
    journal: flags.journal === undefined ? undefined : { file: flags.journal, env: io.env },
    force: flags.force === true,
    savedPlan: flags.plan,
    onPlans: (multi, names) => {
      const text = renderMultiPlan(multi, { format: 'text', color, files: names });
      (flags.format === 'json' ? io.stderr : io.stdout).write(text);
    },
    confirm: (plans) => confirmAll(ctx, plans, flags.autoApprove === true),
  });
  reportUnchanged(ctx, result.unchanged);
  if (flags.format === 'json') {
    const reports = result.reports.map((r): unknown =>
      JSON.parse(render('apply', r, { format: 'json', color: false })),
    );
    io.stdout.write(`${JSON.stringify({ version: 1, reports, errors: result.errors }, null, 2)}\n`);
  } else {
    for (const report of result.reports) {
      io.stdout.write(`\n=== applied group ${report.group} ===\n`);
      io.stdout.write(render('apply', report, { format: 'text', color }));
    }
    for (const error of result.errors) {
      io.stdout.write(
        `\n=== group ${escapeControl(error.group ?? '?')} (${escapeControl(error.file)}) failed ===\n`,
      );
      io.stdout.write(`error ${error.code}: ${escapeControl(error.message)}\n`);
    }
    io.stdout.write(
      `\n${result.reports.length} group(s) applied, ${result.errors.length} failed.\n`,
    );
  }
  const { applySummary, multiSummary } = await import('../notify/payload.js');
  const summaries = result.reports.map((report) => applySummary(report, io.env));
  await notify(multiSummary('apply', summaries, result.errors, io.env));
  failIfAnyFailed(result.errors.length, files.length);
}

/** One question for every group with changes, or `--auto-approve`. */
async function confirmAll(ctx: CliContext, plans: readonly Plan[], autoApprove: boolean) {
  if (autoApprove) return;
  if (!ctx.io.stdinIsTTY) {
    throw new GtiSyncError(
      'APPROVAL_REQUIRED',
      'stdin is not a terminal, so apply cannot ask for confirmation; pass --auto-approve to apply unattended',
    );
  }
  const list = plans.map((p) => `  ${p.group}: ${p.operations.length} change(s)`).join('\n');
  ctx.io.stderr.write(`Groups to change:\n${list}\n`);
  const answer = await ctx.io.readLine(
    `Apply the changes to these ${plans.length} group(s)? Type "yes": `,
  );
  if (answer === null) ctx.io.stderr.write('\n');
  if (answer?.trim() !== 'yes') {
    throw new GtiSyncError('APPLY_CANCELLED', 'apply cancelled; nothing was changed in any group');
  }
}
