/** `gti-sync export`: not built yet. */
import type { Command } from 'commander';
import { GtiSyncError } from '../../errors.js';
import type { CliContext } from '../io.js';

/** Registers the `export` command. */
export function registerExport(program: Command, _ctx: CliContext): void {
  program
    .command('export')
    .description('(not built yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new GtiSyncError('NOT_IMPLEMENTED', '`export` is not built yet');
    });
}
