import { describe, expect, it } from 'vitest';
import { readActivityLog } from '../../src/report/read-activity-log.js';
import type { ApiActivityLogEntry, GtiApi } from '../../src/api/types.js';

const now = new Date('2026-11-26T12:00:00Z');
const nowSeconds = now.getTime() / 1000;

/** A client whose only working call is the activity log; counts the entries it handed out. */
function fakeLog(dates: number[]): {
  api: GtiApi;
  served: () => number;
  asked: unknown[];
} {
  let served = 0;
  const asked: unknown[] = [];
  async function* list(): AsyncIterable<ApiActivityLogEntry> {
    for (const [i, date] of dates.entries()) {
      served++;
      yield {
        type: 'activity_log_entry',
        id: String(i),
        attributes: { action: 'Add user to group', date, info: { user: `u${i}` } },
        relationships: { user: { data: { id: 'root', type: 'user' } } },
      };
    }
  }
  const api = {
    listActivityLog: (_gid: string, options: unknown) => {
      asked.push(options);
      return list();
    },
  } as unknown as GtiApi;
  return { api, served: () => served, asked };
}

describe('readActivityLog', () => {
  it('reads the whole log when it is short and recent', async () => {
    const { api, asked } = fakeLog([nowSeconds - 60, nowSeconds - 86_400]);
    const read = await readActivityLog(api, 'g', now);
    const add = { action: 'Add user to group', kind: 'add_user', actor: 'root' };
    expect(read.entries).toEqual([
      { ...add, date: nowSeconds - 60, user: 'u0' },
      { ...add, date: nowSeconds - 86_400, user: 'u1' },
    ]);
    // Without relationships=user the API names no actor (gti-api.md §9).
    expect(asked).toEqual([{ relationships: ['user'] }]);
    expect(read.window).toEqual({ entries: 2, oldest: '2026-11-25T12:00:00Z', truncated: false });
  });

  it('stops at the first entry older than the day bound, and says so', async () => {
    const { api, served } = fakeLog([
      nowSeconds - 10,
      nowSeconds - 91 * 86_400,
      nowSeconds - 92 * 86_400,
    ]);
    const read = await readActivityLog(api, 'g', now);
    expect(read.window).toMatchObject({ entries: 1, truncated: true });
    expect(served()).toBe(2);
  });

  it('stops at the entry bound without asking for more', async () => {
    const { api, served } = fakeLog(Array.from({ length: 10 }, (_, i) => nowSeconds - i));
    const read = await readActivityLog(api, 'g', now, { maxDays: 90, maxEntries: 4 });
    expect(read.window).toMatchObject({ entries: 4, truncated: true });
    expect(served()).toBe(4);
  });

  it('an empty log', async () => {
    const { api } = fakeLog([]);
    expect((await readActivityLog(api, 'g', now)).window).toEqual({
      entries: 0,
      oldest: null,
      truncated: false,
    });
  });
});
