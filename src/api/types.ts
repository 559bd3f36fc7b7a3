import type { DateRange } from '../model/dates.js';

/**
 * Wire types of the GTI API v3 as gti-sync uses it (shared/gti-api.md), and the client contract.
 * Everything here is plain data: the client returns what the API said, parsed, never classes.
 */

/** A jsonapi object (gti-api.md §1). */
export interface ApiObject<A = Record<string, unknown>> {
  type: string;
  id: string;
  links?: { self?: string };
  attributes: A;
  context_attributes?: Record<string, unknown>;
  relationships?: Record<string, unknown>;
}

/** `{allowed, used}` as in `attributes.quotas`. */
export interface QuotaValue {
  allowed: number;
  used: number;
}

/** User attributes (§5). Every field is optional: non-admin callers and `attributes=` get fewer. */
interface UserAttributes {
  email?: string;
  first_name?: string;
  last_name?: string;
  has_2fa?: boolean;
  last_login?: number;
  status?: string;
  user_since?: number;
  quotas?: Record<string, QuotaValue>;
  apikey?: string;
  [key: string]: unknown;
}

/** Context attributes of a user in a group listing (§4 Decision; may be absent). */
export interface UserContextAttributes {
  roles?: string[];
  quota_limits?: Record<string, { allowed: number }>;
  quota_consumed_from_group?: number;
  [key: string]: unknown;
}

/** A user object (§5) as the client returns it. */
export type ApiUser = ApiObject<UserAttributes> & { context_attributes?: UserContextAttributes };

/** Service account attributes (§5). */
interface ServiceAccountAttributes {
  first_name?: string;
  email?: string;
  quotas?: Record<string, QuotaValue>;
  status?: string;
  user_since?: number;
  apikey?: string;
  [key: string]: unknown;
}

/** A service account object (§5), id `<gid>_<name>`. */
export type ApiServiceAccount = ApiObject<ServiceAccountAttributes> & {
  context_attributes?: UserContextAttributes;
};

/** Group attributes (§5). Every field is optional. */
interface GroupAttributes {
  organization?: string;
  country?: string;
  domain_name?: string;
  industry?: string;
  /** Email patterns of users added automatically (documented as a list). */
  auto_add_users?: string[];
  quotas?: Record<string, QuotaValue>;
  privileges?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A group object (§5). */
export type ApiGroup = ApiObject<GroupAttributes>;

/** A relationship descriptor (endpoint 5). */
export interface Descriptor {
  type: string;
  id: string;
  context_attributes?: Record<string, unknown>;
}

/** `overall_quotas` (§6): quota name → user and (where it applies) group values. */
export type OverallQuotas = Record<
  string,
  { user: QuotaValue; group?: QuotaValue & { inherited_from?: string } }
>;

/**
 * `api_usage` (§7) as the client returns it, whatever shape the API answered in (normalizeApiUsage):
 * days `YYYY-MM-DD`, every day of the range asked present (`{}` when idle), endpoint keys always
 * spelt `/api/v3/(files)` (a plain `files` key is the same endpoint).
 */
export interface ApiUsage {
  daily: Record<string, Record<string, number>>;
  total: Record<string, number>;
  daily_endpoints_not_consuming_quota: Record<string, Record<string, number>>;
  total_endpoints_not_consuming_quota: Record<string, number>;
}

/** An activity log entry (§9). */
interface ActivityLogAttributes {
  action: string;
  date: number;
  ip?: string;
  info?: { user?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** An activity log entry object; `relationships.user.data.id` is the user who acted. */
export type ApiActivityLogEntry = ApiObject<ActivityLogAttributes> & {
  relationships?: { user?: { data?: { id?: string; type?: string } } };
};

/**
 * One entry of a Manage Roles request (§4), addressed by user id. Service accounts go through
 * endpoint 21 (`ServiceAccountRolesEntry`).
 */
export interface ManageRolesEntry {
  id: string;
  roles?: string[];
  add_roles?: string[];
  remove_roles?: string[];
  quota_limits?: Record<string, { allowed: number }>;
}

/**
 * One entry of PATCH /groups/{gid}/relationships/service_accounts (21), addressed by the service
 * account's id `<gid>_<name>`. `roles` replaces the whole set: send the live set (unknown roles
 * included) with the change applied.
 */
export interface ServiceAccountRolesEntry {
  id: string;
  roles?: string[];
  quota_limits?: Record<string, { allowed: number }>;
}

/**
 * One read request of `GtiApi.getRaw`: `route` is the path template (e.g. `/groups/{gid}/users`,
 * also the stats key), `params` fill its `{names}` (each encoded as one path segment), `query` is
 * sent as given (`undefined` values left out).
 */
interface RawRead {
  route: string;
  params?: Record<string, string>;
  query?: Record<string, string | undefined>;
}

/** What one client has spent, for reports and tests. */
export interface ClientStats {
  /** Requests sent, retries included. */
  requests: number;
  retries: number;
  /** `METHOD /path/template` → count (the key never appears). */
  byRoute: Record<string, number>;
}

/**
 * The typed GTI client (src/api/client.ts implements it). Listings are async iterables over the
 * items of every page (pages of 40, following `links.next` / `meta.cursor`); `collect` gathers them.
 * Every method throws `ApiError` (src/api/errors.ts) on failure, after the retry policy.
 */
export interface GtiApi {
  readonly stats: ClientStats;
  /** GET /users/{apikey}: the caller (endpoint 14 with the client's own key). */
  getCaller(): Promise<ApiUser>;
  /** GET /users/{id} (14). */
  getUser(id: string): Promise<ApiUser>;
  /** GET /groups/{gid} (1). */
  getGroup(gid: string): Promise<ApiGroup>;
  /** GET /groups/{gid}/users (2). */
  listGroupUsers(
    gid: string,
    options?: { attributes?: string[]; filter?: string },
  ): AsyncIterable<ApiUser>;
  /** GET /groups/{gid}/administrators (3). */
  listGroupAdministrators(gid: string, options?: { attributes?: string[] }): AsyncIterable<ApiUser>;
  /** GET /groups/{gid}/service_accounts (4). */
  listGroupServiceAccounts(
    gid: string,
    options?: { attributes?: string[] },
  ): AsyncIterable<ApiServiceAccount>;
  /** GET /groups/{gid}/relationships/{rel} (5). */
  listGroupRelationship(
    gid: string,
    relationship: 'users' | 'administrators' | 'service_accounts',
  ): AsyncIterable<Descriptor>;
  /** POST /groups/{gid}/relationships/users (6): add by email (up to 40 a call). */
  addGroupUsers(gid: string, emails: readonly string[]): Promise<void>;
  /** PATCH /groups/{gid}/relationships/users (7, Manage Roles; up to 40 entries a call). */
  manageRoles(gid: string, entries: readonly ManageRolesEntry[]): Promise<void>;
  /** PATCH /groups/{gid}/relationships/service_accounts (21; up to 40 entries a call). */
  manageServiceAccounts(gid: string, entries: readonly ServiceAccountRolesEntry[]): Promise<void>;
  /** DELETE /groups/{gid}/relationships/users/{uid} (8). Resolves `false` on 404 (not a member). */
  removeGroupUser(gid: string, uid: string): Promise<boolean>;
  /** GET /groups/{gid}/relationships/users/{uid} (9). */
  isGroupUser(gid: string, uid: string): Promise<boolean>;
  /** POST /groups/{gid}/relationships/administrators (10, older way). */
  addGroupAdministrators(gid: string, emails: readonly string[]): Promise<void>;
  /** DELETE /groups/{gid}/relationships/administrators/{uid} (11). Resolves `false` on 404. */
  removeGroupAdministrator(gid: string, uid: string): Promise<boolean>;
  /** GET /groups/{gid}/relationships/administrators/{uid} (12). */
  isGroupAdministrator(gid: string, uid: string): Promise<boolean>;
  /** POST /groups/{gid}/relationships/service_accounts (13). */
  createServiceAccounts(gid: string, names: readonly string[]): Promise<void>;
  /** PATCH /users/{uid} (15): set `attributes.quotas.<quota>.allowed`. */
  patchUserQuotas(uid: string, quotas: Record<string, number>): Promise<void>;
  /** GET /users/{id}/overall_quotas (16). */
  getOverallQuotas(id: string): Promise<OverallQuotas>;
  /** GET /users/{id}/api_usage (17). One request: the range must be valid (≤ 30 days). */
  getUserApiUsage(id: string, range?: DateRange): Promise<ApiUsage>;
  /** GET /groups/{gid}/api_usage (18). One request: the range must be valid (≤ 30 days). */
  getGroupApiUsage(gid: string, range?: DateRange): Promise<ApiUsage>;
  /** GET /groups/{gid}/users_consuming_quota/{quota} (19). */
  listUsersConsumingQuota(
    gid: string,
    quota: string,
    options?: { period?: string; order?: 'asc' | 'desc'; attributes?: string[] },
  ): AsyncIterable<ApiUser>;
  /** GET /groups/{gid}/activity_log_entries (20), newest first. */
  listActivityLog(
    gid: string,
    options?: { relationships?: string[]; filter?: string },
  ): AsyncIterable<ApiActivityLogEntry>;
  /**
   * GET one page of any read endpoint and return the parsed JSON body as the API sent it,
   * unchecked and unnormalised (for `doctor`, which looks at the shapes themselves). The same
   * retries, limits, stats and typed errors as every other call. `{apikey}` in `route` is the
   * client's own key (never passed in `params`).
   */
  getRaw(read: RawRead): Promise<unknown>;
  /** Close the connection pool. */
  close(): Promise<void>;
}
