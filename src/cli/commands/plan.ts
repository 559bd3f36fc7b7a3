/** `gti-sync plan`: not built yet. */
import type { Command } from 'commander';
import { GtiSyncError } from '../../errors.js';
import type { CliContext } from '../io.js';

/** Registers the `plan` command. */
export function registerPlan(program: Command, _ctx: CliContext): void {
  program
    .command('plan')
    .description('(not built yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new GtiSyncError('NOT_IMPLEMENTED', '`plan` is not built yet');
    });
}
