/**
 * Known errors: everything a user can cause or meet (a bad file, a bad flag, an API refusal, an
 * unsafe or stale plan). The CLI's one error boundary prints them as one line
 * `gti-sync: CODE: message` and exits 1; anything else is a bug and prints a stack trace.
 */
import type { ErrorCode } from './error-codes.js';

export class GtiSyncError extends Error {
  /** Stable, documented code (src/model/error-codes.ts), e.g. `BAD_FLAG`, `STALE_PLAN`. */
  readonly code: ErrorCode;
  /** `FILE:LINE:COL` (or `FILE:LINE`) where the problem is, when there is one. */
  readonly location: string | undefined;

  constructor(code: ErrorCode, message: string, options?: { location?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'GtiSyncError';
    this.code = code;
    this.location = options?.location;
  }
}

/** A bad command line: unknown flag, bad value, missing argument. */
export class UsageError extends GtiSyncError {
  constructor(message: string, code: ErrorCode = 'BAD_USAGE') {
    super(code, message);
    this.name = 'UsageError';
  }
}

/** One problem found in a file, with its position (1-based line and column). */
export interface Problem {
  file: string;
  line: number;
  col: number;
  code: ErrorCode;
  message: string;
  severity: 'error' | 'warning';
}

/** A file that failed validation; carries every problem found, not just the first. */
export class ConfigError extends GtiSyncError {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const first = problems[0];
    super(
      first?.code ?? 'INVALID_FILE',
      first ? first.message : 'invalid file',
      first ? { location: `${first.file}:${first.line}:${first.col}` } : undefined,
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
