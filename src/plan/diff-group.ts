/**
 * The diff of a group file against the live group (design §3.2): the operations that make the live
 * group match the file, in the total order of `orderOperations`. Pure and linear in the group size.
 */
import { NO_PERSONAL_CAP, QUOTA_NAMES } from '../model/quotas.js';
import { ROLES } from '../model/roles.js';
import type { Role } from '../model/roles.js';
import type {
  DesiredMember,
  DesiredServiceAccount,
  GroupConfig,
  SourceRef,
} from '../model/group-config.js';
import type { QuotaName, Quotas } from '../model/quotas.js';
import type { LiveGroup, LiveMember, LiveServiceAccount } from '../model/live-group.js';
import {
  addMember,
  createServiceAccount,
  grantRole,
  removeMember,
  revokeRole,
  setQuota,
  sourceLineOf,
} from '../model/operation.js';
import type { Operation, SourceLine } from '../model/operation.js';
import { matchGroup } from './match-group.js';
import type { GroupMatch } from './match-group.js';
import { orderOperations } from './order-operations.js';

/**
 * Every operation the file asks for, ordered. Expired entries count as not declared; ignored live
 * members are never touched; entries whose pinned id disagrees get no operation (see checkSafety);
 * a declared email with a pending invitation gets none (a finding instead); removals only in
 * `authoritative` mode; quotas not declared (by the member or `defaults`) are never touched.
 */
export function diffGroup(config: GroupConfig, live: LiveGroup, now: Date): Operation[] {
  return diffMatched(config, live, matchGroup(config, live, now));
}

/** `diffGroup` over an already computed match (so buildPlan pairs the group once). */
export function diffMatched(config: GroupConfig, live: LiveGroup, match: GroupMatch): Operation[] {
  const ops: Operation[] = [];
  const pending = new Set(live.pendingInvitations.map((p) => p.key));
  for (const desired of match.missing) {
    if (!pending.has(desired.key)) ops.push(...diffNewMember(desired));
  }
  for (const { desired, live: member } of match.pairs)
    ops.push(...diffExistingMember(desired, member));
  if (config.policy.members === 'authoritative') {
    for (const member of match.undeclared) {
      ops.push(
        removeMember({ email: member.email, user_id: member.id, service_account: null }, null),
      );
    }
  }
  const liveAccounts = new Map(live.serviceAccounts.map((a) => [a.id, a]));
  for (const desired of config.serviceAccounts) {
    ops.push(...diffServiceAccount(desired, liveAccounts.get(desired.id)));
  }
  return orderOperations(ops);
}

function diffNewMember(desired: DesiredMember): Operation[] {
  const source = sourceLineOf(desired.source);
  const target = { email: desired.email, user_id: null, service_account: null };
  const ops: Operation[] = [addMember(desired.email, source)];
  for (const role of desired.roles) ops.push(grantRole(target, role, roleSource(desired, role)));
  for (const [quota, to] of managedQuotas(desired.quotas)) {
    ops.push(setQuota(target, { quota, from: null, to }, quotaSource(desired, quota)));
  }
  return ops;
}

function diffExistingMember(desired: DesiredMember, member: LiveMember): Operation[] {
  const source = sourceLineOf(desired.source);
  const target = { email: member.email, user_id: member.id, service_account: null };
  const unknown = member.unknownRoles ?? [];
  const ops: Operation[] = [];
  for (const role of ROLES) {
    if (unknown.includes(role)) continue;
    const wanted = desired.roles.includes(role);
    const held = member.roles.includes(role);
    if (wanted && !held) ops.push(grantRole(target, role, roleSource(desired, role)));
    if (!wanted && held) ops.push(revokeRole(target, role, source));
  }
  for (const [quota, to] of managedQuotas(desired.quotas)) {
    const from = member.caps[quota] ?? null;
    if (!capHolds(from, to)) {
      ops.push(setQuota(target, { quota, from, to }, quotaSource(desired, quota)));
    }
  }
  return ops;
}

/**
 * The line an operation points at: the member's own entry, unless the value comes from another
 * file (a baseline's `defaults` or team), which is then named instead (issue 12: the source
 * column names the file a value came from).
 */
function inheritedOr(desired: DesiredMember, from: SourceRef | undefined): SourceLine {
  return from !== undefined && from.file !== desired.source.file
    ? sourceLineOf(from)
    : sourceLineOf(desired.source);
}

function roleSource(desired: DesiredMember, role: Role): SourceLine {
  return inheritedOr(desired, desired.roleSources?.[role]);
}

function quotaSource(desired: DesiredMember, quota: QuotaName): SourceLine {
  if (desired.ownQuotas.includes(quota)) return sourceLineOf(desired.source);
  return inheritedOr(desired, desired.quotaSources?.[quota]);
}

/**
 * A service account's roles (any but admin: the file refuses it, the API too) and caps. A
 * new account holds no role; an existing one whose roles the listing did not show (`roles: null`)
 * keeps them untouched (a finding says so: endpoint 21 replaces the whole set).
 */
function diffServiceAccount(
  desired: DesiredServiceAccount,
  account: LiveServiceAccount | undefined,
): Operation[] {
  const source = sourceLineOf(desired.source);
  const target = { email: null, user_id: desired.id, service_account: desired.name };
  const ops: Operation[] = [];
  if (!account) ops.push(createServiceAccount(target, source));
  const held = account === undefined ? [] : account.roles;
  if (held !== null) {
    for (const role of ROLES) {
      if (role === 'admin') continue;
      const wanted = desired.roles.includes(role);
      if (wanted && !held.includes(role)) ops.push(grantRole(target, role, source));
      if (!wanted && held.includes(role)) ops.push(revokeRole(target, role, source));
    }
  }
  for (const [quota, to] of managedQuotas(desired.quotas)) {
    const from = account?.caps[quota] ?? null;
    if (!capHolds(from, to)) ops.push(setQuota(target, { quota, from, to }, source));
  }
  return ops;
}

/**
 * Whether a live cap (`null`: no personal cap) already is the declared one. The API reads
 * `allowed` of NO_PERSONAL_CAP or more as no personal cap, so such a declared value holds where
 * there is none (comparing the numbers would set it again on every run).
 */
export function capHolds(live: number | null, declared: number): boolean {
  return declared >= NO_PERSONAL_CAP ? live === null : live === declared;
}

/** The managed quotas of an entry, in QUOTA_NAMES order. */
export function managedQuotas(quotas: Quotas): Array<[(typeof QUOTA_NAMES)[number], number]> {
  const out: Array<[(typeof QUOTA_NAMES)[number], number]> = [];
  for (const quota of QUOTA_NAMES) {
    const value = quotas[quota];
    if (value !== undefined) out.push([quota, value]);
  }
  return out;
}
