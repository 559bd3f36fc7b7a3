/**
 * Normalises API objects into the live model (src/model/live-group.ts): roles from `context_attributes`
 * or, where a listing leaves them out, from the administrators listing (gti-api.md §4); personal
 * caps below 10^9 (§5).
 */
import { API_ROLE, ROLES } from '../model/roles.js';
import { QUOTA_NAMES } from '../model/quotas.js';
import type { QuotaName } from '../model/quotas.js';
import type { Role } from '../model/roles.js';
import type {
  ApiActivityLogEntry,
  ApiServiceAccount,
  ApiUser,
  QuotaValue,
  UserContextAttributes,
} from '../api/types.js';
import type { LiveActivityEntry, LiveMember, LiveServiceAccount } from '../model/live-group.js';
import { NO_PERSONAL_CAP } from '../model/quotas.js';
import { activityKindOf } from '../model/activity-kind.js';

/** The quota whose cap `context_attributes.quota_limits` reports (gti-api.md §4). */
const CONTEXT_CAP_QUOTA: QuotaName = 'api_requests_daily';

/** A live member from a `/groups/{gid}/users` item; `adminIds` is the administrators listing. */
export function normalizeMember(user: ApiUser, adminIds: ReadonlySet<string>): LiveMember {
  const a = user.attributes;
  const email = a.email ?? '';
  const member: LiveMember = {
    id: user.id,
    email,
    key: email.toLowerCase(),
    firstName: a.first_name ?? '',
    lastName: a.last_name ?? '',
    has2fa: typeof a.has_2fa === 'boolean' ? a.has_2fa : null,
    roles: [],
    apiRoles: [],
    ...readCaps(a.quotas, user.context_attributes),
    lastLogin: typeof a.last_login === 'number' ? a.last_login : null,
    status: typeof a.status === 'string' ? a.status : null,
  };
  const contextRoles = user.context_attributes?.roles;
  if (Array.isArray(contextRoles)) {
    member.apiRoles = contextRoles.filter((r): r is string => typeof r === 'string');
    member.roles = ROLES.filter((role) => member.apiRoles.includes(API_ROLE[role]));
  } else {
    // Without context roles only the administrators listing speaks, and only of admin.
    const isAdmin = adminIds.has(user.id);
    member.apiRoles = isAdmin ? [API_ROLE.admin] : [];
    member.roles = isAdmin ? ['admin'] : [];
    member.unknownRoles = ROLES.filter((role): role is Role => role !== 'admin');
  }
  return member;
}

/** A live service account from a `/groups/{gid}/service_accounts` item. */
export function normalizeServiceAccount(
  account: ApiServiceAccount,
  gid: string,
): LiveServiceAccount {
  const prefix = `${gid}_`;
  const name =
    account.attributes.first_name ??
    (account.id.startsWith(prefix) ? account.id.slice(prefix.length) : account.id);
  const contextRoles = account.context_attributes?.roles;
  const apiRoles = Array.isArray(contextRoles)
    ? contextRoles.filter((r): r is string => typeof r === 'string')
    : null;
  return {
    id: account.id,
    name,
    roles: apiRoles === null ? null : ROLES.filter((role) => apiRoles.includes(API_ROLE[role])),
    apiRoles,
    ...readCaps(account.attributes.quotas, account.context_attributes),
  };
}

/** An activity log entry, normalised: its raw `action` kept, its kind read from either spelling. */
export function normalizeActivity(entry: ApiActivityLogEntry): LiveActivityEntry {
  const user = entry.attributes.info?.user;
  return {
    action: entry.attributes.action,
    kind: activityKindOf(entry.attributes.action),
    date: entry.attributes.date,
    actor: entry.relationships?.user?.data?.id ?? null,
    user: typeof user === 'string' ? user : null,
  };
}

/**
 * Personal caps and use. With `context_attributes` the daily API cap is what `quota_limits` says
 * (absent: none) and the other caps come from `attributes.quotas`; without it, every cap comes
 * from `attributes.quotas`. `allowed` of 10^9 or more is no personal cap.
 */
function readCaps(
  quotas: Record<string, QuotaValue> | undefined,
  context: UserContextAttributes | undefined,
): { caps: Partial<Record<QuotaName, number>>; used: Partial<Record<QuotaName, number>> } {
  const caps: Partial<Record<QuotaName, number>> = {};
  const used: Partial<Record<QuotaName, number>> = {};
  for (const quota of QUOTA_NAMES) {
    const value = quotas?.[quota];
    if (value === undefined) continue;
    if (typeof value.used === 'number') used[quota] = value.used;
    if (typeof value.allowed === 'number' && value.allowed < NO_PERSONAL_CAP)
      caps[quota] = value.allowed;
  }
  if (context !== undefined) {
    const limit = context.quota_limits?.[CONTEXT_CAP_QUOTA]?.allowed;
    if (typeof limit === 'number' && limit < NO_PERSONAL_CAP) caps[CONTEXT_CAP_QUOTA] = limit;
    else delete caps[CONTEXT_CAP_QUOTA];
  }
  return { caps, used };
}
