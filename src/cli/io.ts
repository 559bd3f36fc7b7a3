import type { SecretRedaction } from './secrets.js';
import type { StatusLine } from './status-line.js';

/**
 * The CLI's view of the outside world, injected so tests can drive the real CLI in-process
 * (as the yaml package's CLI does). `main()` fills it from `process` when not given.
 */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  /** Reads one line of the user's answer (used by `apply` to confirm); `null` when there is none. */
  readLine: (prompt: string) => Promise<string | null>;
  stdoutIsTTY: boolean;
  /** The terminal's width when stdout is one (for charts and tables); `undefined` otherwise. */
  stdoutColumns?: number | undefined;
  stderrIsTTY: boolean;
  stdinIsTTY: boolean;
  cwd: string;
  /**
   * Calls `handler` on SIGINT/SIGTERM until the returned function is called (apply uses it to stop
   * honestly). Absent in tests that drive the CLI in-process: no handler is installed there.
   */
  onSignal?: ((handler: (signal: InterruptSignal) => void) => () => void) | undefined;
  /**
   * Ends the process at once with `code`, for an interruption that cannot wait (a second signal,
   * a signal before any write). Given by the launcher (bin/gti-sync.js), the one place that may
   * end the process; every other exit goes through `main`'s returned code.
   */
  exitNow?: ((code: number) => void) | undefined;
}

/** The signals that interrupt a run. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/** What a command's action gets: the IO and a place to put its exit code. */
export interface CliContext {
  io: CliIo;
  /** Set by a command that exits with something other than 0 without an error (e.g. 2). */
  exitCode: number;
  /**
   * Whether the API client may show its request counter on a terminal (see connection-options);
   * a command with a progress line of its own (apply's execution) turns it off.
   */
  requestProgress?: boolean;
  /** The secrets of this run (the API key): the CLI's output and files never show them. */
  secrets?: SecretRedaction;
  /** The running command's `--format` (set before its action runs; the error boundary reads it). */
  format?: string;
  /** The transient status line of a terminal (see status-line.ts). */
  status?: StatusLine;
}
