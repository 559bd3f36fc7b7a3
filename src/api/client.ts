/**
 * The GTI API client (gti-api.md §2): one typed method per endpoint, returning plain data, over
 * the one HTTP module (src/api/request.ts) with its retries, limits, stats and redaction.
 */
import { Agent, type Dispatcher } from 'undici';
import { VERSION } from '../version.js';
import { GtiSyncError } from '../errors.js';
import type {
  ApiActivityLogEntry,
  ApiServiceAccount,
  ApiUsage,
  ApiUser,
  ClientStats,
  DateRange,
  Descriptor,
  GtiApi,
  ManageRolesEntry,
  OverallQuotas,
} from './types.js';
import { ApiError, BadResponseError } from './errors.js';
import { createRedactor } from './redact.js';
import { DEFAULT_RETRY_POLICY, systemClock, type Clock, type RetryPolicy } from './retry.js';
import { createRateLimiter, createSemaphore } from './rate-limit.js';
import { sendRequest, type ClientEvent, type HttpMethod, type RequesterDeps } from './request.js';
import { PAGE_SIZE, paginate } from './paginate.js';
import {
  isActivityLogEntry,
  isApiGroup,
  isApiServiceAccount,
  isApiUser,
  isDescriptor,
  normalizeObject,
  readApiUsage,
  readBooleanData,
  readData,
  readOverallQuotas,
} from './shape.js';

export type { ClientEvent } from './request.js';

/** How to reach the API and how hard to push it. */
export interface GtiClientOptions {
  /** e.g. `https://www.virustotal.com/api/v3` (no trailing slash needed). */
  baseUrl: string;
  apiKey: string;
  /** Requests in flight at once, retries included (default 8). */
  concurrency?: number;
  /** Client-side request rate limit, requests a second (default: none). */
  maxRps?: number;
  /** Per request, headers and body (default 30000). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** The undici dispatcher (tests pass a MockAgent); default a keep-alive Agent the client owns. */
  dispatcher?: Dispatcher;
  /** Replaces the `User-Agent` header (default `gti-sync/<version> (+node)`). */
  userAgent?: string;
  /** The version sent in `x-tool` and `User-Agent` (default src/version.ts). */
  version?: string;
  /** Retries and responses, for progress on stderr; the client itself never prints. */
  onEvent?: (event: ClientEvent) => void;
  /** Time source for backoff and rate waits (tests inject a fake one). */
  clock?: Clock;
  /** Jitter source in [0, 1) (default Math.random). */
  random?: () => number;
}

/** The most items one write request carries (design §4). */
export const MAX_BATCH = 40;

const ROLE_KEYS = ['roles', 'add_roles', 'remove_roles', 'quota_limits'] as const;

/** Creates a client; `close()` it when done (it closes the dispatcher only if it created it). */
export function createGtiClient(options: GtiClientOptions): GtiApi {
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError('concurrency must be an integer ≥ 1');
  if (options.maxRps !== undefined && !(options.maxRps > 0))
    throw new RangeError('maxRps must be > 0');
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(timeoutMs > 0)) throw new RangeError('timeoutMs must be > 0');
  const baseUrl = new URL(options.baseUrl.replace(/\/+$/, ''));
  const ownDispatcher = options.dispatcher === undefined;
  const dispatcher =
    options.dispatcher ?? new Agent({ keepAliveTimeout: 30_000, connections: concurrency });
  const clock = options.clock ?? systemClock;
  const version = options.version ?? VERSION;
  const stats: ClientStats = { requests: 0, retries: 0, byRoute: {} };
  const deps: RequesterDeps = {
    baseUrl,
    headers: {
      'x-apikey': options.apiKey,
      'x-tool': `gti-sync/${version}`,
      'user-agent': options.userAgent ?? `gti-sync/${version} (+node)`,
      accept: 'application/json',
      'accept-encoding': 'gzip, deflate, br',
    },
    dispatcher,
    timeoutMs,
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    clock,
    random: options.random ?? Math.random,
    semaphore: createSemaphore(concurrency),
    limiter: createRateLimiter(options.maxRps, clock),
    redact: createRedactor(options.apiKey),
    stats,
    onEvent: options.onEvent,
  };
  const api = createEndpoints(deps, options.apiKey);
  let closed = false;
  return {
    ...api,
    stats,
    async close() {
      if (closed || !ownDispatcher) return;
      closed = true;
      await dispatcher.close();
    },
  };
}

type Query = Record<string, string | undefined>;

function createEndpoints(deps: RequesterDeps, apiKey: string): Omit<GtiApi, 'stats' | 'close'> {
  const seg = encodeURIComponent;

  const urlOf = (path: string, query: Query = {}): URL => {
    const url = new URL(`${deps.baseUrl.href.replace(/\/+$/, '')}${path}`);
    for (const [key, value] of Object.entries(query))
      if (value !== undefined) url.searchParams.set(key, value);
    return url;
  };

  const bad = (method: HttpMethod, url: URL, message: string): BadResponseError => {
    const path = deps.redact(url.pathname.slice(deps.baseUrl.pathname.replace(/\/+$/, '').length));
    return new BadResponseError(deps.redact(`${method} ${path}: the API answered ${message}`), {
      method,
      path,
    });
  };

  const getJson = async (url: URL, route: string): Promise<unknown> => {
    const body = await sendRequest(deps, {
      method: 'GET',
      url,
      route: `GET ${route}`,
      expect: 'json',
    });
    return body.kind === 'json' ? body.value : undefined;
  };

  /** GET one object `{"data": {...}}` and check it. */
  const getObject = async <T>(
    path: string,
    route: string,
    check: (v: unknown) => v is T,
    query?: Query,
  ) => {
    const url = urlOf(path, query);
    const data = normalizeObject(readData(await getJson(url, route)));
    if (!check(data)) throw bad('GET', url, 'an object of an unexpected shape');
    return data;
  };

  const list = <T>(path: string, route: string, check: (v: unknown) => v is T, query: Query = {}) =>
    paginate(
      {
        fetchPage: (url) => getJson(url, route),
        badResponse: (url, message) => bad('GET', url, message),
      },
      urlOf(path, { limit: String(PAGE_SIZE), ...query }),
      deps.baseUrl,
      (raw) => {
        const item = normalizeObject(raw);
        return check(item) ? item : undefined;
      },
    );

  const write = async (
    method: HttpMethod,
    path: string,
    route: string,
    body?: unknown,
  ): Promise<void> => {
    await sendRequest(deps, {
      method,
      url: urlOf(path),
      route: `${method} ${route}`,
      body,
      expect: 'any',
    });
  };

  /** DELETE; `false` when the API says 404 (not a member / not an admin: already done). */
  const remove = async (path: string, route: string): Promise<boolean> => {
    try {
      await write('DELETE', path, route);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return false;
      throw error;
    }
  };

  const check = async (path: string, route: string): Promise<boolean> => {
    const url = urlOf(path);
    const value = readBooleanData(await getJson(url, route));
    if (value === undefined) throw bad('GET', url, 'no boolean "data"');
    return value;
  };

  const usage = async (
    path: string,
    route: string,
    range: DateRange | undefined,
  ): Promise<ApiUsage> => {
    const url = urlOf(
      path,
      range ? { start_date: toApiDate(range.from), end_date: toApiDate(range.to) } : {},
    );
    const value = readApiUsage(readData(await getJson(url, route)));
    if (value === undefined) throw bad('GET', url, 'an api_usage of an unexpected shape');
    return value;
  };

  const attributes = (names: readonly string[] | undefined) =>
    names?.length ? names.join(',') : undefined;
  const users = (emails: readonly string[]) => emails.map((email) => ({ type: 'user', id: email }));

  return {
    getCaller: () => getObject(`/users/${seg(apiKey)}`, '/users/{id}', isApiUser),
    getUser: (id) => getObject(`/users/${seg(id)}`, '/users/{id}', isApiUser),
    getGroup: (gid) => getObject(`/groups/${seg(gid)}`, '/groups/{gid}', isApiGroup),
    listGroupUsers: (gid, o) =>
      list(`/groups/${seg(gid)}/users`, '/groups/{gid}/users', isApiUser, {
        attributes: attributes(o?.attributes),
        filter: o?.filter,
      }),
    listGroupAdministrators: (gid, o) =>
      list(`/groups/${seg(gid)}/administrators`, '/groups/{gid}/administrators', isApiUser, {
        attributes: attributes(o?.attributes),
      }),
    listGroupServiceAccounts: (gid, o): AsyncIterable<ApiServiceAccount> =>
      list(
        `/groups/${seg(gid)}/service_accounts`,
        '/groups/{gid}/service_accounts',
        isApiServiceAccount,
        {
          attributes: attributes(o?.attributes),
        },
      ),
    listGroupRelationship: (gid, rel): AsyncIterable<Descriptor> =>
      list(
        `/groups/${seg(gid)}/relationships/${rel}`,
        `/groups/{gid}/relationships/${rel}`,
        isDescriptor,
      ),
    addGroupUsers: async (gid, emails) => {
      if (!checkBatch(emails)) return;
      await write(
        'POST',
        `/groups/${seg(gid)}/relationships/users`,
        '/groups/{gid}/relationships/users',
        {
          data: users(emails),
        },
      );
    },
    manageRoles: async (gid, entries) => {
      if (!checkBatch(entries)) return;
      await write(
        'PATCH',
        `/groups/${seg(gid)}/relationships/users`,
        '/groups/{gid}/relationships/users',
        {
          data: entries.map(toRolesDescriptor),
        },
      );
    },
    removeGroupUser: (gid, uid) =>
      remove(
        `/groups/${seg(gid)}/relationships/users/${seg(uid)}`,
        '/groups/{gid}/relationships/users/{uid}',
      ),
    isGroupUser: (gid, uid) =>
      check(
        `/groups/${seg(gid)}/relationships/users/${seg(uid)}`,
        '/groups/{gid}/relationships/users/{uid}',
      ),
    addGroupAdministrators: async (gid, emails) => {
      if (!checkBatch(emails)) return;
      await write(
        'POST',
        `/groups/${seg(gid)}/relationships/administrators`,
        '/groups/{gid}/relationships/administrators',
        { data: users(emails) },
      );
    },
    removeGroupAdministrator: (gid, uid) =>
      remove(
        `/groups/${seg(gid)}/relationships/administrators/${seg(uid)}`,
        '/groups/{gid}/relationships/administrators/{uid}',
      ),
    isGroupAdministrator: (gid, uid) =>
      check(
        `/groups/${seg(gid)}/relationships/administrators/${seg(uid)}`,
        '/groups/{gid}/relationships/administrators/{uid}',
      ),
    createServiceAccounts: async (gid, names) => {
      if (!checkBatch(names)) return;
      await write(
        'POST',
        `/groups/${seg(gid)}/relationships/service_accounts`,
        '/groups/{gid}/relationships/service_accounts',
        { data: names.map((name) => ({ type: 'service_account', id: name })) },
      );
    },
    patchUserQuotas: async (uid, quotas) => {
      const entries = Object.entries(quotas);
      if (entries.length === 0) return;
      const body = Object.fromEntries(entries.map(([name, allowed]) => [name, { allowed }]));
      await write('PATCH', `/users/${seg(uid)}`, '/users/{uid}', {
        data: { type: 'user', attributes: { quotas: body } },
      });
    },
    getOverallQuotas: async (id): Promise<OverallQuotas> => {
      const url = urlOf(`/users/${seg(id)}/overall_quotas`);
      const value = readOverallQuotas(readData(await getJson(url, '/users/{id}/overall_quotas')));
      if (value === undefined) throw bad('GET', url, 'an overall_quotas of an unexpected shape');
      return value;
    },
    getUserApiUsage: (id, range) =>
      usage(`/users/${seg(id)}/api_usage`, '/users/{id}/api_usage', range),
    getGroupApiUsage: (gid, range) =>
      usage(`/groups/${seg(gid)}/api_usage`, '/groups/{gid}/api_usage', range),
    listUsersConsumingQuota: (gid, quota, o): AsyncIterable<ApiUser> =>
      list(
        `/groups/${seg(gid)}/users_consuming_quota/${seg(quota)}`,
        '/groups/{gid}/users_consuming_quota/{quota}',
        isApiUser,
        { period: o?.period, order: o?.order, attributes: attributes(o?.attributes) },
      ),
    listActivityLog: (gid): AsyncIterable<ApiActivityLogEntry> =>
      list(
        `/groups/${seg(gid)}/activity_log_entries`,
        '/groups/{gid}/activity_log_entries',
        isActivityLogEntry,
      ),
  };
}

/** `false` for an empty batch (nothing to send); a batch over 40 is a bug in the caller. */
function checkBatch(items: readonly unknown[]): boolean {
  if (items.length > MAX_BATCH)
    throw new RangeError(`at most ${MAX_BATCH} items per request, got ${items.length}`);
  return items.length > 0;
}

function toRolesDescriptor(entry: ManageRolesEntry) {
  const context: Record<string, unknown> = {};
  for (const key of ROLE_KEYS) if (entry[key] !== undefined) context[key] = entry[key];
  return { type: entry.type ?? 'user', id: entry.id, context_attributes: context };
}

/** `YYYY-MM-DD` → `YYYYMMDD`; anything else is refused before a request is sent. */
export function toApiDate(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const parsed = match ? new Date(`${date}T00:00:00Z`) : undefined;
  if (
    !match ||
    !parsed ||
    Number.isNaN(parsed.getTime()) ||
    parsed.toISOString().slice(0, 10) !== date
  ) {
    throw new GtiSyncError('BAD_DATE', `not a date (YYYY-MM-DD): ${date}`);
  }
  return `${match[1]}${match[2]}${match[3]}`;
}
