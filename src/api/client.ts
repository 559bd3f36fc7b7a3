/**
 * The GTI API client (gti-api.md §2): one typed method per endpoint, returning plain data, over
 * the one HTTP module (src/api/request.ts) with its retries, limits, stats and redaction.
 */
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_MAX_TIME_MS,
  MAX_LISTING_PAGES,
  MAX_RESPONSE_BYTES,
} from '../model/limits.js';
import type { Dispatcher } from 'undici';
import { createAgent } from './http-transport.js';
import { VERSION } from '../version.js';
import type { ClientStats, GtiApi } from './types.js';
import { createRedactor } from './redact.js';
import { DEFAULT_RETRY_POLICY, systemClock, type Clock, type RetryPolicy } from './retry.js';
import { createRateLimiter, createSemaphore } from './rate-limit.js';
import type { ClientEvent, RequesterDeps } from './request.js';
import { createCalls } from './calls.js';
import { createEndpoints } from './endpoints.js';

export type { ClientEvent } from './request.js';

/** How to reach the API and how hard to push it. */
export interface GtiClientOptions {
  /** e.g. `https://www.virustotal.com/api/v3` (no trailing slash needed). */
  baseUrl: string;
  /** Where `baseUrl` came from (`--api-url`, `GTI_API_URL`, `the default`), named in errors. */
  baseUrlSource?: string;
  apiKey: string;
  /** Requests in flight at once, retries included (default 8). */
  concurrency?: number;
  /** Client-side request rate limit, requests a second (default: none). */
  maxRps?: number;
  /** Per request, headers and body (default 30000). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The most bytes one answer may have, on the wire and decompressed (default 32 MiB). */
  maxResponseBytes?: number;
  /** The most pages one listing may have (default 5000). */
  maxPages?: number;
  /** The budget for all the client's API work, from its creation (default 30 min). */
  maxTimeMs?: number;
  /** The undici dispatcher (tests pass a MockAgent); default a keep-alive Agent the client owns. */
  dispatcher?: Dispatcher;
  /** Replaces the `User-Agent` header (default `gti-sync/<version> (+node)`). */
  userAgent?: string;
  /** The version sent in `x-tool` and `User-Agent` (default src/version.ts). */
  version?: string;
  /** Retries and responses, for progress on stderr; the client itself never prints. */
  onEvent?: (event: ClientEvent) => void;
  /** Time source for backoff and rate waits (tests inject a fake one). */
  clock?: Clock;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
}

/** Creates a client; `close()` it when done (it closes the dispatcher only if it created it). */
export function createGtiClient(options: GtiClientOptions): GtiApi {
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError('concurrency must be an integer ≥ 1');
  if (options.maxRps !== undefined && !(options.maxRps > 0))
    throw new RangeError('maxRps must be > 0');
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(timeoutMs > 0)) throw new RangeError('timeoutMs must be > 0');
  const maxResponseBytes = options.maxResponseBytes ?? MAX_RESPONSE_BYTES;
  const maxPages = options.maxPages ?? MAX_LISTING_PAGES;
  const maxTimeMs = options.maxTimeMs ?? DEFAULT_MAX_TIME_MS;
  if (!(maxResponseBytes > 0 && maxPages >= 1 && maxTimeMs > 0))
    throw new RangeError('maxResponseBytes, maxPages and maxTimeMs must be > 0');
  const baseUrl = new URL(options.baseUrl.replace(/\/+$/, ''));
  const ownDispatcher = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ?? createAgent({ keepAliveTimeoutMs: 30_000, connections: concurrency });
  const clock = options.clock ?? systemClock;
  const version = options.version ?? VERSION;
  const stats: ClientStats = { requests: 0, retries: 0, byRoute: {} };
  const deps: RequesterDeps = {
    baseUrl,
    baseUrlSource: options.baseUrlSource,
    headers: {
      'x-apikey': options.apiKey,
      'x-tool': `gti-sync/${version}`,
      'user-agent': options.userAgent ?? `gti-sync/${version} (+node)`,
      accept: 'application/json',
      'accept-encoding': 'gzip, deflate, br',
    },
    dispatcher,
    timeoutMs,
    maxResponseBytes,
    maxPages,
    deadlineMs: clock.now() + maxTimeMs,
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    clock,
    random: options.random ?? Math.random,
    semaphore: createSemaphore(concurrency),
    limiter: createRateLimiter(options.maxRps, clock),
    redact: createRedactor(options.apiKey),
    stats,
    onEvent: options.onEvent,
  };
  const api = createEndpoints(createCalls(deps), options.apiKey);
  let closed = false;
  return {
    ...api,
    stats,
    async close() {
      if (closed || !ownDispatcher) return;
      closed = true;
      await dispatcher.close();
    },
  };
}
