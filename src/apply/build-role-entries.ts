/**
 * Turns role and cap operations into Manage Roles entries (gti-api.md §4): one entry a user,
 * combining `add_roles`, `remove_roles` and `quota_limits.api_requests_daily`, ordered so that
 * administrator grants go first and administrator revocations last (design §4: granting before
 * revoking keeps the administrator floor at every point), and, among the rest, entries that only
 * grant before those that also revoke. Service accounts get entries of their own, for endpoint 21
 * (`roles`, the whole set, and `quota_limits`). Caps on other quotas are not documented for either:
 * they become per-account PATCH /users/{uid} requests.
 */
import { API_ROLE } from '../model/roles.js';
import type { ManageRolesEntry, ServiceAccountRolesEntry } from '../api/types.js';
import type { Operation } from '../model/operation.js';

/** The quota Manage Roles sets (`quota_limits`); any other goes through PATCH /users/{uid}. */
const MANAGE_ROLES_QUOTA = 'api_requests_daily';

/** The operations of one user that travel in one Manage Roles entry. */
export interface RoleEntry {
  id: string;
  type: 'user' | 'service_account';
  grants: Operation[];
  revokes: Operation[];
  /** A `set_quota` of api_requests_daily, when there is one. */
  cap: Operation | undefined;
}

/** The operations of one user that travel in one PATCH /users/{uid}. */
export interface QuotaPatch {
  id: string;
  ops: Operation[];
}

/** Every operation an entry carries. */
export function operationsOf(entry: RoleEntry): Operation[] {
  return [...entry.grants, ...(entry.cap ? [entry.cap] : []), ...entry.revokes];
}

/** Whether an entry grants (+1), revokes (-1) or leaves (0) the administrator role. */
export function adminEffectOf(entry: RoleEntry): -1 | 0 | 1 {
  if (entry.grants.some((op) => op.role === 'admin')) return 1;
  if (entry.revokes.some((op) => op.role === 'admin')) return -1;
  return 0;
}

/**
 * Groups grant_role / revoke_role / set_quota operations (with known `user_id`) into ordered
 * Manage Roles entries (users), endpoint-21 entries (`accounts`, service accounts) and quota
 * PATCHes. Input order among equals is kept.
 */
export function buildRoleEntries(ops: readonly Operation[]): {
  entries: RoleEntry[];
  accounts: RoleEntry[];
  patches: QuotaPatch[];
} {
  const entries = new Map<string, RoleEntry>();
  const patches = new Map<string, QuotaPatch>();
  for (const op of ops) {
    const id = op.user_id ?? '';
    const type = op.service_account === null ? 'user' : 'service_account';
    // A user and a service account never share an entry, even with the same id.
    const key = `${type}:${id}`;
    if (op.kind === 'set_quota' && op.quota !== MANAGE_ROLES_QUOTA) {
      const patch = patches.get(key) ?? { id, ops: [] };
      patch.ops.push(op);
      patches.set(key, patch);
      continue;
    }
    const entry = entries.get(key) ?? { id, type, grants: [], revokes: [], cap: undefined };
    if (op.kind === 'grant_role') entry.grants.push(op);
    else if (op.kind === 'revoke_role') entry.revokes.push(op);
    else if (op.kind === 'set_quota') entry.cap = op;
    entries.set(key, entry);
  }
  const all = [...entries.values()];
  return {
    entries: orderRoleEntries(all.filter((entry) => entry.type === 'user')),
    accounts: all.filter((entry) => entry.type === 'service_account'),
    patches: [...patches.values()],
  };
}

/** Administrator grants first, revocations last; among the rest, grant-only, cap-only, then revoking. */
function orderRoleEntries(entries: readonly RoleEntry[]): RoleEntry[] {
  const rank = (entry: RoleEntry): number => {
    const admin = adminEffectOf(entry);
    if (admin !== 0) return admin === 1 ? 0 : 5;
    const grants = entry.grants.length > 0;
    const revokes = entry.revokes.length > 0;
    if (grants && !revokes) return 1;
    if (!revokes) return 2;
    return grants ? 3 : 4;
  };
  return entries
    .map((entry, index) => ({ entry, index, rank: rank(entry) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ entry }) => entry);
}

/** The wire form of an entry. */
export function toManageRolesEntry(entry: RoleEntry): ManageRolesEntry {
  const wire: ManageRolesEntry = { id: entry.id };
  if (entry.grants.length > 0) wire.add_roles = entry.grants.map((op) => apiRoleOf(op));
  if (entry.revokes.length > 0) wire.remove_roles = entry.revokes.map((op) => apiRoleOf(op));
  if (entry.cap?.to != null)
    wire.quota_limits = { [MANAGE_ROLES_QUOTA]: { allowed: entry.cap.to } };
  return wire;
}

/** Whether an entry changes roles (a service account's entry then needs its live role set). */
export function changesRoles(entry: RoleEntry): boolean {
  return entry.grants.length > 0 || entry.revokes.length > 0;
}

/**
 * The wire form of a service account's entry (endpoint 21). `roles` replaces the whole set, so it
 * is `liveRoles` (raw API roles, unknown ones included, in their order) without the revoked ones,
 * plus the granted ones; it is sent only when the entry changes roles (a cap alone leaves the set
 * untouched). `liveRoles` must be given when `changesRoles(entry)`.
 */
export function toServiceAccountEntry(
  entry: RoleEntry,
  liveRoles: readonly string[] = [],
): ServiceAccountRolesEntry {
  const wire: ServiceAccountRolesEntry = { id: entry.id };
  if (changesRoles(entry)) {
    const revoked = new Set(entry.revokes.map(apiRoleOf));
    const kept = liveRoles.filter((role) => !revoked.has(role));
    const granted = entry.grants.map(apiRoleOf).filter((role) => !kept.includes(role));
    wire.roles = [...kept, ...granted];
  }
  if (entry.cap?.to != null)
    wire.quota_limits = { [MANAGE_ROLES_QUOTA]: { allowed: entry.cap.to } };
  return wire;
}

/** The caps of a PATCH /users/{uid}: quota → allowed. */
export function quotasOf(patch: QuotaPatch): Record<string, number> {
  const quotas: Record<string, number> = {};
  for (const op of patch.ops) if (op.quota !== null && op.to !== null) quotas[op.quota] = op.to;
  return quotas;
}

function apiRoleOf(op: Operation): string {
  return op.role === null ? '' : API_ROLE[op.role];
}
