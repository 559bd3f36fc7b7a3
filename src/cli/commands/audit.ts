/** `gti-sync audit`: not built yet. */
import type { Command } from 'commander';
import { GtiSyncError } from '../../errors.js';
import type { CliContext } from '../io.js';

/** Registers the `audit` command. */
export function registerAudit(program: Command, _ctx: CliContext): void {
  program
    .command('audit')
    .description('(not built yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new GtiSyncError('NOT_IMPLEMENTED', '`audit` is not built yet');
    });
}
