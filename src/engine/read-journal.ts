/**
 * Reads journals written by `apply --journal FILE` (docs/operations.md), bounded: the file's
 * size, each line's length and the count of lines. A bad line is BAD_JOURNAL with FILE:LINE.
 */
import { readFile, stat } from 'node:fs/promises';
import { GtiSyncError } from '../model/errors.js';
import type { JournalLine } from './journal-lines.js';

/** The bounds of one journal file. */
const JOURNAL_LIMITS = { fileBytes: 32 * 1024 * 1024, lineBytes: 64 * 1024, lines: 200_000 };

const RESULTS = new Set(['done', 'failed', 'skipped', 'invited']);
const STRING_KEYS = ['time', 'group', 'kind', 'result', 'fingerprint', 'caller'] as const;
const NULLABLE_KEYS = [
  'email',
  'user_id',
  'service_account',
  'role',
  'quota',
  'from',
  'to',
  'code',
  'message',
  'ci',
] as const;

/** The lines of the journal at `path` (`shown`: as the user named it), in file order. */
export async function readJournal(
  path: string,
  shown: string,
  limits = JOURNAL_LIMITS,
): Promise<JournalLine[]> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch {
    throw new GtiSyncError('FILE_NOT_FOUND', `${shown}: no such journal file`);
  }
  if (size > limits.fileBytes) {
    throw new GtiSyncError('BAD_JOURNAL', `${shown}: over ${limits.fileBytes} bytes`);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new GtiSyncError('FILE_UNREADABLE', `${shown}: cannot be read`);
  }
  const rows = text.split('\n');
  if (rows.at(-1) === '') rows.pop();
  if (rows.length > limits.lines) {
    throw new GtiSyncError('BAD_JOURNAL', `${shown}: more than ${limits.lines} lines`);
  }
  return rows.map((row, index) => parseLine(row, `${shown}:${index + 1}`, limits.lineBytes));
}

function parseLine(row: string, where: string, lineBytes: number): JournalLine {
  const bad = (why: string) => new GtiSyncError('BAD_JOURNAL', `${where}: ${why}`);
  if (Buffer.byteLength(row) > lineBytes) throw bad(`line over ${lineBytes} bytes`);
  let value: unknown;
  try {
    value = JSON.parse(row);
  } catch {
    throw bad('not JSON');
  }
  if (!isRecord(value)) throw bad('not a JSON object');
  const problem = problemOf(value);
  if (problem !== undefined) throw bad(problem);
  if (!isJournalLine(value)) throw bad('not a journal line');
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isJournalLine(
  line: Record<string, unknown>,
): line is Record<string, unknown> & JournalLine {
  return problemOf(line) === undefined;
}

/** What makes `line` not a journal line, or undefined. */
function problemOf(line: Record<string, unknown>): string | undefined {
  for (const key of STRING_KEYS) {
    if (typeof line[key] !== 'string') return `"${key}" is missing or not a string`;
  }
  for (const key of NULLABLE_KEYS) {
    if (!(key in line)) return `"${key}" is missing`;
  }
  const result = line['result'];
  if (typeof result !== 'string' || !RESULTS.has(result)) return '"result" is not a journal result';
  const time = line['time'];
  if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) return '"time" is not a date';
  return undefined;
}
