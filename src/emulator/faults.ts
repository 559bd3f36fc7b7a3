/**
 * Injected trouble: faults drawn from a seeded generator (the same seed gives the same sequence)
 * and a per-key rate limit over a sliding minute of real time.
 */

/** A fault: 503 `TransientError`, 429 `TooManyRequestsError`, or a connection closed unanswered. */
export type FaultKind = 'transient' | 'too_many_requests' | 'closed_connection';

const KINDS: readonly FaultKind[] = ['transient', 'too_many_requests', 'closed_connection'];

/** mulberry32: a small, fast, well-distributed 32-bit PRNG; returns numbers in [0, 1). */
function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws, for each request, whether it fails and how. */
export interface FaultPlan {
  next(): FaultKind | undefined;
}

/** A fault plan failing `rate` (0..1) of requests, reproducibly for a given `seed`. */
export function createFaultPlan(rate: number, seed: number): FaultPlan {
  const random = createRandom(seed);
  return {
    next() {
      if (rate <= 0) return undefined;
      const roll = random();
      const kind = random();
      return roll < rate ? KINDS[Math.floor(kind * KINDS.length)] : undefined;
    },
  };
}

/** Counts requests per key over the last minute. */
export interface RateLimiter {
  /** Records a request for `key` at `nowMs`; when over the limit, the seconds until a slot frees. */
  take(key: string, nowMs: number): { ok: true } | { ok: false; retryAfterSeconds: number };
}

const WINDOW_MS = 60_000;

/** A limiter allowing `perMinute` requests per key in any 60-second window. */
export function createRateLimiter(perMinute: number): RateLimiter {
  const windows = new Map<string, number[]>();
  return {
    take(key, nowMs) {
      const recent = (windows.get(key) ?? []).filter((time) => time > nowMs - WINDOW_MS);
      windows.set(key, recent);
      const oldest = recent[0];
      if (recent.length >= perMinute && oldest !== undefined) {
        return {
          ok: false,
          retryAfterSeconds: Math.max(1, Math.ceil((oldest + WINDOW_MS - nowMs) / 1000)),
        };
      }
      recent.push(nowMs);
      return { ok: true };
    },
  };
}
