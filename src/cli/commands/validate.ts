/** `gti-sync validate`: not built yet. */
import type { Command } from 'commander';
import { GtiSyncError } from '../../errors.js';
import type { CliContext } from '../io.js';

/** Registers the `validate` command. */
export function registerValidate(program: Command, _ctx: CliContext): void {
  program
    .command('validate')
    .description('(not built yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new GtiSyncError('NOT_IMPLEMENTED', '`validate` is not built yet');
    });
}
