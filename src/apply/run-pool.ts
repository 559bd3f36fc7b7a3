/**
 * Runs one task per item with at most `limit` in flight (removals, per-user quota PATCHes), in
 * item order. Stops starting new tasks once `shouldStop()` says so; returns the items never started.
 */
export async function runPool<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
  shouldStop: () => boolean,
): Promise<T[]> {
  const notStarted: T[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    for (;;) {
      const index = next++;
      const item = items[index];
      if (item === undefined) return;
      if (shouldStop()) {
        notStarted.push(item);
        continue;
      }
      await task(item);
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, () =>
    worker(),
  );
  await Promise.all(workers);
  return notStarted;
}
