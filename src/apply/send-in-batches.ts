/**
 * Sends items in batches (one request a batch) and isolates bad items: the API rejects a whole
 * batch for one bad item (gti-api.md §2, Decision), so a batch refused with 400/409 is split. When
 * the API's message names exactly one item of the batch, that item is retried alone and the rest
 * together; otherwise the batch is bisected. Good items end `done`, bad ones `failed` with the
 * API's error, and the run goes on, unless the error stops the run (a spent quota).
 */
import { apiMessageOf, isItemRejection, isRunStopper, mentions } from './classify-error.js';

/** Shared by every step of one apply: once `stop` is set, nothing more is sent. */
export interface RunControl {
  stop: unknown;
  stopped: boolean;
}

/** How to send one kind of item. */
export interface BatchHandler<T> {
  /** One request carrying `items`; throws on failure. */
  send(items: T[]): Promise<void>;
  /** What an API message may call the item (its email, id or name). */
  namesOf(item: T): string[];
  /** Called before every request: returns what may be sent now (e.g. without unsafe revokes). */
  prepare?(items: T[]): T[];
  /** Called after a request succeeded, with what it carried. */
  onSent?(items: T[]): void;
  /** A failure of a single item that means it is already true (e.g. 409 for an existing account). */
  isAlreadyDone?(error: unknown): boolean;
}

/** Where every item ended. `notSent`: the run stopped before it could be tried. */
export interface BatchResult<T> {
  done: T[];
  failed: { item: T; error: unknown }[];
  notSent: T[];
}

/** Sends `items` in batches of `size`, in order, splitting rejected batches; never throws for an API error. */
export async function sendInBatches<T>(
  items: readonly T[],
  size: number,
  handler: BatchHandler<T>,
  run: RunControl,
  onSettled: (count: number) => void = () => undefined,
): Promise<BatchResult<T>> {
  const result: BatchResult<T> = { done: [], failed: [], notSent: [] };

  const settle = async (batch: T[]): Promise<void> => {
    if (run.stopped) {
      result.notSent.push(...batch);
      return;
    }
    const toSend = handler.prepare ? handler.prepare(batch) : batch;
    if (toSend.length === 0) return;
    try {
      await handler.send(toSend);
      handler.onSent?.(toSend);
      result.done.push(...toSend);
      onSettled(toSend.length);
      return;
    } catch (error) {
      if (isRunStopper(error)) {
        run.stop = error;
        run.stopped = true;
      } else if (toSend.length === 1 && handler.isAlreadyDone?.(error) === true) {
        result.done.push(...toSend);
        onSettled(1);
        return;
      } else if (toSend.length > 1 && isItemRejection(error)) {
        await split(toSend, error);
        return;
      }
      for (const item of toSend) result.failed.push({ item, error });
      onSettled(toSend.length);
    }
  };

  const split = async (batch: T[], error: unknown): Promise<void> => {
    const message = apiMessageOf(error);
    const named = batch.filter((item) =>
      handler.namesOf(item).some((name) => mentions(message, name)),
    );
    const [only] = named;
    if (named.length === 1 && only !== undefined) {
      await settle([only]);
      await settle(batch.filter((item) => item !== only));
      return;
    }
    const middle = Math.ceil(batch.length / 2);
    await settle(batch.slice(0, middle));
    await settle(batch.slice(middle));
  };

  for (let start = 0; start < items.length; start += size) {
    await settle(items.slice(start, start + size));
  }
  return result;
}
