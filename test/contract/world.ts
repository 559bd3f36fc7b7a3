/**
 * The contract suite's world: a small seed built here (so every expectation can be read off it)
 * and helpers to run the real emulator over HTTP and point the real client at it.
 */
import type { ClientEvent, GtiClientOptions } from '../../src/api/client.js';
import type { GtiApi } from '../../src/api/types.js';
import type { RunningEmulator, Seed, StartEmulatorOptions } from '../../src/emulator/index.js';
import { createFakeClock, DEFAULT_RETRY, startTestClient } from '../support/client.js';
import { NOW, startTestEmulator } from '../support/emulator.js';

export { NOW };

/** Members generated to make the group span two pages of 40. */
const EXTRA_MEMBERS = 45;

const usage = (files: number, search: number) => ({
  '/api/v3/(files)': files,
  '/api/v3/(intelligence_search)': search,
});

/** The seed: group acme_soc (alice admin, bob and carol members, 45 more), other_corp (dave admin, frank). */
function buildSeed(): Seed {
  const extras = Array.from({ length: EXTRA_MEMBERS }, (_, i) => {
    const id = `m${String(i).padStart(2, '0')}`;
    return { id, email: `${id}@acme.example`, has_2fa: true, group: 'acme_soc' };
  });
  return {
    now: NOW,
    groups: [
      {
        id: 'acme_soc',
        organization: 'ACME',
        quotas: {
          api_requests_daily: { allowed: 100000, used: 5120 },
          api_requests_monthly: { allowed: 3000000, used: 120000 },
          intelligence_searches_monthly: { allowed: 10000, used: 3200 },
        },
      },
      {
        id: 'other_corp',
        organization: 'Other',
        quotas: { api_requests_daily: { allowed: 20000, used: 0 } },
      },
    ],
    users: [
      {
        id: 'alice',
        email: 'alice@acme.example',
        apikey: 'key-alice',
        first_name: 'Alice',
        has_2fa: true,
        group: 'acme_soc',
        roles: ['USER_ROLE_GROUP_ADMIN'],
        quotas: {
          api_requests_daily: { allowed: 20000, used: 812 },
          intelligence_searches_monthly: { allowed: 500, used: 40 },
        },
        api_usage: { '2026-11-24': usage(100, 10), '2026-11-25': usage(600, 212) },
      },
      {
        id: 'bob',
        email: 'Bob@acme.example',
        apikey: 'key-bob',
        has_2fa: false,
        group: 'acme_soc',
        api_usage: { '2026-11-25': usage(50, 0) },
      },
      { id: 'carol', email: 'carol@acme.example', has_2fa: false, group: 'acme_soc' },
      {
        id: 'dave',
        email: 'dave@other.example',
        apikey: 'key-dave',
        has_2fa: true,
        group: 'other_corp',
        roles: ['USER_ROLE_GROUP_ADMIN'],
      },
      { id: 'frank', email: 'frank@other.example', has_2fa: true, group: 'other_corp' },
      { id: 'erin', email: 'erin@free.example', apikey: 'key-erin', has_2fa: true },
      {
        id: 'zed',
        email: 'zed@acme.example',
        apikey: 'key-zed',
        status: 'suspended',
        group: 'acme_soc',
      },
      ...extras,
    ],
    service_accounts: [
      {
        group: 'acme_soc',
        name: 'soar_ingest',
        apikey: 'key-soar',
        api_usage: { '2026-11-25': usage(1000, 0) },
      },
    ],
    activity_log: [
      {
        group: 'acme_soc',
        actor: 'alice',
        action: 'Add user to group',
        user: 'carol',
        date: 1763900000,
      },
    ],
  };
}

/** Members of acme_soc in the seed (zed included: suspended accounts stay members). */
export const ACME_MEMBERS = 4 + EXTRA_MEMBERS;

/** Starts the emulator on 127.0.0.1:0 with the seed (closed automatically, see test/support). */
export function startWorld(
  options: Omit<StartEmulatorOptions, 'seed'> = {},
): Promise<RunningEmulator> {
  return startTestEmulator(buildSeed(), options);
}

/**
 * A client acting with `apiKey` with the client's own retry policy, never really waiting between
 * retries (closed automatically).
 */
export function clientFor(
  emu: RunningEmulator,
  apiKey: string,
  options: Partial<GtiClientOptions> = {},
  events: ClientEvent[] = [],
): GtiApi {
  return startTestClient(emu, apiKey, {
    retry: DEFAULT_RETRY,
    clock: createFakeClock(Date.parse(NOW)),
    onEvent: (e) => events.push(e),
    ...options,
  });
}

/**
 * The world and the clients the read, write and usage suites share: alice (acme_soc's
 * administrator), bob (a plain member) and dave (other_corp's administrator).
 */
export async function startWorldWithClients(): Promise<{
  emu: RunningEmulator;
  alice: GtiApi;
  bob: GtiApi;
  dave: GtiApi;
}> {
  const emu = await startWorld();
  return {
    emu,
    alice: clientFor(emu, 'key-alice'),
    bob: clientFor(emu, 'key-bob'),
    dave: clientFor(emu, 'key-dave'),
  };
}
