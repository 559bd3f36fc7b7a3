/**
 * The targeted-run flags `plan` and `apply` share (issue 13 item 4): `--target` (repeatable),
 * `--only KIND[,KIND...]` (repeatable), `--no-removals`. Parsed into raw values here; the engine
 * checks them (plan/select-operations.ts) before any request.
 */
import type { Command } from 'commander';
import { UsageError } from '../model/errors.js';

/** The flags as commander gives them. */
export interface SelectionOptions {
  target?: string[];
  only?: string[];
  /** commander's negatable `--no-removals`: `false` when given. */
  removals?: boolean;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Adds `--target`, `--only` and `--no-removals` to `command`. */
export function addSelectionOptions(command: Command): void {
  command
    .option(
      '--target <member>',
      'keep only operations on this member (email or user id) or service account (name); repeatable',
      collect,
    )
    .option(
      '--only <kinds>',
      'keep only these operation kinds (comma-separated, e.g. add_member,grant_role); repeatable',
      collect,
    )
    .option('--no-removals', 'leave every remove_member out of the plan');
}

/**
 * BAD_FLAG when a targeted-run flag is given to a run over several groups: a selection names the
 * members of one group, so it is refused rather than silently applied to every group.
 */
export function refuseSelectionForMany(options: SelectionOptions): void {
  if (selectionFlags(options) === undefined) return;
  throw new UsageError(
    '--target, --only and --no-removals work on one group file; run the command on that file',
    'BAD_FLAG',
  );
}

/** The engine's selection flags, or undefined when none was given (a whole plan). */
export function selectionFlags(
  options: SelectionOptions,
): { targets: string[]; only: string[]; noRemovals: boolean } | undefined {
  const targets = options.target ?? [];
  const only = options.only ?? [];
  const noRemovals = options.removals === false;
  if (targets.length === 0 && only.length === 0 && !noRemovals) return undefined;
  return { targets, only, noRemovals };
}
