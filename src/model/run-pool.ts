/**
 * The one concurrency pool: apply's removals and quota PATCHes, and the reports' per-user reads.
 * The client has its own limit too; this one keeps a long list from queueing thousands of
 * promises at once.
 */

/**
 * Runs `task` once per item, at most `limit` at a time, starting them in item order. Once
 * `shouldStop()` says so no new task starts; returns the items never started (in order).
 */
export async function runPool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T, index: number) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<T[]> {
  const notStarted: T[] = [];
  // One iterator shared by the workers: each takes the next item when it is free.
  const queue = items.entries();
  const worker = async (): Promise<void> => {
    for (const [index, item] of queue) {
      if (shouldStop()) notStarted.push(item);
      else await task(item, index);
    }
  };
  const workers = Math.max(1, Math.min(limit, items.length));
  await Promise.all(Array.from({ length: workers }, () => worker()));
  return notStarted;
}

/** `fn` over every item with at most `limit` in flight; the results keep the input order. */
export async function mapPool<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  await runPool(items, limit, async (item, index) => {
    results[index] = await fn(item);
  });
  return results;
}
