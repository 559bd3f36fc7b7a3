/** Builds and appends the journal lines of one apply (`apply --journal FILE`). */
import type { ApplyReport } from '../model/apply-report.js';
import { appendJournal } from './append-journal.js';
import { journalLines } from './journal-lines.js';

/** Appends one line per operation of `run.report` to `path` (`journal.file` as the user named it). */
export async function writeJournal(
  journal: { file: string; env: Record<string, string | undefined> },
  path: string,
  run: { report: ApplyReport; caller: string; time: Date },
): Promise<void> {
  const lines = journalLines(run.report, { time: run.time, caller: run.caller, env: journal.env });
  await appendJournal(path, journal.file, lines);
}
