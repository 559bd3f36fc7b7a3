/**
 * The files `plan` writes besides stdout: the saved plan (`--out`, checked writable before any
 * request) and the GitHub job summary. Both pass through the run's secrets.
 */
import { constants } from 'node:fs';
import { access, appendFile, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { GtiSyncError } from '../model/errors.js';
import type { Plan } from '../model/plan.js';
import { render } from '../render/render.js';
import type { CliContext } from './io.js';

/** Writes the plan as JSON to `out` (for `apply --plan`); FILE_UNWRITABLE when it cannot. */
export async function savePlan(ctx: CliContext, plan: Plan, out: string): Promise<void> {
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
 * Throws FILE_UNWRITABLE unless `shown` (relative to the CLI's cwd) can be written: its directory
 * exists and is writable, and the path itself, if it exists, is a writable file. Creates nothing:
 * a run that fails later must not leave an empty plan file behind.
 */
export async function checkWritable(ctx: CliContext, shown: string): Promise<void> {
  const path = resolve(ctx.io.cwd, shown);
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
export async function appendStepSummary(ctx: CliContext, plan: Plan, file: string): Promise<void> {
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
