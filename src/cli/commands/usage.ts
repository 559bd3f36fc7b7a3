/** `gti-sync usage`: not built yet. */
import type { Command } from 'commander';
import { GtiSyncError } from '../../errors.js';
import type { CliContext } from '../io.js';

/** Registers the `usage` command. */
export function registerUsage(program: Command, _ctx: CliContext): void {
  program
    .command('usage')
    .description('(not built yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new GtiSyncError('NOT_IMPLEMENTED', '`usage` is not built yet');
    });
}
