/**
 * The domain model of plan and apply: the live group as read from the API (normalised), and the
 * plan computed from it and a group file. Plain, serialisable data; `src/plan/` is pure.
 */
import type { QuotaName, Role } from '../config/types.js';

/** A member of the live group, normalised from the API listings (src/live/read-live-group.ts). */
export interface LiveMember {
  id: string;
  /** As the API spells it (never empty for an administrator caller). */
  email: string;
  /** Lower-cased email: the match key. */
  key: string;
  firstName: string;
  lastName: string;
  /** `null` when the API did not say. */
  has2fa: boolean | null;
  /** Known roles the member holds, in ROLES order. */
  roles: Role[];
  /** Every raw API role (unknown ones included, which gti-sync never touches). */
  apiRoles: string[];
  /** Personal caps: a quota appears only where a personal cap below 10^9 is set. */
  caps: Partial<Record<QuotaName, number>>;
  /** `used` of each quota the API reported (for `cap_below_use`). */
  used: Partial<Record<QuotaName, number>>;
  /** Epoch seconds, when known. */
  lastLogin: number | null;
  status: string | null;
  /**
   * Known roles the API said nothing about either way (a listing without `context_attributes`
   * tells administrators apart, but not Private Scanning). The plan never grants nor revokes them.
   * Absent or empty: every known role is known.
   */
  unknownRoles?: Role[];
}

/** A service account of the live group. */
export interface LiveServiceAccount {
  /** `<gid>_<name>`. */
  id: string;
  /** `first_name`, or the id without the `<gid>_` prefix. */
  name: string;
  caps: Partial<Record<QuotaName, number>>;
  used: Partial<Record<QuotaName, number>>;
}

/** An invitation the activity log shows, not yet turned into a membership. */
export interface PendingInvitation {
  /** Lower-cased email. */
  key: string;
  email: string;
  /** Who invited (user id), when the log says. */
  actor: string | null;
  /** Epoch seconds. */
  date: number;
}

/** The live group: everything plan and audit need, read with as few round trips as possible. */
export interface LiveGroup {
  group: string;
  /** The user the API key belongs to. */
  caller: { id: string; email: string; isAdmin: boolean };
  /** Sorted by `key`. */
  members: LiveMember[];
  /** Sorted by `id`. */
  serviceAccounts: LiveServiceAccount[];
  /** Sorted by `key`. */
  pendingInvitations: PendingInvitation[];
  /**
   * The recent activity log as read (newest first; at most the last 30 days or 5 pages), for
   * audit's "who did it and when". Absent when it was not read.
   */
  activityLog?: LiveActivityEntry[];
}

/** One activity log entry, normalised (gti-api.md §9). */
export interface LiveActivityEntry {
  /** e.g. `Add admin to group`, `Invite user to group`. */
  action: string;
  /** Epoch seconds. */
  date: number;
  /** The user id of who acted, when the log says. */
  actor: string | null;
  /** The affected user id or email (`info.user`), when the log says. */
  user: string | null;
}

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

/** One change. Fields follow the published JSON contract (design §3, schema/plan.schema.json). */
export interface Operation {
  kind: OperationKind;
  /** The member's email; `null` for service accounts. */
  email: string | null;
  /** The user or service-account id; `null` for a member not yet in the group. */
  user_id: string | null;
  /** The service account's name, for service-account operations; otherwise `null`. */
  service_account: string | null;
  /** For grant_role / revoke_role. */
  role: Role | null;
  /** For set_quota. */
  quota: QuotaName | null;
  /** For set_quota: the cap before (`null`: no personal cap) and after. */
  from: number | null;
  to: number | null;
  /** The file line that asks for it; `null` for removals of undeclared members. */
  source: { file: string; line: number } | null;
}

export const FINDING_KINDS = [
  'no_2fa',
  'undeclared_admin',
  'undeclared_member',
  'undeclared_service_account',
  'expiring',
  'cap_below_use',
  'pending_invitation',
] as const;

export type FindingKind = (typeof FINDING_KINDS)[number];

/** Something no operation can fix, reported by plan and audit. */
export interface Finding {
  kind: FindingKind;
  email: string | null;
  user_id: string | null;
  message: string;
  /** Who made the undeclared change, from the activity log (audit). */
  actor?: string;
  /** When (ISO 8601, UTC), from the activity log (audit). */
  date?: string;
}

export const SAFETY_CODES = [
  'TOO_MANY_REMOVALS',
  'BELOW_MIN_ADMINS',
  'REMOVES_CALLER',
  'DEMOTES_CALLER',
  'TOUCHES_PROTECTED',
  'ID_MISMATCH',
] as const;

export type SafetyCode = (typeof SAFETY_CODES)[number];

/**
 * A safety rule the plan breaks. `overridable`: `--force` passes it (only TOO_MANY_REMOVALS).
 * `ID_MISMATCH`: a member's pinned `id` disagrees with the live user of that email or id; the plan
 * leaves that entry alone and apply refuses until the file or the group is corrected.
 */
export interface SafetyFailure {
  code: SafetyCode;
  message: string;
  overridable: boolean;
}

/** The plan: the JSON contract of design §3. */
export interface Plan {
  version: 1;
  group: string;
  fingerprint: string;
  operations: Operation[];
  findings: Finding[];
  safety: SafetyFailure[];
  summary: Record<OperationKind, number>;
}
