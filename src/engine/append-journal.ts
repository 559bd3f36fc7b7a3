/**
 * Writes the journal of `apply --journal FILE`: each line with one append (`fs.appendFile`,
 * O_APPEND), so concurrent writers on a local file system never interleave within a line.
 */
import { appendFile } from 'node:fs/promises';
import { GtiSyncError } from '../model/errors.js';
import type { JournalLine } from './journal-lines.js';

/** Checks before any work that `path` can be appended to (creating it empty when missing). */
export async function checkJournalWritable(path: string, shown: string): Promise<void> {
  await appendJournalText(path, shown, '');
}

/** Appends `lines` to `path` (created when missing), one append per line. */
export async function appendJournal(
  path: string,
  shown: string,
  lines: JournalLine[],
): Promise<void> {
  for (const line of lines) await appendJournalText(path, shown, `${JSON.stringify(line)}\n`);
}

async function appendJournalText(path: string, shown: string, text: string): Promise<void> {
  try {
    await appendFile(path, text, { encoding: 'utf8', flag: 'a' });
  } catch (error) {
    throw new GtiSyncError(
      'FILE_UNWRITABLE',
      `${shown}: cannot append to the journal (${error instanceof Error && 'code' in error ? String(error.code) : String(error)})`,
    );
  }
}
