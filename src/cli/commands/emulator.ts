/** `gti-sync emulator`: not built yet. */
import type { Command } from 'commander';
import { GtiSyncError } from '../../errors.js';
import type { CliContext } from '../io.js';

/** Registers the `emulator` command. */
export function registerEmulator(program: Command, _ctx: CliContext): void {
  program
    .command('emulator')
    .description('(not built yet)')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      throw new GtiSyncError('NOT_IMPLEMENTED', '`emulator` is not built yet');
    });
}
