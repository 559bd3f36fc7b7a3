/**
 * The endpoints of gti-api.md §2, one method each: the path, the stats route template (the same
 * templates as the emulator's `/_emulator/stats`), the query and the body.
 */
import { MAX_BATCH_SIZE } from '../model/limits.js';
import { GtiSyncError } from '../model/errors.js';
import type { GtiApi, ManageRolesEntry, ServiceAccountRolesEntry } from './types.js';
import type { Calls } from './calls.js';
import {
  isActivityLogEntry,
  isApiGroup,
  isApiServiceAccount,
  isApiUser,
  isDescriptor,
} from './shape.js';

/** The most items one write request carries (design §4). */

const ROLE_KEYS = ['roles', 'add_roles', 'remove_roles', 'quota_limits'] as const;

/**
 * One path segment. An empty id, `.` or `..` is refused: URLs resolve the dots (even encoded as
 * `%2E`), so such an id would address another endpoint than the one called.
 */
function seg(value: string): string {
  if (value === '' || value === '.' || value === '..') {
    throw new GtiSyncError('BAD_ID', `not a valid id or name: "${value}"`);
  }
  return encodeURIComponent(value);
}

/** Every endpoint method of `GtiApi`, over `calls`; `apiKey` names the caller in `getCaller`. */
export function createEndpoints(calls: Calls, apiKey: string): Omit<GtiApi, 'stats' | 'close'> {
  const group = (gid: string, rest = '') => `/groups/${seg(gid)}${rest}`;
  const member = (gid: string, rel: string, uid: string) =>
    group(gid, `/relationships/${rel}/${seg(uid)}`);
  const byEmail = (emails: readonly string[]) => ({
    data: emails.map((email) => ({ type: 'user', id: email })),
  });

  return {
    getRaw: async (read) => {
      const path = read.route.replace(/\{([a-z_]+)\}/g, (_match, name: string) => {
        const value = name === 'apikey' ? apiKey : read.params?.[name];
        if (value === undefined) throw new RangeError(`no value for {${name}} in ${read.route}`);
        return seg(value);
      });
      return calls.raw(path, read.route, read.query);
    },
    getCaller: () => calls.getObject(`/users/${seg(apiKey)}`, '/users/{id}', isApiUser),
    getUser: (id) => calls.getObject(`/users/${seg(id)}`, '/users/{id}', isApiUser),
    getGroup: (gid) => calls.getObject(group(gid), '/groups/{gid}', isApiGroup),

    listGroupUsers: (gid, o) =>
      calls.list(group(gid, '/users'), '/groups/{gid}/users', isApiUser, {
        attributes: joinAttributes(o?.attributes),
        filter: o?.filter,
      }),
    listGroupAdministrators: (gid, o) =>
      calls.list(group(gid, '/administrators'), '/groups/{gid}/administrators', isApiUser, {
        attributes: joinAttributes(o?.attributes),
      }),
    listGroupServiceAccounts: (gid, o) =>
      calls.list(
        group(gid, '/service_accounts'),
        '/groups/{gid}/service_accounts',
        isApiServiceAccount,
        { attributes: joinAttributes(o?.attributes) },
      ),
    listGroupRelationship: (gid, rel) =>
      calls.list(
        group(gid, `/relationships/${rel}`),
        `/groups/{gid}/relationships/${rel}`,
        isDescriptor,
      ),

    addGroupUsers: async (gid, emails) => {
      if (!checkBatch(emails)) return;
      const path = group(gid, '/relationships/users');
      await calls.write('POST', path, '/groups/{gid}/relationships/users', byEmail(emails));
    },
    manageRoles: async (gid, entries) => {
      if (!checkBatch(entries)) return;
      const body = { data: entries.map(toRolesDescriptor) };
      const path = group(gid, '/relationships/users');
      await calls.write('PATCH', path, '/groups/{gid}/relationships/users', body);
    },
    manageServiceAccounts: async (gid, entries) => {
      if (!checkBatch(entries)) return;
      const body = { data: entries.map(toServiceAccountDescriptor) };
      const path = group(gid, '/relationships/service_accounts');
      await calls.write('PATCH', path, '/groups/{gid}/relationships/service_accounts', body);
    },
    removeGroupUser: (gid, uid) =>
      calls.remove(member(gid, 'users', uid), '/groups/{gid}/relationships/users/{uid}'),
    isGroupUser: (gid, uid) =>
      calls.check(member(gid, 'users', uid), '/groups/{gid}/relationships/users/{uid}'),

    addGroupAdministrators: async (gid, emails) => {
      if (!checkBatch(emails)) return;
      const path = group(gid, '/relationships/administrators');
      await calls.write(
        'POST',
        path,
        '/groups/{gid}/relationships/administrators',
        byEmail(emails),
      );
    },
    removeGroupAdministrator: (gid, uid) =>
      calls.remove(
        member(gid, 'administrators', uid),
        '/groups/{gid}/relationships/administrators/{uid}',
      ),
    isGroupAdministrator: (gid, uid) =>
      calls.check(
        member(gid, 'administrators', uid),
        '/groups/{gid}/relationships/administrators/{uid}',
      ),

    createServiceAccounts: async (gid, names) => {
      if (!checkBatch(names)) return;
      const body = { data: names.map((name) => ({ type: 'service_account', id: name })) };
      const path = group(gid, '/relationships/service_accounts');
      await calls.write('POST', path, '/groups/{gid}/relationships/service_accounts', body);
    },
    patchUserQuotas: async (uid, quotas) => {
      const entries = Object.entries(quotas);
      if (entries.length === 0) return;
      const values = Object.fromEntries(entries.map(([name, allowed]) => [name, { allowed }]));
      const body = { data: { type: 'user', attributes: { quotas: values } } };
      await calls.write('PATCH', `/users/${seg(uid)}`, '/users/{uid}', body);
    },

    getOverallQuotas: (id) =>
      calls.overallQuotas(`/users/${seg(id)}/overall_quotas`, '/users/{id}/overall_quotas'),
    getUserApiUsage: (id, range) =>
      calls.usage(`/users/${seg(id)}/api_usage`, '/users/{id}/api_usage', range),
    getGroupApiUsage: (gid, range) =>
      calls.usage(group(gid, '/api_usage'), '/groups/{gid}/api_usage', range),
    listUsersConsumingQuota: (gid, quota, o) =>
      calls.list(
        group(gid, `/users_consuming_quota/${seg(quota)}`),
        '/groups/{gid}/users_consuming_quota/{quota}',
        isApiUser,
        { period: o?.period, order: o?.order, attributes: joinAttributes(o?.attributes) },
      ),
    listActivityLog: (gid, o) =>
      calls.list(
        group(gid, '/activity_log_entries'),
        '/groups/{gid}/activity_log_entries',
        isActivityLogEntry,
        { relationships: joinAttributes(o?.relationships), filter: o?.filter },
      ),
  };
}

function joinAttributes(names: readonly string[] | undefined): string | undefined {
  return names?.length ? names.join(',') : undefined;
}

/** `false` for an empty batch (nothing to send); a batch over 40 is a bug in the caller. */
function checkBatch(items: readonly unknown[]): boolean {
  if (items.length > MAX_BATCH_SIZE) {
    throw new RangeError(`at most ${MAX_BATCH_SIZE} items per request, got ${items.length}`);
  }
  return items.length > 0;
}

function toRolesDescriptor(entry: ManageRolesEntry) {
  const context: Record<string, unknown> = {};
  for (const key of ROLE_KEYS) if (entry[key] !== undefined) context[key] = entry[key];
  return { type: 'user', id: entry.id, context_attributes: context };
}

function toServiceAccountDescriptor(entry: ServiceAccountRolesEntry) {
  const context: Record<string, unknown> = {};
  if (entry.roles !== undefined) context['roles'] = entry.roles;
  if (entry.quota_limits !== undefined) context['quota_limits'] = entry.quota_limits;
  return { type: 'service_account', id: entry.id, context_attributes: context };
}
