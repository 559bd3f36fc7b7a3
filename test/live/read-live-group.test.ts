import { describe, expect, it } from 'vitest';
import { ROLES } from '../../src/model/roles.js';
import type { RunningEmulator, Seed } from '../../src/emulator/index.js';
import type { GtiApi } from '../../src/api/types.js';
import { readLiveGroup } from '../../src/live/read-live-group.js';
import { startTestClient } from '../support/client.js';
import { readStats, startTestEmulator } from '../support/emulator.js';
import { NOW, bigSeed, demoSeed, startStrippingProxy } from './world.js';

/** An emulator on `seed`, closed after the test. */
const serve = (seed: Seed): Promise<RunningEmulator> => startTestEmulator(seed);

/** A client without retries, closed after the test. */
const client = (baseUrl: string, apiKey: string): GtiApi => startTestClient(baseUrl, apiKey);

describe('readLiveGroup (the demo world over HTTP)', () => {
  it('reads members, roles, caps, 2FA, service accounts and pending invitations', async () => {
    const emu = await serve(await demoSeed());
    const live = await readLiveGroup(client(emu.url, 'key-alice'), 'acme_soc', { now: NOW });
    expect(live.group).toBe('acme_soc');
    expect(live.caller).toEqual({ id: 'alice', email: 'alice@acme.example' });
    const byId = new Map(live.members.map((m) => [m.id, m]));
    expect([...byId.keys()].sort()).toEqual([
      'alice',
      'bob',
      'carol',
      'ciso',
      'dave',
      'henry',
      'ivy',
      'judy',
      'mallory',
      'oscar',
      'pat',
      'quinn',
      'trent',
    ]);
    expect(live.members.map((m) => m.key)).toEqual([...live.members.map((m) => m.key)].sort());
    expect(byId.get('alice')).toMatchObject({
      roles: ['admin', 'private_scanning'],
      caps: { api_requests_daily: 20000 },
      used: { api_requests_daily: 812 },
      has2fa: true,
    });
    expect(byId.get('alice')?.unknownRoles).toBeUndefined();
    expect(byId.get('mallory')?.roles).toEqual(['admin']);
    expect(byId.get('carol')).toMatchObject({
      roles: [],
      has2fa: false,
      caps: { api_requests_daily: 1000 },
    });
    expect(byId.get('dave')).toMatchObject({
      caps: { api_requests_daily: 5000 },
      used: { api_requests_daily: 2500 },
    });
    expect(byId.get('trent')?.caps).toEqual({});
    expect(live.serviceAccounts).toEqual([
      {
        id: 'acme_soc_old_scanner',
        name: 'old_scanner',
        roles: [],
        apiRoles: [],
        caps: {},
        used: {},
      },
      {
        id: 'acme_soc_soar_ingest',
        name: 'soar_ingest',
        roles: [],
        apiRoles: [],
        caps: { api_requests_daily: 50000 },
        used: { api_requests_daily: 1100 },
      },
    ]);
    expect(live.pendingInvitations).toEqual([
      { key: 'gina@acme.example', email: 'gina@acme.example', actor: 'alice', date: 1795169700 },
    ]);
    expect(live.activityLog?.map((e) => e.action)).toEqual([
      'Invite user to group',
      'Add admin to group',
    ]);
  });

  it('refuses a caller in no group, or in another group, with NOT_GROUP_MEMBER', async () => {
    const emu = await serve(await demoSeed());
    await expect(
      readLiveGroup(client(emu.url, 'key-erin'), 'acme_soc', { now: NOW }),
    ).rejects.toMatchObject({ code: 'NOT_GROUP_MEMBER' });
    await expect(
      readLiveGroup(client(emu.url, 'key-zed'), 'acme_soc', { now: NOW }),
    ).rejects.toMatchObject({ code: 'NOT_GROUP_MEMBER' });
  });

  it("refuses a service account's key with NOT_GROUP_ADMIN, saying it is one (not 'not a member')", async () => {
    const emu = await serve(await demoSeed());
    const error = await readLiveGroup(client(emu.url, 'key-acme_soc_soar_ingest'), 'acme_soc', {
      now: NOW,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_GROUP_ADMIN' });
    const message = String((error as Error).message);
    expect(message).toContain(
      'service account soar_ingest (acme_soc_soar_ingest) of group acme_soc',
    );
    expect(message).toContain('user key of an administrator');
    expect(message).not.toContain('not a member');
    expect(message).not.toContain('key-acme_soc_soar_ingest');
  });

  it("refuses another group's service account with NOT_GROUP_MEMBER, saying it is one", async () => {
    const seed = await demoSeed();
    seed.service_accounts = [
      ...(seed.service_accounts ?? []),
      { group: 'other_corp', name: 'feeder', apikey: 'key-feeder' },
    ];
    const emu = await serve(seed);
    const error = await readLiveGroup(client(emu.url, 'key-feeder'), 'acme_soc', {
      now: NOW,
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'NOT_GROUP_MEMBER' });
    expect(String((error as Error).message)).toContain(
      'service account feeder (other_corp_feeder)',
    );
  });

  it('refuses a member who is not an administrator with NOT_GROUP_ADMIN, never naming the key', async () => {
    const emu = await serve(await demoSeed());
    const error = await readLiveGroup(client(emu.url, 'key-bob'), 'acme_soc', { now: NOW }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'NOT_GROUP_ADMIN' });
    expect(String((error as Error).message)).toContain('bob');
    expect(String((error as Error).message)).not.toContain('key-bob');
  });

  it('reports an unknown group as GROUP_NOT_FOUND and a bad key as the API error', async () => {
    const emu = await serve(await demoSeed());
    await expect(
      readLiveGroup(client(emu.url, 'key-alice'), 'nope', { now: NOW }),
    ).rejects.toMatchObject({ code: 'GROUP_NOT_FOUND' });
    await expect(
      readLiveGroup(client(emu.url, 'key-wrong'), 'acme_soc', { now: NOW }),
    ).rejects.toMatchObject({ code: 'API_WrongCredentialsError' });
  });

  it('learns a pending invitation from the log, and forgets it once the account exists', async () => {
    const emu = await serve(await demoSeed());
    const api = client(emu.url, 'key-alice');
    await api.addGroupUsers('acme_soc', ['frank@acme.example']);
    const before = await readLiveGroup(api, 'acme_soc', { now: NOW });
    expect(before.pendingInvitations.map((p) => p.key)).toEqual([
      'frank@acme.example',
      'gina@acme.example',
    ]);
    await fetch(`${emu.origin}/_emulator/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ users: [{ id: 'frank', email: 'Frank@acme.example' }] }),
    });
    const after = await readLiveGroup(api, 'acme_soc', { now: NOW });
    expect(after.pendingInvitations.map((p) => p.key)).toEqual(['gina@acme.example']);
    expect(after.members.some((m) => m.id === 'frank')).toBe(true);
  });
});

describe('readLiveGroup and service accounts', () => {
  it('never takes a service account listed among the users for a member', async () => {
    const emu = await serve(await demoSeed());
    const api = client(emu.url, 'key-alice');
    // An API that also lists service accounts under /users (one as type user, one as itself).
    const listing = api.listGroupUsers.bind(api);
    const accounts = api.listGroupServiceAccounts.bind(api);
    api.listGroupUsers = async function* (gid, options) {
      yield* listing(gid, options);
      let first = true;
      for await (const account of accounts(gid)) {
        yield { ...account, type: first ? 'user' : 'service_account' };
        first = false;
      }
    };
    const live = await readLiveGroup(api, 'acme_soc', { now: NOW });
    expect(live.serviceAccounts.map((a) => a.id)).toEqual([
      'acme_soc_old_scanner',
      'acme_soc_soar_ingest',
    ]);
    expect(live.members.filter((m) => m.id.startsWith('acme_soc_'))).toEqual([]);
    expect(live.members).toHaveLength(13);
  });
});

describe('readLiveGroup request counts (from /_emulator/stats)', () => {
  it('⌈N/40⌉ + ⌈A/40⌉ + ⌈S/40⌉ + 1 caller + 1 activity page, all listings at once', async () => {
    // N = 85 members (3 pages), A = 41 admins (2 pages), S = 3 service accounts (1 page).
    const emu = await serve(bigSeed({ members: 85, admins: 41, accounts: 3, recentLog: 5 }));
    const live = await readLiveGroup(client(emu.url, 'key-m000'), 'big', { now: NOW });
    expect(live.members).toHaveLength(85);
    expect(live.members.filter((m) => m.roles.includes('admin'))).toHaveLength(41);
    expect(live.serviceAccounts).toHaveLength(3);
    // The old invitation (40 days ago) is outside the window, so it is not read at all.
    expect(live.pendingInvitations).toEqual([]);
    const stats = await readStats(emu.origin);
    // Where the listing hides has_2fa (revision 2), one page of the filter listing (F = 12).
    const filter = live.twoFactor.known && live.twoFactor.via === 'filter' ? 1 : 0;
    expect(stats.by_route).toEqual({
      'GET /users/{id}': 1,
      'GET /groups/{gid}/users': 3 + filter,
      'GET /groups/{gid}/administrators': 2,
      'GET /groups/{gid}/service_accounts': 1,
      'GET /groups/{gid}/activity_log_entries': 1,
    });
    expect(stats.requests).toBe(3 + 2 + 1 + 1 + 1 + filter);
  });

  it('an empty listing still costs one page', async () => {
    const emu = await serve(bigSeed({ members: 2, admins: 1, accounts: 0, recentLog: 0 }));
    const live = await readLiveGroup(client(emu.url, 'key-m000'), 'big', { now: NOW });
    const filter = live.twoFactor.known && live.twoFactor.via === 'filter' ? 1 : 0;
    expect((await readStats(emu.origin)).requests).toBe(5 + filter);
  });

  it('reads more log pages while entries are recent, at most 5', async () => {
    const two = await serve(bigSeed({ members: 2, admins: 1, accounts: 1, recentLog: 45 }));
    const live = await readLiveGroup(client(two.url, 'key-m000'), 'big', { now: NOW });
    expect(live.activityLog).toHaveLength(45);
    expect((await readStats(two.origin)).by_route['GET /groups/{gid}/activity_log_entries']).toBe(
      2,
    );

    const many = await serve(bigSeed({ members: 2, admins: 1, accounts: 1, recentLog: 300 }));
    const capped = await readLiveGroup(client(many.url, 'key-m000'), 'big', { now: NOW });
    expect(capped.activityLog).toHaveLength(200);
    expect((await readStats(many.origin)).by_route['GET /groups/{gid}/activity_log_entries']).toBe(
      5,
    );
  });
});

describe('readLiveGroup looking for declared emails (lookFor)', () => {
  /** 300 recent entries, then an invitation of late@big.example behind them (8th page). */
  function seedWithLateInvitation(): Seed {
    const seed = bigSeed({ members: 2, admins: 1, accounts: 1, recentLog: 300 });
    seed.activity_log = [
      ...(seed.activity_log ?? []),
      {
        group: 'big',
        actor: 'm000',
        action: 'Invite user to group',
        user: 'late@big.example',
        date: Math.floor(NOW.getTime() / 1000) - 21 * 86_400,
      },
    ];
    seed.invitations = [{ group: 'big', email: 'late@big.example' }];
    return seed;
  }
  const logPages = async (origin: string) =>
    (await readStats(origin)).by_route['GET /groups/{gid}/activity_log_entries'];

  it('reads one log page when every looked-for email is a member', async () => {
    const emu = await serve(seedWithLateInvitation());
    const lookFor = new Set(['m000@big.example', 'm001@big.example']);
    const live = await readLiveGroup(client(emu.url, 'key-m000'), 'big', { now: NOW, lookFor });
    expect(live.pendingInvitations).toEqual([]);
    expect(await logPages(emu.origin)).toBe(1);
  });

  it('reads on past the default 5 pages until an invitation it looks for is found', async () => {
    const emu = await serve(seedWithLateInvitation());
    const blind = await readLiveGroup(client(emu.url, 'key-m000'), 'big', { now: NOW });
    expect(blind.pendingInvitations).toEqual([]);
    const lookFor = new Set(['m000@big.example', 'late@big.example']);
    const live = await readLiveGroup(client(emu.url, 'key-m000'), 'big', { now: NOW, lookFor });
    expect(live.pendingInvitations.map((p) => p.key)).toEqual(['late@big.example']);
    // 5 pages for the blind read, then 8 (300 entries + the invitation: the 8th page holds it).
    expect(await logPages(emu.origin)).toBe(5 + 8);
  });

  it('stops at the 30-day window when a looked-for email is nowhere in the log', async () => {
    const emu = await serve(bigSeed({ members: 2, admins: 1, accounts: 1, recentLog: 100 }));
    const lookFor = new Set(['nobody@big.example']);
    const live = await readLiveGroup(client(emu.url, 'key-m000'), 'big', { now: NOW, lookFor });
    expect(live.pendingInvitations).toEqual([]);
    // 100 recent entries then an old one: pages 1-3, the third ending at the old entry.
    expect(await logPages(emu.origin)).toBe(3);
  });
});

describe('readLiveGroup without context_attributes (a stripping proxy)', () => {
  it('learns administrators from the administrators listing and caps from attributes.quotas', async () => {
    const emu = await serve(await demoSeed());
    const direct = await readLiveGroup(client(emu.url, 'key-alice'), 'acme_soc', { now: NOW });
    const proxy = await startStrippingProxy(emu.url);
    const stripped = await readLiveGroup(client(proxy.url, 'key-alice'), 'acme_soc', { now: NOW });

    for (const m of stripped.members) {
      const d = direct.members.find((x) => x.id === m.id);
      expect(m.roles.includes('admin'), m.id).toBe(d?.roles.includes('admin'));
      expect(m.caps, m.id).toEqual(d?.caps);
      expect(m.unknownRoles).toEqual(ROLES.filter((r) => r !== 'admin'));
    }
    expect(stripped.members.find((m) => m.id === 'alice')?.roles).toEqual(['admin']);
    // Without context_attributes the service accounts' roles cannot be read: unknown, not none.
    expect(stripped.serviceAccounts).toEqual(
      direct.serviceAccounts.map((a) => ({ ...a, roles: null, apiRoles: null })),
    );
  });
});
