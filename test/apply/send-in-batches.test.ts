import { describe, expect, it } from 'vitest';
import { GtiSyncError } from '../../src/model/errors.js';
import type { ErrorCode } from '../../src/model/error-codes.js';
import { mentions } from '../../src/apply/classify-error.js';
import { sendInBatches, type RunControl } from '../../src/apply/send-in-batches.js';

/** An error shaped like the client's ApiError. */
function apiError(status: number, apiCode: string, apiMessage: string): Error {
  return Object.assign(new GtiSyncError(`API_${apiCode}` as ErrorCode, apiMessage), {
    status,
    apiCode,
    apiMessage,
  });
}

function freshRun(): RunControl {
  return { stop: undefined, stopped: false };
}

/** A fake endpoint that refuses any batch holding a bad item, like the API (all or nothing). */
function endpoint(bad: Set<string>, message: (item: string) => string) {
  const requests: string[][] = [];
  const applied: string[] = [];
  return {
    requests,
    applied,
    send: async (items: string[]) => {
      requests.push(items);
      const first = items.find((item) => bad.has(item));
      if (first !== undefined) throw apiError(409, 'AlreadyExistsError', message(first));
      applied.push(...items);
    },
  };
}

const names = (count: number) => Array.from({ length: count }, (_, i) => `u${i}@x.example`);

describe('sendInBatches', () => {
  it('sends 85 items as 40 + 40 + 5', async () => {
    const api = endpoint(new Set(), () => '');
    const result = await sendInBatches(
      names(85),
      40,
      { send: api.send, namesOf: (n) => [n] },
      freshRun(),
    );
    expect(api.requests.map((r) => r.length)).toEqual([40, 40, 5]);
    expect(result.done).toHaveLength(85);
  });

  it('retries the named bad item alone and the rest together', async () => {
    const items = names(10);
    const api = endpoint(
      new Set([items[3]!]),
      (item) => `User ${item} already belongs to another group`,
    );
    const result = await sendInBatches(
      items,
      40,
      { send: api.send, namesOf: (n) => [n] },
      freshRun(),
    );
    expect(api.requests.map((r) => r.length)).toEqual([10, 1, 9]);
    expect(result.failed.map((f) => f.item)).toEqual([items[3]]);
    expect(result.done).toHaveLength(9);
  });

  it('bisects when the message names no item, and still isolates the bad one', async () => {
    const items = names(8);
    const api = endpoint(new Set([items[5]!]), () => 'Bad request');
    const result = await sendInBatches(
      items,
      40,
      { send: api.send, namesOf: (n) => [n] },
      freshRun(),
    );
    expect(result.failed.map((f) => f.item)).toEqual([items[5]]);
    expect(api.applied.sort()).toEqual(items.filter((_, i) => i !== 5).sort());
    // 8 → 4 ok + 4 → 2 ok + 2 → 1 ok + 1 bad
    expect(api.requests).toHaveLength(7);
  });

  it('does not split on errors that are not about an item (e.g. 503 after retries)', async () => {
    const requests: string[][] = [];
    const send = async (items: string[]) => {
      requests.push(items);
      throw apiError(503, 'TransientError', 'try later');
    };
    const result = await sendInBatches(names(50), 40, { send, namesOf: (n) => [n] }, freshRun());
    expect(requests.map((r) => r.length)).toEqual([40, 10]);
    expect(result.failed).toHaveLength(50);
    expect(result.failed[0]?.error).toMatchObject({ code: 'API_TransientError' });
  });

  it('counts a lone item the handler calls already done as done', async () => {
    const items = ['a', 'b', 'c'];
    const api = endpoint(new Set(['b']), (item) => `Service account ${item} already exists`);
    const result = await sendInBatches(
      items,
      40,
      {
        send: api.send,
        namesOf: (n) => [n],
        isAlreadyDone: (e) => (e as { status?: number }).status === 409,
      },
      freshRun(),
    );
    expect(result.done.sort()).toEqual(['a', 'b', 'c']);
    expect(result.failed).toEqual([]);
  });

  it('stops the run on QUOTA_EXCEEDED and leaves the rest not sent', async () => {
    const requests: string[][] = [];
    const send = async (items: string[]) => {
      requests.push(items);
      if (requests.length === 2) throw new GtiSyncError('QUOTA_EXCEEDED', 'daily quota spent');
    };
    const run = freshRun();
    const result = await sendInBatches(names(130), 40, { send, namesOf: (n) => [n] }, run);
    expect(requests).toHaveLength(2);
    expect(run.stopped).toBe(true);
    expect(result.done).toHaveLength(40);
    expect(result.failed).toHaveLength(40);
    expect(result.notSent).toHaveLength(50);
  });

  it('sends only what prepare lets through', async () => {
    const api = endpoint(new Set(), () => '');
    const result = await sendInBatches(
      ['keep', 'drop', 'keep2'],
      40,
      {
        send: api.send,
        namesOf: (n) => [n],
        prepare: (items) => items.filter((i) => i !== 'drop'),
      },
      freshRun(),
    );
    expect(api.requests).toEqual([['keep', 'keep2']]);
    expect(result.done).toEqual(['keep', 'keep2']);
  });
});

describe('mentions', () => {
  it('matches whole emails and ids only', () => {
    expect(
      mentions('User zed@other.example already belongs to another group', 'zed@other.example'),
    ).toBe(true);
    expect(mentions('User ZED@other.example already belongs.', 'zed@other.example')).toBe(true);
    expect(mentions('Invalid email address: bob@x.io.', 'bob@x.io')).toBe(true);
    expect(mentions('User abob@x.io is bad', 'bob@x.io')).toBe(false);
    expect(mentions('User bob@x.io.uk is bad', 'bob@x.io')).toBe(false);
    expect(mentions('User u12 is not a member', 'u1')).toBe(false);
    expect(mentions('anything', '')).toBe(false);
  });
});
