/**
 * Test harness for the executor: a real emulator over HTTP with a small seed, a real client, a
 * wrapper that records every write the executor makes, and plan/operation builders.
 */
import type { GtiApi } from '../../src/api/types.js';
import type { EmulatorStats, RunningEmulator, Seed, SeedUser } from '../../src/emulator/index.js';
import type { Operation } from '../../src/model/operation.js';
import type { Plan } from '../../src/model/plan.js';
import { startTestClient } from '../support/client.js';
import { readState, readStats, startTestEmulator } from '../support/emulator.js';

const GID = 'acme';
export const ADMIN_ROLE = 'USER_ROLE_GROUP_ADMIN';

/** A member of group `acme` in a seed. */
export function member(id: string, extra: Partial<SeedUser> = {}): SeedUser {
  return { id, email: `${id}@acme.example`, has_2fa: true, group: GID, ...extra };
}

/**
 * The small world the tests start from: boss and ada administrators (boss is the caller), m1..m5
 * plain members (m2 with a cap), newbie (an account in no group), zed (in another group),
 * service account sa_one.
 */
export function baseSeed(extraUsers: SeedUser[] = []): Seed {
  return {
    now: '2026-11-26T12:00:00Z',
    groups: [{ id: GID, organization: 'ACME' }, { id: 'other' }],
    users: [
      member('boss', { apikey: 'key-boss', roles: [ADMIN_ROLE] }),
      member('ada', { roles: [ADMIN_ROLE] }),
      member('m1'),
      member('m2', { quotas: { api_requests_daily: { allowed: 1000, used: 3 } } }),
      member('m3'),
      member('m4'),
      member('m5'),
      { id: 'newbie', email: 'newbie@acme.example', has_2fa: true },
      { id: 'zed', email: 'zed@other.example', group: 'other', roles: [ADMIN_ROLE] },
      ...extraUsers,
    ],
    service_accounts: [
      { group: GID, name: 'sa_one', quotas: { api_requests_daily: { allowed: 100, used: 0 } } },
    ],
  };
}

/** A started emulator and a client acting as boss (both closed automatically after the test). */
export interface Harness {
  server: RunningEmulator;
  api: GtiApi;
  close(): Promise<void>;
  state(): Promise<Seed>;
  stats(): Promise<EmulatorStats>;
}

export async function startHarness(
  seed: Seed,
  options: { rateLimit?: number; faultRate?: number; faultSeed?: number; retries?: number } = {},
): Promise<Harness> {
  const server = await startTestEmulator(seed, {
    ...(options.rateLimit === undefined ? {} : { rateLimit: options.rateLimit }),
    ...(options.faultRate === undefined
      ? {}
      : { faultRate: options.faultRate, faultSeed: options.faultSeed ?? 1 }),
  });
  const api = startTestClient(server, 'key-boss', {
    retry: { maxRetries: options.retries ?? 0, quotaRetries: 0, baseDelayMs: 1, maxDelayMs: 2 },
  });
  return {
    server,
    api,
    close: async () => {
      await api.close();
      await server.close();
    },
    state: () => readState(server),
    stats: () => readStats(server),
  };
}

const WRITES = new Set([
  'addGroupUsers',
  'createServiceAccounts',
  'manageRoles',
  'manageServiceAccounts',
  'patchUserQuotas',
  'removeGroupUser',
  'addGroupAdministrators',
  'removeGroupAdministrator',
]);

/** One recorded call: the method and its arguments (without the group id). */
export interface Call {
  method: string;
  args: unknown[];
}

/**
 * Wraps `api` so every write (and the member listing) is recorded before it is sent;
 * `afterWrite` runs after each write settles (e.g. to read the emulator's state).
 */
export function recordCalls(
  api: GtiApi,
  hooks: { beforeWrite?: (call: Call) => void; afterWrite?: (call: Call) => Promise<void> } = {},
): { api: GtiApi; calls: Call[] } {
  const calls: Call[] = [];
  const wrapped = new Proxy(api, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || typeof value !== 'function') return value;
      if (prop === 'listGroupUsers' || prop === 'listGroupServiceAccounts') {
        return (...args: unknown[]) => {
          calls.push({ method: prop, args: args.slice(1) });
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      if (!WRITES.has(prop)) return value;
      return async (...args: unknown[]) => {
        const call = { method: prop, args: prop === 'patchUserQuotas' ? args : args.slice(1) };
        calls.push(call);
        hooks.beforeWrite?.(call);
        try {
          return await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        } finally {
          await hooks.afterWrite?.(call);
        }
      };
    },
  });
  return { api: wrapped, calls };
}

/**
 * Endpoint 21 and service-account roles in listings, which the emulator on this branch does not
 * serve yet (revision 1): `manageServiceAccounts` answers success without a request, and
 * `listGroupServiceAccounts` adds `context_attributes.roles` from `roles` (an id missing from it:
 * no roles shown, as under the `no-context-roles` variant). Apply it before `recordCalls`.
 */
export function withEndpoint21(api: GtiApi, roles: ReadonlyMap<string, string[]>): GtiApi {
  const list = api.listGroupServiceAccounts.bind(api);
  return new Proxy(api, {
    get(target, prop, receiver) {
      if (prop === 'manageServiceAccounts') return async () => undefined;
      if (prop === 'listGroupServiceAccounts') {
        return async function* (gid: string, options?: { attributes?: string[] }) {
          for await (const account of list(gid, options)) {
            const held = roles.get(account.id);
            if (held === undefined) {
              const { context_attributes: _dropped, ...rest } = account;
              yield rest;
            } else
              yield {
                ...account,
                context_attributes: { ...account.context_attributes, roles: held },
              };
          }
        };
      }
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** An operation with every field present. */
export function op(
  kind: Operation['kind'],
  fields: Partial<Omit<Operation, 'kind'>> = {},
): Operation {
  // Tests build operations field by field; the union's per-kind rules are the plan's to keep.
  return {
    kind,
    email: null,
    user_id: null,
    service_account: null,
    role: null,
    quota: null,
    from: null,
    to: null,
    source: null,
    ...fields,
  } as Operation;
}

/** Shorthands for the operations of a member `id` of `acme` (email `<id>@acme.example`). */
export const ops = {
  add: (email: string) => op('add_member', { email }),
  grant: (id: string | null, role: 'admin' | 'private_scanning', email = `${id}@acme.example`) =>
    op('grant_role', { email, user_id: id, role }),
  revoke: (id: string, role: 'admin' | 'private_scanning') =>
    op('revoke_role', { email: `${id}@acme.example`, user_id: id, role }),
  cap: (
    id: string | null,
    to: number,
    quota: Operation['quota'] = 'api_requests_daily',
    email = `${id}@acme.example`,
  ) => op('set_quota', { email, user_id: id, quota, from: null, to }),
  createSa: (name: string) =>
    op('create_service_account', { service_account: name, user_id: `${GID}_${name}` }),
  saGrant: (name: string, role: Operation['role']) =>
    op('grant_role', { service_account: name, user_id: `${GID}_${name}`, role }),
  saRevoke: (name: string, role: Operation['role']) =>
    op('revoke_role', { service_account: name, user_id: `${GID}_${name}`, role }),
  saCap: (name: string, to: number) =>
    op('set_quota', {
      service_account: name,
      user_id: `${GID}_${name}`,
      quota: 'api_requests_daily',
      to,
    }),
  remove: (id: string) => op('remove_member', { email: `${id}@acme.example`, user_id: id }),
};

/** A plan of `operations` for group `acme`. */
export function planOf(operations: Operation[]): Plan {
  const summary = {
    add_member: 0,
    create_service_account: 0,
    grant_role: 0,
    set_quota: 0,
    revoke_role: 0,
    remove_member: 0,
  };
  for (const operation of operations) summary[operation.kind] += 1;
  return {
    version: 1,
    group: GID,
    fingerprint: 'sha256:test',
    operations,
    findings: [],
    safety: [],
    summary,
  };
}

/** Members of `acme` in an emulator state, by id. */
export function membersOf(state: Seed): Map<string, SeedUser> {
  return new Map((state.users ?? []).filter((u) => u.group === GID).map((u) => [u.id, u]));
}

/** Ids of the administrators of `acme` in an emulator state, sorted. */
export function adminsOf(state: Seed): string[] {
  return [...membersOf(state).values()]
    .filter((u) => (u.roles ?? []).includes(ADMIN_ROLE))
    .map((u) => u.id)
    .sort();
}
