/**
 * What every command hands the engine: the connection settings from its flags, the CLI's client
 * hooks, the run's clock, and a printer for the group file's warnings (the same line everywhere:
 * `FILE:LINE:COL warning CODE message` on stderr). Loaded with the engine, when a command runs.
 */
import type { GroupRunOptions } from '../engine/group-run.js';
import type { Problem } from '../model/errors.js';
import { formatProblem } from '../render/render-problems.js';
import { clientHooks, connectionSettings } from './connection-options.js';
import type { ConnectionOptions } from './connection-options.js';
import type { CliContext } from './io.js';
import { currentTime } from './now.js';

/** Prints a group file's warnings on stderr, one line each. */
export function printWarnings(ctx: CliContext, warnings: readonly Problem[]): void {
  for (const warning of warnings) ctx.io.stderr.write(`${formatProblem(warning)}\n`);
}

/**
 * The engine's options for a command on group file `file` with connection flags `flags`: the
 * flags are checked here (BAD_FLAG), before the file is read.
 */
export function groupRunOptions(
  ctx: CliContext,
  file: string,
  flags: ConnectionOptions,
  hooks: { countRequests?: boolean } = {},
): GroupRunOptions {
  return {
    file,
    now: currentTime(ctx.io.env),
    connection: connectionSettings(flags, ctx),
    hooks: clientHooks(ctx, hooks),
    onWarnings: (warnings) => printWarnings(ctx, warnings),
  };
}
