import { describe, expect, it } from 'vitest';
import type { GtiApi } from '../../src/api/types.js';
import { createHttpError } from '../../src/api/errors.js';
import type { RunningEmulator, Seed } from '../../src/emulator/index.js';
import { readLiveGroup } from '../../src/live/read-live-group.js';
import { NO_2FA_FILTER } from '../../src/live/read-two-factor.js';
import { startTestClient } from '../support/client.js';
import { readStats, startTestEmulator } from '../support/emulator.js';
import {
  NOW,
  bigSeed,
  bigSeedHas2fa,
  startHiding2faProxy,
  startRevealing2faProxy,
} from './world.js';

const serve = (seed: Seed): Promise<RunningEmulator> => startTestEmulator(seed);
const USERS = 'GET /groups/{gid}/users';

/** bigSeed's members without 2FA: every 7th from m003 (has_2fa: i % 7 !== 3). */
const without2fa = (members: number): string[] =>
  Array.from({ length: members }, (_, i) => i)
    .filter((i) => i % 7 === 3)
    .map((i) => `m${String(i).padStart(3, '0')}`);

/** Records the `filter` of every members listing the client starts. */
function watchFilters(api: GtiApi): string[] {
  const filters: string[] = [];
  const list = api.listGroupUsers.bind(api);
  api.listGroupUsers = (gid, options) => {
    filters.push(options?.filter ?? '');
    return list(gid, options);
  };
  return filters;
}

describe('2FA where the members listing shows has_2fa (attribute)', () => {
  it('uses the attribute and costs no request beyond design §7', async () => {
    const emu = await serve(bigSeed({ members: 85, admins: 2, accounts: 1, recentLog: 0 }));
    const proxy = await startRevealing2faProxy(emu.url, bigSeedHas2fa);
    const api = startTestClient(proxy.url, 'key-m000');
    const filters = watchFilters(api);
    const live = await readLiveGroup(api, 'big', { now: NOW });
    expect(live.twoFactor).toEqual({ known: true, via: 'attribute' });
    expect(live.members.filter((m) => m.has2fa === false).map((m) => m.id)).toEqual(without2fa(85));
    expect(filters).toEqual(['']);
    expect((await readStats(emu.origin)).by_route[USERS]).toBe(3);
    await proxy.close();
  });
});

describe('2FA where only the owner sees has_2fa (the filter listing)', () => {
  it('learns who lacks 2FA from one paged filter listing: ⌈N/40⌉ + ⌈F/40⌉ member pages', async () => {
    // N = 85 (3 pages), F = 12 (1 page).
    const emu = await serve(bigSeed({ members: 85, admins: 2, accounts: 1, recentLog: 0 }));
    const proxy = await startHiding2faProxy(emu.url, 'm000');
    const api = startTestClient(proxy.url, 'key-m000');
    const filters = watchFilters(api);
    const live = await readLiveGroup(api, 'big', { now: NOW });
    expect(live.twoFactor).toEqual({ known: true, via: 'filter' });
    expect(live.members.filter((m) => m.has2fa === false).map((m) => m.id)).toEqual(without2fa(85));
    expect(live.members.every((m) => m.has2fa !== null)).toBe(true);
    expect(filters).toEqual(['', NO_2FA_FILTER]);
    expect((await readStats(emu.origin)).by_route[USERS]).toBe(3 + 1);
    await proxy.close();
  });

  it('pages the filter listing by 40: F = 45 → 2 pages', async () => {
    // 315 members, of whom every 7th from m003 lacks 2FA: 45.
    const emu = await serve(bigSeed({ members: 315, admins: 1, accounts: 0, recentLog: 0 }));
    const proxy = await startHiding2faProxy(emu.url, 'm000');
    const live = await readLiveGroup(startTestClient(proxy.url, 'key-m000'), 'big', { now: NOW });
    expect(live.members.filter((m) => m.has2fa === false)).toHaveLength(45);
    expect((await readStats(emu.origin)).by_route[USERS]).toBe(8 + 2);
    await proxy.close();
  });

  it('an empty filter listing still answers: nobody lacks 2FA, known', async () => {
    const emu = await serve(bigSeed({ members: 3, admins: 1, accounts: 0, recentLog: 0 }));
    const proxy = await startHiding2faProxy(emu.url, 'm000');
    const live = await readLiveGroup(startTestClient(proxy.url, 'key-m000'), 'big', { now: NOW });
    expect(live.twoFactor).toEqual({ known: true, via: 'filter' });
    expect(live.members.map((m) => m.has2fa)).toEqual([true, true, true]);
    expect((await readStats(emu.origin)).by_route[USERS]).toBe(2);
    await proxy.close();
  });
});

describe('2FA nobody answers (unknown)', () => {
  it('a refused filter (400 from the emulator) leaves every has2fa null and says why', async () => {
    const emu = await serve(bigSeed({ members: 10, admins: 1, accounts: 0, recentLog: 0 }));
    const proxy = await startHiding2faProxy(emu.url, 'm000');
    const api = startTestClient(proxy.url, 'key-m000');
    const list = api.listGroupUsers.bind(api);
    // The emulator refuses a filter it does not support with 400 BadRequestError, as the
    // no-2fa-filter variant refuses this one.
    api.listGroupUsers = (gid, options) =>
      list(gid, options?.filter === undefined ? options : { ...options, filter: 'nope:1' });
    const live = await readLiveGroup(api, 'big', { now: NOW });
    expect(live.twoFactor).toMatchObject({ known: false });
    expect(live.twoFactor.known ? '' : live.twoFactor.reason).toContain('400');
    expect(live.members.map((m) => m.has2fa)).toEqual(live.members.map(() => null));
    await proxy.close();
  });

  it('a forbidden filter (403) is unknown too; any other failure fails the read', async () => {
    const emu = await serve(bigSeed({ members: 4, admins: 1, accounts: 0, recentLog: 0 }));
    const proxy = await startHiding2faProxy(emu.url, 'm000');
    const failing = (status: number): GtiApi => {
      const api = startTestClient(proxy.url, 'key-m000');
      const list = api.listGroupUsers.bind(api);
      api.listGroupUsers = (gid, options) => {
        if (options?.filter === undefined) return list(gid, options);
        return (async function* () {
          yield* [];
          throw createHttpError({ method: 'GET', path: `/groups/${gid}/users`, status });
        })();
      };
      return api;
    };
    const forbidden = await readLiveGroup(failing(403), 'big', { now: NOW });
    expect(forbidden.twoFactor).toMatchObject({ known: false });
    await expect(readLiveGroup(failing(500), 'big', { now: NOW })).rejects.toMatchObject({
      status: 500,
    });
    await proxy.close();
  });
});
