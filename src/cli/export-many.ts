/**
 * `export --diff` over several group files or a directory (issue 12): one unified diff per group
 * with drift, one after the other on stdout (each names its file, so `git apply` takes them all);
 * the failed groups on stderr. Exit 1 when any group failed (GROUPS_FAILED, after everything is
 * printed), else 2 with `--detailed-exitcode` when any group has drift. Loaded only when such a
 * run starts.
 */
import type { ConnectionOptions } from './connection-options.js';
import type { CliContext } from './io.js';
import { failIfAnyFailed, multiGroupOptions } from './plan-many.js';

/** The flags of a multi-group `export --diff`. */
export interface ExportManyFlags extends ConnectionOptions {
  detailedExitcode?: boolean;
  groups?: string;
}

/** Diffs every group of `files` against its live group and prints the diffs. */
export async function runExportDiffMany(
  ctx: CliContext,
  files: string[],
  flags: ExportManyFlags,
): Promise<void> {
  const { io } = ctx;
  const run = multiGroupOptions(ctx, files, flags, { countRequests: true });
  const [{ diffGroupFiles }, { restyledNote }] = await Promise.all([
    import('../engine/diff-groups.js'),
    import('../yaml-edit/adopt-live-group.js'),
  ]);
  const { diffs, errors } = await diffGroupFiles(run);
  for (const { file, diff } of diffs) {
    if (diff.restyled !== undefined) {
      io.stderr.write(`gti-sync: warning: ${restyledNote(file, diff.restyled)}\n`);
    }
    io.stdout.write(diff.patch);
  }
  const drifted = diffs.filter((d) => d.diff.drift).length;
  for (const e of errors) {
    io.stderr.write(
      `gti-sync: group ${e.group ?? '?'} (${e.file}) failed: ${e.code}: ${e.message}\n`,
    );
  }
  io.stderr.write(
    `gti-sync: ${files.length} group(s): ${drifted} with drift, ${diffs.length - drifted} without, ${errors.length} failed\n`,
  );
  failIfAnyFailed(errors.length, files.length);
  if (flags.detailedExitcode === true && drifted > 0) ctx.exitCode = 2;
}
