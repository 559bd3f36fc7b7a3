/**
 * One request to the API, with everything around it: the concurrency limit and rate, the headers,
 * the per-request timeout, decompression, the typed error, the retry policy and the stats. The one
 * place in gti-sync that talks HTTP (style.md habit 7).
 */
import type { Dispatcher } from 'undici';
import { exchange } from './http-transport.js';
import type { ClientStats } from './types.js';
import {
  BodyTooLargeError,
  decodeBody,
  parseJsonBody,
  readApiError,
  type JsonBody,
} from './body.js';
import {
  BadResponseError,
  NetworkError,
  QuotaExhaustedError,
  TlsMismatchError,
  ResponseTooLargeError,
  TimeBudgetError,
  TimeoutError,
  createHttpError,
} from './errors.js';
import type { ApiError } from './errors.js';
import { readCode, redactCause, type Redactor } from './redact.js';
import {
  parseRetryAfter,
  runWithRetry,
  type Clock,
  type FailedAttempt,
  type RetryKind,
  type RetryPolicy,
} from './retry.js';
import type { RateLimiter, Semaphore } from './rate-limit.js';
import { formatInstant } from '../model/dates.js';

/** HTTP methods the client uses. */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** Something that happened inside the client, for progress and logs (never contains the key). */
export type ClientEvent =
  | { type: 'response'; method: HttpMethod; route: string; path: string; status: number }
  | {
      type: 'retry';
      method: HttpMethod;
      route: string;
      path: string;
      /** The failure being retried: an error code such as `API_TransientError` or `NETWORK_ERROR`. */
      code: string;
      status: number | undefined;
      /** 1-based number of this retry. */
      retry: number;
      delayMs: number;
    };

/** What a requester needs; built once per client. */
export interface RequesterDeps {
  baseUrl: URL;
  /** Where `baseUrl` came from (`--api-url`, `GTI_API_URL`, `the default`), named in errors. */
  baseUrlSource?: string | undefined;
  headers: Record<string, string>;
  dispatcher: Dispatcher;
  timeoutMs: number;
  /** The most bytes one answer may have, on the wire and decompressed. */
  maxResponseBytes: number;
  /** The most pages one listing may have. */
  maxPages: number;
  /** When (clock time, ms) the run's budget for API work ends: no request starts after it. */
  deadlineMs: number;
  policy: RetryPolicy;
  clock: Clock;
  random: () => number;
  semaphore: Semaphore;
  limiter: RateLimiter;
  redact: Redactor;
  stats: ClientStats;
  onEvent: ((event: ClientEvent) => void) | undefined;
}

/** One call: `route` is the stats key template, e.g. `GET /groups/{gid}/users`. */
export interface RequestSpec {
  method: HttpMethod;
  url: URL;
  route: string;
  body?: unknown;
  /** A read needs a JSON body; a write accepts any success body (empty, `{}`, JSON or not). */
  expect: 'json' | 'any';
}

type AttemptResult = { ok: true; value: JsonBody } | ({ ok: false } & FailedAttempt<ApiError>);

/** Sends `spec` under the retry policy; resolves with the parsed body or throws an `ApiError`. */
export async function sendRequest(deps: RequesterDeps, spec: RequestSpec): Promise<JsonBody> {
  const path = displayPath(deps, spec.url);
  return runWithRetry(() => attemptOnce(deps, spec, path), {
    policy: deps.policy,
    clock: deps.clock,
    random: deps.random,
    onRetry: ({ error, retry, delayMs }) => {
      deps.stats.retries += 1;
      deps.onEvent?.({
        type: 'retry',
        method: spec.method,
        route: spec.route,
        path,
        code: error.code,
        status: error.status,
        retry,
        delayMs,
      });
    },
    onQuotaExhausted: (error, retries) => createQuotaExhausted(error, retries, deps.clock.now()),
  });
}

/*
 * Retrying writes: POST and PATCH are not idempotent in general, but here they may be retried.
 * After a 429 or 503 the API refused before changing anything; after a connection failure the
 * write may or may not have happened, and repeating it is harmless by design: adding a member
 * who is already one is a no-op, Manage Roles and PATCH /users set absolute values, and a
 * service account that now exists answers 409, which apply reads as "already done".
 */
async function attemptOnce(
  deps: RequesterDeps,
  spec: RequestSpec,
  path: string,
): Promise<AttemptResult> {
  const release = await deps.semaphore.acquire();
  try {
    await deps.limiter.take();
    const remainingMs = deps.deadlineMs - deps.clock.now();
    if (remainingMs <= 0) return overBudget(deps, spec, path);
    countRequest(deps.stats, spec.route);
    // The per-request timeout, cut short by what is left of the run's budget.
    const budgetBound = remainingMs < deps.timeoutMs;
    let timedOut = false;
    const sent = exchange(deps.dispatcher, spec.url, {
      method: spec.method,
      headers:
        spec.body === undefined
          ? deps.headers
          : { ...deps.headers, 'content-type': 'application/json' },
      body: spec.body === undefined ? null : JSON.stringify(spec.body),
      maxBytes: deps.maxResponseBytes,
    });
    const timer = setTimeout(
      () => {
        timedOut = true;
        sent.abort(new Error('timed out'));
      },
      Math.min(deps.timeoutMs, remainingMs),
    );
    try {
      const response = await sent.answer;
      clearTimeout(timer);
      deps.onEvent?.({
        type: 'response',
        method: spec.method,
        route: spec.route,
        path,
        status: response.statusCode,
      });
      return await interpretResponse(
        deps,
        spec,
        path,
        response.statusCode,
        response.headers,
        response.body,
      );
    } catch (error) {
      if (error instanceof BodyTooLargeError) return tooLarge(deps, spec, path, error);
      if (timedOut && budgetBound) return overBudget(deps, spec, path);
      if (timedOut) {
        const seconds = deps.timeoutMs / 1000;
        const timeout = new TimeoutError(
          `${spec.method} ${path}: no complete answer within ${seconds}s`,
          {
            method: spec.method,
            path,
          },
        );
        return { ok: false, error: timeout, kind: 'transient', retryAfterMs: undefined };
      }
      return networkFailure(deps, spec, path, error);
    } finally {
      clearTimeout(timer);
    }
  } finally {
    release();
  }
}

async function interpretResponse(
  deps: RequesterDeps,
  spec: RequestSpec,
  path: string,
  status: number,
  headers: Record<string, string | string[] | undefined>,
  raw: Buffer,
): Promise<AttemptResult> {
  let decoded: Buffer | Error;
  try {
    decoded = await decodeBody(
      raw,
      headerValue(headers['content-encoding']),
      deps.maxResponseBytes,
    );
  } catch (error) {
    if (error instanceof BodyTooLargeError) return tooLarge(deps, spec, path, error);
    decoded = error instanceof Error ? error : new Error(String(error));
  }
  const body: JsonBody =
    decoded instanceof Error
      ? { kind: 'invalid', reason: String(decoded) }
      : parseJsonBody(decoded);
  const base = { method: spec.method, path, status };
  if (status >= 200 && status < 300) {
    // A write succeeded whatever its body says (empty, `{}`, JSON, or not even that).
    if (spec.expect === 'any' || body.kind === 'json') return { ok: true, value: body };
    // The parser's own message quotes the start of the body, which could be anything: not shown.
    const why = body.kind === 'empty' ? 'an empty body' : 'a body that is not JSON';
    const error = new BadResponseError(
      `${spec.method} ${path}: ${status} with ${why} from API ${describeBase(deps)}` +
        (isHtml(headers) ? ' (an HTML page: is this the API base URL?)' : ''),
      base,
    );
    return { ok: false, error, kind: 'never', retryAfterMs: undefined };
  }
  const apiError = readApiError(body.kind === 'json' ? body.value : undefined);
  // A code that carries the key (a hostile or broken server echoing it) is dropped, not redacted.
  const apiCode =
    apiError.code !== undefined && deps.redact(apiError.code) === apiError.code
      ? apiError.code
      : undefined;
  const error = createHttpError({
    ...base,
    ...(apiCode === undefined ? {} : { apiCode }),
    ...(apiError.message === undefined ? {} : { apiMessage: deps.redact(apiError.message) }),
  });
  const retryAfterMs = parseRetryAfter(headerValue(headers['retry-after']), deps.clock.now());
  return { ok: false, error, kind: retryKindOf(status, apiCode), retryAfterMs };
}

function tooLarge(
  deps: RequesterDeps,
  spec: RequestSpec,
  path: string,
  error: BodyTooLargeError,
): AttemptResult {
  const mib = Math.round((deps.maxResponseBytes / 1024 / 1024) * 100) / 100;
  const failure = new ResponseTooLargeError(
    `${spec.method} ${path}: the answer is over ${mib} MiB ${error.stage}; stopped reading it`,
    { method: spec.method, path },
  );
  return { ok: false, error: failure, kind: 'never', retryAfterMs: undefined };
}

function overBudget(deps: RequesterDeps, spec: RequestSpec, path: string): AttemptResult {
  const failure = new TimeBudgetError(
    `${spec.method} ${path}: the time budget for this run's API work is spent ` +
      '(set GTI_SYNC_MAX_TIME, in seconds, to allow more)',
    { method: spec.method, path },
  );
  return { ok: false, error: failure, kind: 'never', retryAfterMs: undefined };
}

function retryKindOf(status: number, apiCode: string | undefined): RetryKind {
  if (status === 429) return apiCode === 'QuotaExceededError' ? 'quota' : 'transient';
  // 502 is not in the API's table, but the load balancers in front of it answer it when a backend
  // is briefly away, exactly like 503.
  return status === 502 || status === 503 || status === 504 ? 'transient' : 'never';
}

/**
 * Connection-level errors that repeating cannot fix: nothing listens, no such host, a closed
 * client, bad TLS (matched by pattern below).
 */
const PERMANENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);

function networkFailure(
  deps: RequesterDeps,
  spec: RequestSpec,
  path: string,
  error: unknown,
): AttemptResult {
  const cause = redactCause(error, deps.redact);
  const code = readCode(error);
  const details = { method: spec.method, path, cause };
  if (isTlsMismatch(code, cause.message)) {
    // One line, not OpenSSL's multi-line report; repeating the handshake cannot fix it.
    const plain = deps.baseUrl.protocol === 'https:' && isLoopbackName(deps.baseUrl.hostname);
    const failure = new TlsMismatchError(
      `${spec.method} ${path}: no TLS connection to ${describeBase(deps)}: the server did not ` +
        `answer as an https server (${code ?? 'TLS handshake failed'})` +
        (plain ? '; for a plain-http server on this machine use http://' : ''),
      details,
    );
    return { ok: false, error: failure, kind: 'never', retryAfterMs: undefined };
  }
  const firstLine = cause.message.split('\n')[0] ?? '';
  const detail = code === undefined ? firstLine : `${firstLine} (${code})`;
  const failure = new NetworkError(
    `${spec.method} ${path}: network error: ${detail}; API ${describeBase(deps)}`,
    details,
  );
  const permanent =
    code !== undefined &&
    (PERMANENT_NETWORK_CODES.has(code) || /CERT|TLS|SELF_SIGNED|UNABLE_TO/.test(code));
  return {
    ok: false,
    error: failure,
    kind: permanent ? 'never' : 'transient',
    retryAfterMs: undefined,
  };
}

/**
 * An https request to something that does not speak TLS (a plain-http port, another protocol):
 * OpenSSL's `wrong version number` and its kin, or the socket closed before the handshake ended.
 */
function isTlsMismatch(code: string | undefined, message: string): boolean {
  if (code === 'EPROTO' || code?.startsWith('ERR_SSL_') === true) return true;
  return (
    /wrong version number|packet length too long|unknown protocol/i.test(message) ||
    (code === 'ECONNRESET' && /before secure TLS connection/i.test(message))
  );
}

function isLoopbackName(hostname: string): boolean {
  return hostname === 'localhost' || hostname.startsWith('127.') || hostname === '[::1]';
}

/** `https://host/api/v3 (from --api-url)`: the base URL and where it came from. */
function describeBase(deps: Pick<RequesterDeps, 'baseUrl' | 'baseUrlSource' | 'redact'>): string {
  const url = deps.redact(deps.baseUrl.href.replace(/\/+$/, ''));
  return deps.baseUrlSource === undefined ? url : `${url} (from ${deps.baseUrlSource})`;
}

function createQuotaExhausted(
  error: ApiError,
  retries: number,
  nowMs: number,
): QuotaExhaustedError {
  const now = new Date(nowMs);
  const nextDay = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const said = error.apiMessage ? ` (${error.apiMessage})` : '';
  const head =
    `${error.method} ${error.path}: ${error.status ?? 429} QuotaExceededError${said}, still after ` +
    `${retries} retries: `;
  const daily = `resets at 00:00 UTC (next: ${formatInstant(nextDay)})`;
  const monthly = `resets at 00:00 UTC on the 1st (next: ${formatInstant(nextMonth)})`;
  const text = error.apiMessage ?? '';
  const message =
    head +
    (/minute/i.test(text)
      ? 'the per-minute quota of this key is used up; lower --max-rps or --concurrency, or retry in a minute.'
      : /\bday\b|daily/i.test(text)
        ? `the daily quota of this key or its group is used up; it ${daily}.`
        : /month/i.test(text)
          ? `the monthly quota of this key or its group is used up; it ${monthly}.`
          : `the API allowance of this key or its group is used up. A daily quota ${daily}, ` +
            `a monthly one ${monthly.replace('resets ', '')}.`);
  return new QuotaExhaustedError(message, {
    method: error.method,
    path: error.path,
    ...(error.status === undefined ? {} : { status: error.status }),
    apiCode: 'QuotaExceededError',
    ...(error.apiMessage === undefined ? {} : { apiMessage: error.apiMessage }),
  });
}

function countRequest(stats: ClientStats, route: string): void {
  stats.requests += 1;
  stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
}

/** The path shown in errors and events: relative to the base URL, decoded, no query, no key. */
export function displayPath(deps: Pick<RequesterDeps, 'baseUrl' | 'redact'>, url: URL): string {
  const basePath = deps.baseUrl.pathname.replace(/\/+$/, '');
  const relative = url.pathname.startsWith(basePath)
    ? url.pathname.slice(basePath.length)
    : url.pathname;
  let decoded = relative;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    // Keep the encoded form when it does not decode.
  }
  return deps.redact(decoded || '/');
}

function isHtml(headers: Record<string, string | string[] | undefined>): boolean {
  return /html/i.test(headerValue(headers['content-type']) ?? '');
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
