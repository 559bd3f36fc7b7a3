/**
 * `plan` over several group files or a directory (issue 12): every group planned on its own
 * client and key, `--groups N` at once; the multi-group output (text sections and a summary,
 * JSON `{version, plans, errors}`, one markdown comment with a marker per group). Exit 1 when any
 * group failed (GROUPS_FAILED, after everything is printed), else 2 with `--detailed-exitcode`
 * when any group has changes. Loaded only when such a run starts.
 */
import { appendFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { GtiSyncError, UsageError } from '../model/errors.js';
import type { PlanFormat } from '../model/formats.js';
import { DEFAULT_GROUPS_IN_FLIGHT } from '../model/multi-group.js';
import type { MultiPlan } from '../model/multi-group.js';
import { colorEnabled } from '../render/color.js';
import { renderMultiPlan } from '../render/render-multi-plan.js';
import { clientHooks, connectionSettings } from './connection-options.js';
import type { ConnectionOptions } from './connection-options.js';
import { printWarnings } from './engine-options.js';
import { readChangedFlag, reportUnchanged } from './changed-files-option.js';
import type { ChangedFilesOptions } from './changed-files-option.js';
import type { MultiGroupOptions } from '../engine/multi-group.js';
import type { CliContext } from './io.js';
import { currentTime } from './now.js';
import type { Notify } from './notify-options.js';
import { checkWritable } from './plan-files.js';

/** The flags of a multi-group plan. */
export interface PlanManyFlags extends ConnectionOptions, ChangedFilesOptions {
  format: PlanFormat;
  out?: string;
  detailedExitcode?: boolean;
  force?: boolean;
  groups?: string;
}

/** `--groups N`: groups in flight at once (1 to 256; BAD_FLAG otherwise). */
function groupsInFlight(text: string | undefined): number {
  if (text === undefined) return DEFAULT_GROUPS_IN_FLIGHT;
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isInteger(n) || n < 1 || n > 256) {
    throw new UsageError(
      `--groups must be an integer between 1 and 256, got "${text}"`,
      'BAD_FLAG',
    );
  }
  return n;
}

/**
 * What every multi-group engine function takes, from the command line: the files, the run's
 * clock, the connection, client hooks (`countRequests` for the reports), warnings printed as each
 * file loads, and `--groups N` (BAD_FLAG here, before any work).
 */
export function multiGroupOptions(
  ctx: CliContext,
  files: readonly string[],
  flags: ConnectionOptions & { groups?: string | undefined },
  hooks: { countRequests?: boolean } = {},
): MultiGroupOptions {
  return {
    groupsInFlight: groupsInFlight(flags.groups),
    files,
    now: currentTime(ctx.io.env),
    connection: connectionSettings(flags, ctx),
    hooks: clientHooks(ctx, hooks),
    onWarnings: (warnings) => printWarnings(ctx, warnings),
  };
}

/** Plans every group of `files` and prints the multi-group output. */
export async function runPlanMany(
  ctx: CliContext,
  files: string[],
  flags: PlanManyFlags,
  notify: Notify,
): Promise<void> {
  const { io } = ctx;
  const run = multiGroupOptions(ctx, files, flags);
  if (flags.out !== undefined) await checkWritable(ctx, flags.out);
  const changed = await readChangedFlag(ctx, flags);
  const { planGroups } = await import('../engine/plan-groups.js');
  const { multi, planned, unchanged } = await planGroups({
    ...run,
    changed,
    force: flags.force === true,
  });
  reportUnchanged(ctx, unchanged);
  for (const { result } of planned) {
    const { plan, live, requests } = result;
    io.stderr.write(
      `gti-sync: read group ${plan.group}: ${live.members.length} members, ${live.serviceAccounts.length} service accounts (${requests} API requests)\n`,
    );
  }
  const filesByGroup = new Map(planned.map((p) => [p.result.plan.group, p.file]));
  const color = flags.format === 'text' && colorEnabled({ env: io.env, isTTY: io.stdoutIsTTY });
  io.stdout.write(renderMultiPlan(multi, { format: flags.format, color, files: filesByGroup }));
  if (flags.out !== undefined) await saveMultiPlan(ctx, multi, flags.out);
  await appendSummary(ctx, multi, filesByGroup);
  // The nightly drift run (--detailed-exitcode) notifies: groups with changes and groups that failed.
  if (flags.detailedExitcode === true) {
    const { multiSummary, planSummary } = await import('../notify/payload.js');
    const summaries = multi.plans.map((plan) => planSummary(plan, io.env));
    await notify(multiSummary('plan', summaries, multi.errors, io.env));
  }
  failIfAnyFailed(multi.errors.length, files.length);
  if (flags.detailedExitcode === true && multi.plans.some((p) => p.operations.length > 0)) {
    ctx.exitCode = 2;
  }
}

/** GROUPS_FAILED when `failed` of `total` groups failed (their errors are already printed). */
export function failIfAnyFailed(failed: number, total: number): void {
  if (failed === 0) return;
  throw new GtiSyncError(
    'GROUPS_FAILED',
    `${failed} of ${total} group(s) failed (listed above); the others ran`,
  );
}

async function saveMultiPlan(ctx: CliContext, multi: MultiPlan, out: string): Promise<void> {
  const json = `${JSON.stringify(multi, null, 2)}\n`;
  try {
    await writeFile(resolve(ctx.io.cwd, out), ctx.secrets?.redact(json) ?? json);
  } catch (cause) {
    throw new GtiSyncError('FILE_UNWRITABLE', `cannot write the plan to ${out}`, { cause });
  }
  ctx.io.stderr.write(`gti-sync: saved the plans of ${multi.plans.length} group(s) to ${out}\n`);
}

async function appendSummary(
  ctx: CliContext,
  multi: MultiPlan,
  files: ReadonlyMap<string, string>,
): Promise<void> {
  const summary = ctx.io.env['GITHUB_STEP_SUMMARY'];
  if (summary === undefined || summary === '') return;
  const markdown = `${renderMultiPlan(multi, { format: 'markdown', color: false, files })}\n`;
  try {
    await appendFile(resolve(ctx.io.cwd, summary), ctx.secrets?.redact(markdown) ?? markdown);
  } catch {
    ctx.io.stderr.write(`gti-sync: warning: cannot append the plan to GITHUB_STEP_SUMMARY\n`);
  }
}
