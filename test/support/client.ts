/**
 * The real GTI client for tests: bound to an emulator (or any server) and a key, retries off
 * unless asked for, closed automatically (see cleanup.ts); plus a clock that never waits and a
 * way to catch the `ApiError` a call rejects with.
 */
import { createGtiClient, type GtiClientOptions } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import type { Clock, RetryPolicy } from '../../src/api/retry.js';
import type { GtiApi } from '../../src/api/types.js';
import { deferCleanup } from './cleanup.js';

/** No retries at all (the default here). */
const NO_RETRY: Partial<RetryPolicy> = { maxRetries: 0, quotaRetries: 0 };

/** The client's own retry policy (pass as `retry` to turn retries back on). */
export const DEFAULT_RETRY: Partial<RetryPolicy> = {};

/** Small retry delays for tests that use the real clock. */
export const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5, budgetMs: 10_000, quotaDelayMs: 1 };

/** A key that looks like a real one, for tests that look for it in output. */
export const KEY = 'k3y-S3CRET-0123456789abcdef';

/**
 * A client of `target` (an emulator or a scriptable server, or an API URL) acting with `apiKey`,
 * with `NO_RETRY` unless `options.retry` says otherwise; closed after the current test (or the
 * file when made in a `beforeAll`).
 */
export function startTestClient(
  target: { url: string } | { baseUrl: string } | string,
  apiKey: string,
  options: Partial<GtiClientOptions> = {},
): GtiApi {
  const baseUrl =
    typeof target === 'string' ? target : 'baseUrl' in target ? target.baseUrl : target.url;
  const client = createGtiClient({ baseUrl, apiKey, retry: NO_RETRY, ...options });
  deferCleanup(() => client.close()); // close() is idempotent: a test may close it first
  return client;
}

/** A clock that never waits: sleeps advance its time and are recorded. */
export function createFakeClock(
  start = Date.UTC(2026, 10, 26, 12, 0, 0),
): Clock & { sleeps: number[]; time: number } {
  const clock = {
    time: start,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

/** The `ApiError` a promise rejects with (fails the test if it resolves or throws something else). */
export async function apiFailure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
