/**
 * The operations of a plan (design §3): a union discriminated by `kind`. Every operation carries
 * every field of the published JSON contract (schema/plan.schema.json), `null` where it does not
 * apply, so the object is its own JSON form; the union says which fields each kind fills in.
 */
import type { SourceRef } from './group-config.js';
import type { QuotaName } from './quotas.js';
import type { Role } from './roles.js';

/** The six operation kinds, in execution order (design §4). */
export const OPERATION_KINDS = [
  'add_member',
  'create_service_account',
  'grant_role',
  'set_quota',
  'revoke_role',
  'remove_member',
] as const;

export type OperationKind = (typeof OPERATION_KINDS)[number];

/** The file line that asks for an operation. */
export interface SourceLine {
  file: string;
  line: number;
}

/** A member, by email and (once it is a member) user id. */
interface MemberTarget {
  email: string;
  /** `null` for a member not yet in the group (its id is learnt after it is added). */
  user_id: string | null;
  service_account: null;
}

/** A member already in the group. */
export interface ExistingMemberTarget extends MemberTarget {
  user_id: string;
}

/** A service account, by name and id (`<gid>_<name>`). */
export interface ServiceAccountTarget {
  email: null;
  user_id: string;
  service_account: string;
}

/** Who an operation is for. */
export type OperationTarget = MemberTarget | ServiceAccountTarget;

interface NoRole {
  role: null;
}
interface NoQuota {
  quota: null;
  from: null;
  to: null;
}
interface Sourced {
  /** The file line that asks for it; `null` for removals of undeclared members. */
  source: SourceLine | null;
}

export type AddMember = { kind: 'add_member' } & MemberTarget & NoRole & NoQuota & Sourced;
export type CreateServiceAccount = { kind: 'create_service_account' } & ServiceAccountTarget &
  NoRole &
  NoQuota &
  Sourced;
export type GrantRole = { kind: 'grant_role'; role: Role } & OperationTarget & NoQuota & Sourced;
export type RevokeRole = { kind: 'revoke_role'; role: Role } & (
  ExistingMemberTarget | ServiceAccountTarget
) &
  NoQuota &
  Sourced;
/** `from`: the cap before (`null`: no personal cap); `to`: the cap after. */
export type SetQuota = {
  kind: 'set_quota';
  quota: QuotaName;
  from: number | null;
  to: number;
} & OperationTarget &
  NoRole &
  Sourced;
export type RemoveMember = { kind: 'remove_member' } & ExistingMemberTarget &
  NoRole &
  NoQuota &
  Sourced;

/** One change. */
export type Operation =
  AddMember | CreateServiceAccount | GrantRole | SetQuota | RevokeRole | RemoveMember;

const NO_QUOTA: NoQuota = { quota: null, from: null, to: null };

/** `add_member` of `email`. */
export function addMember(email: string, source: SourceLine | null): AddMember {
  return {
    kind: 'add_member',
    email,
    user_id: null,
    service_account: null,
    role: null,
    ...NO_QUOTA,
    source,
  };
}

/** `create_service_account` of `name` (`id` is `<gid>_<name>`). */
export function createServiceAccount(
  target: ServiceAccountTarget,
  source: SourceLine | null,
): CreateServiceAccount {
  return { kind: 'create_service_account', ...target, role: null, ...NO_QUOTA, source };
}

/** `grant_role` of `role` to `target`. */
export function grantRole(
  target: OperationTarget,
  role: Role,
  source: SourceLine | null,
): GrantRole {
  return { kind: 'grant_role', ...target, role, ...NO_QUOTA, source };
}

/** `revoke_role` of `role` from `target`. */
export function revokeRole(
  target: ExistingMemberTarget | ServiceAccountTarget,
  role: Role,
  source: SourceLine | null,
): RevokeRole {
  return { kind: 'revoke_role', ...target, role, ...NO_QUOTA, source };
}

/** `set_quota` of `quota` from `from` to `to` on `target`. */
export function setQuota(
  target: OperationTarget,
  change: { quota: QuotaName; from: number | null; to: number },
  source: SourceLine | null,
): SetQuota {
  return { kind: 'set_quota', ...target, role: null, ...change, source };
}

/** `remove_member` of `target`. */
export function removeMember(
  target: ExistingMemberTarget,
  source: SourceLine | null,
): RemoveMember {
  return { kind: 'remove_member', ...target, role: null, ...NO_QUOTA, source };
}

/** Whether `op` is on a service account (else on a member). */
export function isServiceAccountOperation(op: Operation): op is Operation & ServiceAccountTarget {
  return op.service_account !== null;
}

/** The `{file, line}` an operation cites, from where its entry was declared. */
export function sourceLineOf(ref: SourceRef): SourceLine {
  return { file: ref.file, line: ref.line };
}
