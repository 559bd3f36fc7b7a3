/** A small GTI world for the emulator tests, and helpers to talk to a running emulator. */
import type { Seed, SeedUser, StartEmulatorOptions } from '../../src/emulator/index.js';
import { startTestEmulator, type RunningEmulator } from '../support/emulator.js';

/** 2026-11-26T12:00:00Z in epoch seconds. */
export const NOW_EPOCH = 1795694400;

function member(id: string, extra: Partial<SeedUser> = {}): SeedUser {
  return {
    id,
    email: `${id}@acme.example`,
    apikey: `key-${id}`,
    first_name: id,
    last_name: 'Test',
    has_2fa: true,
    group: 'acme',
    ...extra,
  };
}

/** The test world: group `acme` (admins ada, bea; members cy, dan (no 2FA), eve; inactive ina), `other`. */
export function testSeed(): Seed {
  return {
    now: '2026-11-26T12:00:00Z',
    groups: [
      {
        id: 'acme',
        organization: 'ACME',
        auto_add_users: ['*@acme.example'],
        quotas: {
          api_requests_daily: { allowed: 100000, used: 5120 },
          intelligence_searches_monthly: { allowed: 10000, used: 3200 },
        },
      },
      {
        id: 'other',
        organization: 'Other',
        quotas: { api_requests_daily: { allowed: 500, used: 1 } },
      },
      { id: 'empty' },
    ],
    users: [
      member('ada', {
        roles: ['USER_ROLE_GROUP_ADMIN'],
        last_login: NOW_EPOCH - 3600,
        quotas: {
          api_requests_daily: { allowed: 20000, used: 812 },
          intelligence_searches_monthly: { allowed: 1000000000, used: 40 },
        },
        api_usage: {
          '2026-11-25': { '/api/v3/(files)': 600, '/api/v3/(intelligence_search)': 212 },
          '2026-11-20': { '/api/v3/(urls)': 5 },
          '2026-10-01': { '/api/v3/(files)': 7 },
        },
        api_usage_not_consuming: { '2026-11-25': { '/api/v3/(users)': 3 } },
      }),
      member('bea', { roles: ['USER_ROLE_GROUP_ADMIN', 'USER_ROLE_PRIVATE_SCANNING'] }),
      member('cy', {
        quotas: {
          api_requests_daily: { allowed: 1000, used: 300 },
          intelligence_searches_monthly: { allowed: 1000000000, used: 90 },
        },
        api_usage: {
          '2026-11-25': { '/api/v3/(files)': 100 },
          '2026-11-02': { '/api/v3/(files)': 1000 },
          '2026-10-30': { '/api/v3/(files)': 4 },
        },
      }),
      member('dan', {
        has_2fa: false,
        quotas: { api_requests_daily: { allowed: 1000000000, used: 3 } },
      }),
      member('eve', { has_2fa: false }),
      member('ina', { status: 'inactive' }),
      {
        id: 'zed',
        email: 'zed@other.example',
        apikey: 'key-zed',
        group: 'other',
        roles: ['USER_ROLE_GROUP_ADMIN'],
        has_2fa: true,
      },
      { id: 'oli', email: 'oli@other.example', apikey: 'key-oli', group: 'other' },
      { id: 'lone', email: 'Lone@Nowhere.example', apikey: 'key-lone', has_2fa: true },
    ],
    service_accounts: [
      {
        group: 'acme',
        name: 'bot',
        apikey: 'key-bot',
        quotas: { api_requests_daily: { allowed: 50000, used: 10 } },
        api_usage: { '2026-11-25': { '/api/v3/(files)': 50 } },
      },
      { group: 'acme', name: 'idle' },
    ],
    invitations: [
      { group: 'acme', email: 'pending@acme.example', invited_by: 'ada', date: NOW_EPOCH - 86400 },
    ],
    activity_log: [
      {
        group: 'acme',
        actor: 'ada',
        action: 'Add user to group',
        user: 'cy',
        date: NOW_EPOCH - 1000,
      },
      {
        group: 'acme',
        actor: 'bea',
        action: 'Add admin to group',
        user: 'bea',
        date: NOW_EPOCH - 500,
      },
      {
        group: 'acme',
        actor: 'ada',
        action: 'Add user to group',
        user: 'dan',
        date: NOW_EPOCH - 1000,
      },
      {
        group: 'other',
        actor: 'zed',
        action: 'Add user to group',
        user: 'oli',
        date: NOW_EPOCH - 10,
      },
    ],
  };
}

/** A seed whose group `big` has `count` plain members (`u000`, `u001`, …) plus admin `boss`. */
export function bigSeed(count: number): Seed {
  const users: SeedUser[] = [
    {
      id: 'boss',
      email: 'boss@big.example',
      apikey: 'key-boss',
      group: 'big',
      roles: ['USER_ROLE_GROUP_ADMIN'],
    },
  ];
  for (let i = 0; i < count; i += 1) {
    const id = `u${String(i).padStart(3, '0')}`;
    users.push({ id, email: `${id}@big.example`, group: 'big', has_2fa: i % 3 !== 0 });
  }
  return { now: '2026-11-26T12:00:00Z', groups: [{ id: 'big' }], users };
}

type Running = RunningEmulator;

/** Starts an emulator on 127.0.0.1 (closed after the test: see test/support/emulator.ts). */
export function start(
  seed: Seed = testSeed(),
  options: Omit<StartEmulatorOptions, 'seed'> = {},
): Promise<Running> {
  return startTestEmulator(seed, options);
}

/** Parsed JSON as tests read it: the one place tests give up static types, to walk answers freely. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

/** The answer of one request: status, parsed JSON body (or null when empty), headers. */
export interface Answer {
  status: number;
  body: Json;
  headers: Headers;
}

/** Sends one request to `base + path` as the owner of `key` (no header when undefined). */
export async function call(
  base: string,
  method: string,
  path: string,
  key: string | undefined,
  body?: unknown,
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (key !== undefined) headers['x-apikey'] = key;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(base + path, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? null : JSON.parse(text),
    headers: response.headers,
  };
}

/** A client bound to one emulator and one key. */
export function client(server: Running, key: string | undefined) {
  return {
    get: (path: string) => call(server.url, 'GET', path, key),
    post: (path: string, body: unknown) => call(server.url, 'POST', path, key, body),
    patch: (path: string, body: unknown) => call(server.url, 'PATCH', path, key, body),
    del: (path: string) => call(server.url, 'DELETE', path, key),
  };
}

/** Follows `links.next` from `path`, collecting every item. */
export async function collect(
  server: Running,
  path: string,
  key: string,
): Promise<{ items: Json[]; pages: number }> {
  const items: Json[] = [];
  let url: string | undefined = server.url + path;
  let pages = 0;
  while (url !== undefined) {
    const response = await fetch(url, { headers: { 'x-apikey': key } });
    const body: Json = await response.json();
    if (response.status !== 200)
      throw new Error(`HTTP ${response.status}: ${JSON.stringify(body)}`);
    items.push(...body.data);
    url = body.links?.next;
    pages += 1;
  }
  return { items, pages };
}
