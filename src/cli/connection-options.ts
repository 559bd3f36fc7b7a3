/**
 * The connection flags shared by every command that talks to the API (plan, apply, audit, usage,
 * export): their definitions, their check into the engine's ConnectionSettings, and the hooks
 * through which the CLI shows the client's progress and retries. Light at load time (commander
 * and types only): the client itself loads with the engine, when a command runs.
 */
import { Option, type Command } from 'commander';
import { UsageError } from '../model/errors.js';
import type { ClientEvent } from '../api/client.js';
import type { GtiApi } from '../api/types.js';
import type { ClientHooks, ConnectionSettings } from '../engine/client.js';
import type { CliContext } from './io.js';
import { StatusLine } from './status-line.js';

/** The parsed values of the connection flags (commander gives strings). */
export interface ConnectionOptions {
  apiUrl?: string;
  apikeyFile?: string;
  maxRps?: string;
  concurrency?: string;
  timeout?: string;
}

/** Adds `--api-url`, `--apikey-file`, `--max-rps`, `--concurrency` and `--timeout` to `command`. */
export function addConnectionOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--api-url <url>',
        'GTI API base URL (env GTI_API_URL; default https://www.virustotal.com/api/v3)',
      ),
    )
    .addOption(
      new Option(
        '--apikey-file <path>',
        'read the API key from this file (default: env GTI_APIKEY)',
      ),
    )
    .addOption(new Option('--max-rps <n>', 'at most N API requests a second'))
    .addOption(new Option('--concurrency <n>', 'API requests in flight at once').default('8'))
    .addOption(
      new Option('--timeout <seconds>', 'give up on one API request after this long').default('30'),
    )
    .addOption(new Option('--apikey [key]').hideHelp())
    .on('option:apikey', refuseApikeyFlag);
}

/**
 * `--apikey KEY` is refused with a pointer to the ways that work; the value is never echoed (a key
 * on a command line lands in shell history and process listings).
 */
function refuseApikeyFlag(): never {
  throw new UsageError(
    'the API key is never a flag (it would stay in shell history and process listings): set GTI_APIKEY, or use --apikey-file FILE',
    'APIKEY_FLAG',
  );
}

/**
 * Checks the numeric flags (UsageError BAD_FLAG) and gives the engine's connection settings: the
 * flags as typed values, the environment and the working directory.
 */
export function connectionSettings(
  options: ConnectionOptions,
  ctx: Pick<CliContext, 'io'>,
): ConnectionSettings {
  const concurrency = readNumber('--concurrency', options.concurrency ?? '8', {
    integer: true,
    min: 1,
    max: 64,
  });
  const maxRps =
    options.maxRps === undefined
      ? undefined
      : readNumber('--max-rps', options.maxRps, { min: 0.01, max: 10_000 });
  const timeoutSeconds = readNumber('--timeout', options.timeout ?? '30', { min: 0.1, max: 3600 });
  return {
    apiUrl: options.apiUrl,
    apikeyFile: options.apikeyFile,
    env: ctx.io.env,
    cwd: ctx.io.cwd,
    concurrency,
    maxRps,
    timeoutMs: Math.round(timeoutSeconds * 1000),
  };
}

/**
 * How the CLI hears about the client: the key joins the run's secrets (never printed), retries
 * get one stderr line each, a terminal shows a request counter that is cleared when the client
 * closes, and with `countRequests` (the reports) a terminal is told how many requests it took.
 */
export function clientHooks(
  ctx: CliContext,
  options: { countRequests?: boolean } = {},
): ClientHooks {
  const progress = createRequestProgress(ctx);
  return {
    onApiKey: (key) => ctx.secrets?.add(key),
    onEvent: (event) => {
      progress.onEvent(event);
      if (event.type === 'retry') progress.clear();
      reportEvent(event, ctx);
    },
    onClose: () => progress.clear(),
    onClosed: (n) => {
      // Closing cleared the request counter's line: the total goes on a line of its own after it.
      if (options.countRequests === true && ctx.io.stderrIsTTY) {
        ctx.io.stderr.write(`gti-sync: ${n} API request${n === 1 ? '' : 's'}\n`);
      }
    },
  };
}

/**
 * Checks the flags, then opens a client (through the engine) with the CLI's hooks. The caller
 * closes it.
 */
export async function openClient(options: ConnectionOptions, ctx: CliContext): Promise<GtiApi> {
  const settings = connectionSettings(options, ctx);
  const engine = await import('../engine/client.js');
  return engine.openClient(settings, clientHooks(ctx));
}

/** After this long, a run shows its request count on stderr (a terminal only). */
const PROGRESS_AFTER_MS = 1000;
/** The counter is redrawn at most this often. */
const PROGRESS_EVERY_MS = 250;

/**
 * A request counter for long runs on a terminal (`gti-sync: 120 API requests…`), on the run's
 * status line (cleared before any other output, and when the client closes). Off when stderr is
 * not a terminal or `ctx.requestProgress` is false (apply shows its own progress there).
 */
export function createRequestProgress(
  ctx: CliContext,
  now: () => number = Date.now,
): { onEvent(event: ClientEvent): void; clear(): void } {
  const status = ctx.status ?? new StatusLine(ctx.io.stderr, ctx.io.stderrIsTTY);
  const start = now();
  let responses = 0;
  let drawnAt = 0;
  let shown = false;
  const clear = (): void => {
    if (shown) status.clear();
    shown = false;
  };
  return {
    onEvent(event) {
      if (event.type !== 'response') return;
      responses += 1;
      const t = now();
      if (!ctx.io.stderrIsTTY || ctx.requestProgress === false) return;
      if (t - start < PROGRESS_AFTER_MS || t - drawnAt < PROGRESS_EVERY_MS) return;
      drawnAt = t;
      shown = true;
      status.show(`gti-sync: ${responses} API request${responses === 1 ? '' : 's'}…`);
    },
    clear,
  };
}

/** One stderr line per retry; events never carry the key (the client redacts paths). */
function reportEvent(event: ClientEvent, ctx: CliContext): void {
  if (event.type !== 'retry') return;
  const why = event.status === undefined ? event.code : `${event.status} ${event.code}`;
  const wait = (event.delayMs / 1000).toFixed(1);
  ctx.io.stderr.write(
    `gti-sync: retry ${event.retry} of ${event.method} ${event.path} after ${why}, in ${wait}s\n`,
  );
}

function readNumber(
  flag: string,
  text: string,
  limits: { integer?: boolean; min: number; max: number },
): number {
  const value = Number(text.trim());
  const kind = limits.integer ? 'an integer' : 'a number';
  if (
    text.trim() === '' ||
    !Number.isFinite(value) ||
    (limits.integer && !Number.isInteger(value))
  ) {
    throw new UsageError(`${flag} must be ${kind}, got "${text}"`, 'BAD_FLAG');
  }
  if (value < limits.min || value > limits.max) {
    throw new UsageError(
      `${flag} must be between ${limits.min} and ${limits.max}, got ${text}`,
      'BAD_FLAG',
    );
  }
  return value;
}
