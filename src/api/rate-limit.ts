/**
 * The client's self-restraint (gti-api.md §12): a limit on requests in flight and an optional
 * request rate, both shared by every call of one client so that one run cannot exhaust the
 * group's API allowance on its own.
 */
import type { Clock } from './retry.js';

/** Releases a slot taken with `acquire`. */
type Release = () => void;

/** At most `limit` holders at once; waiters are served first come, first served. */
export interface Semaphore {
  acquire(): Promise<Release>;
  /** Holders right now (for tests). */
  readonly active: number;
}

/** Creates a semaphore of `limit` (≥ 1) slots. */
export function createSemaphore(limit: number): Semaphore {
  let active = 0;
  const waiting: Array<() => void> = [];
  const release = () => {
    const next = waiting.shift();
    // Hand the slot straight to the next waiter, so a newcomer cannot overtake it.
    if (next) next();
    else active -= 1;
  };
  return {
    get active() {
      return active;
    },
    acquire() {
      let released = false;
      const once: Release = () => {
        if (released) return;
        released = true;
        release();
      };
      if (active < limit) {
        active += 1;
        return Promise.resolve(once);
      }
      return new Promise((resolve) => waiting.push(() => resolve(once)));
    },
  };
}

/** Spaces requests to at most `rps` a second. */
export interface RateLimiter {
  /** Resolves when the caller may send. */
  take(): Promise<void>;
}

/**
 * A token bucket of capacity one refilled `rps` times a second (so requests are evenly spaced,
 * never bursting above the rate). Each caller reserves its slot synchronously, so concurrent
 * callers never share one. Without `rps` it never waits.
 */
export function createRateLimiter(rps: number | undefined, clock: Clock): RateLimiter {
  if (rps === undefined) return { take: () => Promise.resolve() };
  const intervalMs = 1000 / rps;
  let nextSlot = -Infinity;
  return {
    take() {
      const now = clock.now();
      const slot = Math.max(now, nextSlot);
      nextSlot = slot + intervalMs;
      return slot > now ? clock.sleep(slot - now) : Promise.resolve();
    },
  };
}
