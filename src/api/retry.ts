/**
 * The retry policy (gti-api.md §11, design §4): exponential backoff with full jitter, `Retry-After`
 * honoured when present, a bound on attempts and on the total time spent, and a smaller bound for
 * `QuotaExceededError`, which waiting minutes does not clear when a daily or monthly quota is spent.
 */
import { setTimeout as delay } from 'node:timers/promises';

/** Time as the client sees it; tests inject a fake one to observe waits without waiting. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => (ms > 0 ? delay(ms) : Promise.resolve()),
};

/** How hard the client tries before giving up on a request. */
export interface RetryPolicy {
  /** Retries after the first attempt for 429 TooManyRequests, 502/503/504, network errors, timeouts. */
  maxRetries: number;
  /** Backoff before retry n (0-based) is random in [0, min(maxDelayMs, baseDelayMs * 2^n)]. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** No retry starts (or waits) past this many ms after the first attempt began. */
  budgetMs: number;
  /** Retries for 429 QuotaExceededError (a per-minute quota clears; a daily one does not). */
  quotaRetries: number;
  /** Wait before retrying a QuotaExceededError without `Retry-After` (a per-minute window). */
  quotaDelayMs: number;
}

/** Defaults: about two minutes of patience for one request. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxRetries: 5,
  baseDelayMs: 250,
  maxDelayMs: 20_000,
  budgetMs: 120_000,
  quotaRetries: 2,
  quotaDelayMs: 30_000,
};

/** How a failed attempt may be retried. */
export type RetryKind = 'never' | 'transient' | 'quota';

/** One failed attempt, as the retry loop sees it. */
export interface FailedAttempt<E> {
  error: E;
  kind: RetryKind;
  /** From `Retry-After`, when the answer had one. */
  retryAfterMs: number | undefined;
}

/** What the loop tells its caller before each wait. */
export interface RetryNotice<E> {
  error: E;
  /** 1-based number of the retry about to happen. */
  retry: number;
  delayMs: number;
}

/**
 * Runs `attempt` until it succeeds or the policy gives up, then throws the last error (for quota
 * failures, `onQuotaExhausted(lastError, retries)`'s error). When it gives up after retrying, the
 * last error's message ends with `(gave up after N retries over X s)`, so a final 503 does not
 * read like a first one. `attempt` returns the value or a `FailedAttempt`; anything it throws
 * propagates at once.
 */
export async function runWithRetry<T, E>(
  attempt: () => Promise<{ ok: true; value: T } | ({ ok: false } & FailedAttempt<E>)>,
  options: {
    policy: RetryPolicy;
    clock: Clock;
    random: () => number;
    onRetry?: (notice: RetryNotice<E>) => void;
    onQuotaExhausted: (error: E, retries: number) => Error;
  },
): Promise<T> {
  const { policy, clock } = options;
  const started = clock.now();
  let transientRetries = 0;
  let quotaRetries = 0;
  for (;;) {
    const result = await attempt();
    if (result.ok) return result.value;
    const isQuota = result.kind === 'quota';
    const giveUp = () =>
      isQuota
        ? options.onQuotaExhausted(result.error, quotaRetries)
        : noteGiveUp(result.error, transientRetries + quotaRetries, clock.now() - started);
    if (result.kind === 'never') throw result.error;
    if (isQuota ? quotaRetries >= policy.quotaRetries : transientRetries >= policy.maxRetries)
      throw giveUp();
    const waitMs = isQuota
      ? (result.retryAfterMs ?? policy.quotaDelayMs)
      : (result.retryAfterMs ?? computeBackoff(transientRetries, policy, options.random));
    if (clock.now() - started + waitMs > policy.budgetMs) throw giveUp();
    if (isQuota) quotaRetries += 1;
    else transientRetries += 1;
    options.onRetry?.({
      error: result.error,
      retry: transientRetries + quotaRetries,
      delayMs: waitMs,
    });
    await clock.sleep(waitMs);
  }
}

/** `gave up after 5 retries over 31.2 s`: how much patience a final failure already had. */
export function describeGiveUp(retries: number, elapsedMs: number): string {
  const seconds = Math.round(elapsedMs / 100) / 10;
  return `gave up after ${retries} retr${retries === 1 ? 'y' : 'ies'} over ${seconds} s`;
}

/** The error that ends the loop, its message saying how long it was retried (when it was). */
function noteGiveUp<E>(error: E, retries: number, elapsedMs: number): E {
  if (retries > 0 && error instanceof Error) {
    error.message = `${error.message} (${describeGiveUp(retries, elapsedMs)})`;
  }
  return error;
}

/** Full-jitter exponential backoff for retry `n` (0-based). */
function computeBackoff(n: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** n);
  return Math.round(random() * ceiling);
}

/**
 * `Retry-After` in ms: delta-seconds or an HTTP date (relative to `nowMs`); `undefined` when absent
 * or unreadable. A date in the past means "now".
 */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // An HTTP date names its day or month; Date.parse would also read "-5" as a year.
  if (!/[a-z]/i.test(text)) return undefined;
  const date = Date.parse(text);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - nowMs);
}
