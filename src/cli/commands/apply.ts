/** `gti-sync apply`: not built yet. */
import type { Command } from 'commander';
import { GtiSyncError } from '../../errors.js';
import type { CliContext } from '../io.js';

/** Registers the `apply` command. */
export function registerApply(program: Command, _ctx: CliContext): void {
  program
    .command('apply')
    .description('(not built yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new GtiSyncError('NOT_IMPLEMENTED', '`apply` is not built yet');
    });
}
