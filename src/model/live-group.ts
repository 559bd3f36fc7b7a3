/**
 * The live group as read from the API, normalised (src/live/): everything plan, apply, audit and
 * export need. Plain, serialisable data.
 */
import type { ActivityKind } from './activity-kind.js';
import type { QuotaName } from './quotas.js';
import type { Role } from './roles.js';

/** A member of the live group, normalised from the API listings. */
export interface LiveMember {
  id: string;
  /** As the API spells it (never empty for an administrator caller). */
  email: string;
  /** Lower-cased email: the match key. */
  key: string;
  firstName: string;
  lastName: string;
  /** `null` when the API did not say (see `LiveGroup.twoFactor` for why). */
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
   * tells administrators apart, but no other role). The plan never grants nor revokes them.
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
  /** Known roles it holds, in ROLES order; `null` when the listing did not show roles. */
  roles: Role[] | null;
  /** Every raw API role (unknown ones included); `null` when the listing did not show roles. */
  apiRoles: string[] | null;
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

/** One activity log entry, normalised (gti-api.md §9). */
export interface LiveActivityEntry {
  /** As the API spells it: `Add admin to group` or `ADD_GROUP_ADMIN`. */
  action: string;
  /** What it records, whatever the spelling (`activityKindOf`); compare this, never `action`. */
  kind: ActivityKind;
  /** Epoch seconds. */
  date: number;
  /** The user id of who acted, when the log says. */
  actor: string | null;
  /** The affected user id or email (`info.user`), when the log says. */
  user: string | null;
}

/**
 * How the members' 2FA was learnt (gti-api.md §5): from `has_2fa` in the listing, from the
 * `filter=2fa_enabled:false` listing, or not at all (then `reason` says why, and reports say so).
 */
export type TwoFactorKnowledge =
  { known: true; via: 'attribute' | 'filter' } | { known: false; reason: string };

/** The live group: everything plan and audit need, read with as few round trips as possible. */
export interface LiveGroup {
  group: string;
  /** The user the API key belongs to. */
  caller: { id: string; email: string };
  /** Sorted by `key`. */
  members: LiveMember[];
  /** Sorted by `id`. */
  serviceAccounts: LiveServiceAccount[];
  /** Sorted by `key`. */
  pendingInvitations: PendingInvitation[];
  /** Whether `has2fa` of the members can be trusted. */
  twoFactor: TwoFactorKnowledge;
  /**
   * The recent activity log as read (newest first; a bounded window), for audit's "who did it and
   * when". Absent when it was not read.
   */
  activityLog?: LiveActivityEntry[];
  /** `true` when a bound (days or entries) stopped reading the log before its end. */
  activityLogTruncated?: boolean;
}
