/**
 * Drives the real CLI in-process (`main(argv, io)`) and captures what it prints, the exit code and
 * the prompts it asked. Nothing comes from the real process: the environment is only what the
 * options give, terminals are off unless asked for, and the working directory is the repository
 * root unless given.
 */
import { main } from '../../src/cli/main.js';
import type { CliIo } from '../../src/cli/io.js';
import { ROOT } from './paths.js';

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** The prompts the CLI asked on the terminal, in order. */
  prompts: string[];
}

/** How to run the CLI. `url`, `key` and `now` become variables; `env` is merged last. */
export interface RunCliOptions {
  /** The working directory (default: the repository root). */
  cwd?: string | undefined;
  /** `GTI_API_URL`: an emulator (its API URL is used) or a URL. */
  api?: { url: string } | string | undefined;
  /** `GTI_APIKEY`. */
  key?: string | undefined;
  /** `GTI_SYNC_NOW`, the frozen clock. */
  now?: string | undefined;
  /** More environment variables (override the three above). */
  env?: Record<string, string | undefined>;
  /** Both stdout and stderr are terminals (default: neither). */
  tty?: boolean | undefined;
  stdoutIsTTY?: boolean | undefined;
  stderrIsTTY?: boolean | undefined;
  stdinIsTTY?: boolean | undefined;
  /** The terminal's width when stdout is one. */
  columns?: number | undefined;
  /** What the user types at a prompt (default: nothing, `null`). */
  answer?: string | null | undefined;
}

/** Runs `gti-sync ...argv` in-process with `options`. */
export async function runCli(argv: string[], options: RunCliOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const prompts: string[] = [];
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: environment(options),
    cwd: options.cwd ?? ROOT,
    stdoutIsTTY: options.stdoutIsTTY ?? options.tty ?? false,
    stderrIsTTY: options.stderrIsTTY ?? options.tty ?? false,
    stdinIsTTY: options.stdinIsTTY ?? false,
    stdoutColumns: options.columns,
    readLine: async (prompt: string) => {
      prompts.push(prompt);
      return options.answer ?? null;
    },
  };
  const code = await main(argv, io);
  return { code, stdout, stderr, prompts };
}

/**
 * A `runCli` with defaults bound (e.g. the emulator, the caller's key, the frozen clock, a
 * working directory); each call's options override them, its `env` merged over theirs.
 */
export function bindCli(
  defaults: RunCliOptions,
): (argv: string[], options?: RunCliOptions) => Promise<CliRun> {
  return (argv, options = {}) => {
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
    return runCli(argv, { ...defaults, ...given, env: { ...defaults.env, ...options.env } });
  };
}

function environment(options: RunCliOptions): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  if (options.api !== undefined)
    env['GTI_API_URL'] = typeof options.api === 'string' ? options.api : options.api.url;
  if (options.key !== undefined) env['GTI_APIKEY'] = options.key;
  if (options.now !== undefined) env['GTI_SYNC_NOW'] = options.now;
  return { ...env, ...options.env };
}
