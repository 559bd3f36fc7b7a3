/**
 * `gti-sync plan [FILE]` (design §2, §3): reads the live group, prints the plan, and optionally
 * saves it (`--out`) and appends it to the GitHub step summary. A plan that `apply` would refuse is
 * printed whole, then fails with UNSAFE_PLAN, so a pull request already shows the refusal.
 */
import { constants } from 'node:fs';
import { access, appendFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { GtiSyncError } from '../../model/errors.js';
import { blockingFailures } from '../../plan/build-plan.js';
import type { Plan } from '../../model/plan.js';
import { colorEnabled } from '../../render/color.js';
import { FORMATS, render } from '../../render/render.js';
import { addConnectionOptions } from '../connection-options.js';
import type { ConnectionOptions } from '../connection-options.js';
import type { CliContext } from '../io.js';
import { checkFormat } from '../../check-format.js';
import { DEFAULT_GROUP_FILE } from '../../config/load-group-file.js';
import { preparePlan } from '../prepare-plan.js';

interface PlanFlags extends ConnectionOptions {
  format: string;
  out?: string;
  detailedExitcode?: boolean;
  force?: boolean;
}

/** Registers the `plan` command. */
export function registerPlan(program: Command, ctx: CliContext): void {
  const command = program
    .command('plan')
    .description('Show what apply would change in the live group to make it match the file.')
    .argument('[file]', 'the group file', DEFAULT_GROUP_FILE)
    .option('--format <format>', `output format: ${FORMATS.plan.join(', ')}`, 'text')
    .option('--out <file>', 'also save the plan as JSON (with its fingerprint) for apply --plan')
    .option('--detailed-exitcode', 'exit 2 when the plan has changes (0: none, 1: error)')
    .option(
      '--force',
      'show the plan as apply --force sees it: the removal-ratio limit does not fail it',
    );
  addConnectionOptions(command);
  command.action((file: string, flags: PlanFlags) => runPlan(ctx, file, flags));
}

async function runPlan(ctx: CliContext, file: string, flags: PlanFlags): Promise<void> {
  const { io } = ctx;
  const format = checkFormat(flags.format, FORMATS.plan);
  // A plan that cannot be saved fails before any request, not after the API was read.
  if (flags.out !== undefined) await checkWritable(resolve(io.cwd, flags.out), flags.out);
  const { plan, live, api } = await preparePlan(ctx, { file, connection: flags });
  const requests = api.stats.requests;
  await api.close();
  const pending = live.pendingInvitations.length;
  io.stderr.write(
    `gti-sync: read group ${plan.group}: ${live.members.length} members, ${live.serviceAccounts.length} service accounts` +
      `${pending > 0 ? `, ${pending} pending invitation(s)` : ''} (${requests} API requests)\n`,
  );

  if (live.members.some((m) => (m.unknownRoles ?? []).length > 0)) {
    io.stderr.write(
      "gti-sync: warning: the API did not report members' roles (no context_attributes); only admin is compared, private_scanning is left alone\n",
    );
  }
  const color = format === 'text' && colorEnabled({ env: io.env, isTTY: io.stdoutIsTTY });
  io.stdout.write(render('plan', plan, { format, color, file }));
  if (flags.out !== undefined) await saveJson(ctx, plan, flags.out);
  await appendStepSummary(ctx, plan, file);

  const blocking = blockingFailures(plan, { force: flags.force === true });
  if (blocking.length > 0) {
    const codes = [...new Set(blocking.map((f) => f.code))].join(', ');
    const hint = blocking.some((f) => f.overridable)
      ? ' (--force passes TOO_MANY_REMOVALS only)'
      : '';
    throw new GtiSyncError(
      'UNSAFE_PLAN',
      `apply would refuse this plan: ${codes}; see the safety failures above${hint}`,
    );
  }
  if (flags.detailedExitcode === true && plan.operations.length > 0) ctx.exitCode = 2;
}

async function saveJson(ctx: CliContext, plan: Plan, out: string): Promise<void> {
  try {
    const json = render('plan', plan, { format: 'json', color: false });
    await writeFile(resolve(ctx.io.cwd, out), ctx.secrets?.redact(json) ?? json);
  } catch (cause) {
    throw new GtiSyncError('FILE_UNWRITABLE', `cannot write the plan to ${out}: ${reason(cause)}`, {
      cause,
    });
  }
  ctx.io.stderr.write(`gti-sync: saved the plan to ${out} (fingerprint ${plan.fingerprint})\n`);
}

/**
 * Throws FILE_UNWRITABLE unless `path` can be written: its directory exists and is writable, and
 * the path itself, if it exists, is a writable file. Creates nothing: a run that fails later must
 * not leave an empty plan file behind.
 */
async function checkWritable(path: string, shown: string): Promise<void> {
  const dir = dirname(path);
  const fail = (why: string, cause?: unknown): GtiSyncError =>
    new GtiSyncError('FILE_UNWRITABLE', `cannot write the plan to ${shown}: ${why}`, {
      ...(cause === undefined ? {} : { cause }),
    });
  const dirStat = await stat(dir).catch((cause: unknown) => {
    throw fail(`the directory ${dirname(shown)} does not exist (${reason(cause)})`, cause);
  });
  if (!dirStat.isDirectory()) throw fail(`${dirname(shown)} is not a directory`);
  const target = await stat(path).catch(() => null);
  if (target?.isDirectory() === true) throw fail('it is a directory');
  await access(target === null ? dir : path, constants.W_OK).catch((cause: unknown) => {
    const what = target === null ? `the directory ${dirname(shown)}` : 'the file';
    throw fail(`${what} is not writable (${reason(cause)})`, cause);
  });
}

/** In GitHub Actions, the markdown plan also goes to the job summary; failing that is only a warning. */
async function appendStepSummary(ctx: CliContext, plan: Plan, file: string): Promise<void> {
  const summary = ctx.io.env['GITHUB_STEP_SUMMARY'];
  if (summary === undefined || summary === '') return;
  try {
    const markdown = `${render('plan', plan, { format: 'markdown', color: false, file })}\n`;
    await appendFile(resolve(ctx.io.cwd, summary), ctx.secrets?.redact(markdown) ?? markdown);
  } catch (cause) {
    ctx.io.stderr.write(
      `gti-sync: warning: cannot append the plan to GITHUB_STEP_SUMMARY (${summary}): ${reason(cause)}\n`,
    );
  }
}

function reason(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code: unknown = Reflect.get(error, 'code');
    if (typeof code === 'string') return code;
  }
  return error instanceof Error ? error.message : String(error);
}
