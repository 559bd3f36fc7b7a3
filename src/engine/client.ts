/**
 * Opening the API client for an engine function: the connection settings the CLI parsed (flags as
 * typed values, the environment, the working directory) and hooks through which the CLI sees the
 * key (to redact it), the client's events (retries, progress) and its closing. Never prints.
 */
import { createGtiClient } from '../api/client.js';
import type { ClientEvent } from '../api/client.js';
import { resolveConnection } from '../api/connection.js';
import { ApiError } from '../api/errors.js';
import type { GtiApi } from '../api/types.js';
import { GtiSyncError } from '../model/errors.js';
import { DEFAULT_MAX_TIME_MS } from '../model/limits.js';

/** How to reach the API: the parsed connection flags, the environment and the working directory. */
export interface ConnectionSettings {
  /** `--api-url`; else `GTI_API_URL` in `env`; else the public API. */
  apiUrl?: string | undefined;
  /** `--apikey-file` (relative to `cwd`); else `GTI_APIKEY` in `env`. */
  apikeyFile?: string | undefined;
  /**
   * Where the key came from, for a refused key's message (`GTI_APIKEY_ACME`…); default
   * `--apikey-file PATH` or `GTI_APIKEY`.
   */
  apikeySource?: string | undefined;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Requests in flight at once. */
  concurrency: number;
  /** At most this many requests a second. */
  maxRps?: number | undefined;
  timeoutMs: number;
}

/** What the caller hears about the client (all optional). */
export interface ClientHooks {
  /** The API key, as soon as it is known: the CLI redacts it from everything it prints. */
  onApiKey?(apiKey: string): void;
  /** Every client event (responses, retries). */
  onEvent?(event: ClientEvent): void;
  /** Just before the client closes. */
  onClose?(): void;
  /** Just after it closed, with the number of requests it made. */
  onClosed?(requests: number): void;
}

/**
 * Resolves the connection (NO_API_KEY, BAD_APIKEY_FILE, INSECURE_API_URL…) and opens a client
 * whose `close` calls the hooks. The caller closes it.
 */
export async function openClient(
  settings: ConnectionSettings,
  hooks: ClientHooks = {},
): Promise<GtiApi> {
  const connection = await resolveConnection(
    {
      ...(settings.apiUrl === undefined ? {} : { apiUrl: settings.apiUrl }),
      ...(settings.apikeyFile === undefined ? {} : { apikeyFile: settings.apikeyFile }),
    },
    settings.env,
    settings.cwd,
  );
  hooks.onApiKey?.(connection.apiKey);
  const api = createGtiClient({
    ...connection,
    concurrency: settings.concurrency,
    ...(settings.maxRps === undefined ? {} : { maxRps: settings.maxRps }),
    timeoutMs: settings.timeoutMs,
    maxTimeMs: readMaxTime(settings.env),
    ...(hooks.onEvent === undefined ? {} : { onEvent: (event) => hooks.onEvent?.(event) }),
  });
  const close = api.close.bind(api);
  // Object.assign keeps the client's own getters (stats) and swaps only close.
  return Object.assign(api, {
    close: async () => {
      hooks.onClose?.();
      await close();
      hooks.onClosed?.(api.stats.requests);
    },
  });
}

/** Opens a client, runs `fn` with it, and closes it, whatever happens. */
export async function withClient<T>(
  settings: ConnectionSettings,
  hooks: ClientHooks,
  fn: (api: GtiApi) => Promise<T>,
): Promise<T> {
  const api = await openClient(settings, hooks);
  try {
    return await fn(api);
  } catch (error) {
    throw nameKeySource(error, settings);
  } finally {
    await api.close();
  }
}

/** A key the API refused (401) says where it came from, so the right secret gets fixed. */
function nameKeySource(error: unknown, settings: ConnectionSettings): unknown {
  if (!(error instanceof ApiError) || error.status !== 401) return error;
  const source =
    settings.apikeySource ??
    (settings.apikeyFile === undefined ? 'GTI_APIKEY' : `--apikey-file ${settings.apikeyFile}`);
  error.message = `${error.message} (the API key from ${source})`;
  return error;
}

/**
 * The run's budget for API work: `GTI_SYNC_MAX_TIME` in seconds (default 30 min). BAD_MAX_TIME
 * when it is not a number above 0.
 */
function readMaxTime(env: Record<string, string | undefined>): number {
  const text = env['GTI_SYNC_MAX_TIME']?.trim();
  if (text === undefined || text === '') return DEFAULT_MAX_TIME_MS;
  const seconds = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || !(seconds > 0) || seconds > 7 * 24 * 3600)
    throw new GtiSyncError(
      'BAD_MAX_TIME',
      `GTI_SYNC_MAX_TIME must be a number of seconds above 0 (at most a week), not "${text.slice(0, 40)}"`,
    );
  return Math.round(seconds * 1000);
}
