/**
 * `--changed-files PATH` of `plan` and `apply` over several groups (issue 12 item 7): only the
 * groups whose file or a baseline is listed (engine/changed-files.ts). With one group file it is
 * refused: a single-group run has nothing to choose from.
 */
import type { Command } from 'commander';
import { UsageError } from '../model/errors.js';
import type { CliContext } from './io.js';

/** The parsed flag. */
export interface ChangedFilesOptions {
  changedFiles?: string;
}

/** Adds `--changed-files <path>` to `command`. */
export function addChangedFilesOption(command: Command): void {
  command.option(
    '--changed-files <path>',
    'with several groups: only those whose file or a baseline is listed in PATH, one path a line ' +
      '(git diff --name-only, run from the repository root)',
  );
}

/** BAD_FLAG when `--changed-files` is given to a single-group run. */
export function refuseChangedFilesAlone(flags: ChangedFilesOptions): void {
  if (flags.changedFiles === undefined) return;
  throw new UsageError(
    '--changed-files chooses among several groups: give a directory or several group files',
    'BAD_FLAG',
  );
}

/** The changed paths of `--changed-files`, or undefined without the flag (every group). */
export async function readChangedFlag(
  ctx: CliContext,
  flags: ChangedFilesOptions,
): Promise<ReadonlySet<string> | undefined> {
  if (flags.changedFiles === undefined) return undefined;
  const { readChangedFiles } = await import('../engine/changed-files.js');
  return readChangedFiles(flags.changedFiles, ctx.io.cwd);
}

/** One stderr line naming the groups left out as unchanged. */
export function reportUnchanged(ctx: CliContext, unchanged: readonly string[]): void {
  if (unchanged.length === 0) return;
  ctx.io.stderr.write(
    `gti-sync: ${unchanged.length} group file(s) left out, unchanged with their baselines: ` +
      `${unchanged.join(', ')}\n`,
  );
}
