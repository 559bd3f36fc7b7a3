/**
 * The desired state of a GTI group, as declared in a group file (design §1), normalised and typed.
 * Produced by `loadGroupFile` (src/config/); consumed by plan, apply, audit and export.
 */
import type { QuotaName, Quotas } from './quotas.js';
import type { Role } from './roles.js';

/** Where in a file something was declared (1-based). */
export interface SourceRef {
  file: string;
  line: number;
  col: number;
}

/** The `policy` block, with every default filled in. */
export interface Policy {
  /** `authoritative`: members not declared are removed; `additive`: never removed, reported. */
  members: 'authoritative' | 'additive';
  require_2fa: boolean;
  min_admins: number;
  max_removal_ratio: number;
  /** Lower-cased emails. */
  protected: string[];
  expiry_warning_days: number;
  /** `inactive_member` findings after this many days without login or API use; absent: off. */
  inactive_days?: number;
  /** `stale_invitation` findings this many days after the invitation; absent: off. */
  stale_invitation_days?: number;
}

/** Policy defaults when the file leaves a key out. */
export const DEFAULT_POLICY: Readonly<Policy> = {
  members: 'authoritative',
  require_2fa: false,
  min_admins: 1,
  max_removal_ratio: 0.25,
  protected: [],
  expiry_warning_days: 14,
};

/** One declared member. */
export interface DesiredMember {
  /** The email as written. */
  email: string;
  /** The email lower-cased: the match key. */
  key: string;
  /** Pinned user id, when given. */
  id: string | undefined;
  /** The whole role set, sorted in ROLES order, without duplicates. */
  roles: Role[];
  /** Effective managed caps: the member's own values over `defaults.quotas`. */
  quotas: Quotas;
  /** Which of `quotas` came from the member itself (the rest came from its teams or defaults). */
  ownQuotas: QuotaName[];
  /** The teams the member joins, as written (`teams: [...]`); [] when none. */
  teams: string[];
  /** The roles the member's own entry lists (`roles` is these joined with its teams'). */
  ownRoles?: Role[];
  /** The caps the member would have without its own `quotas`: its teams', else `defaults`. */
  inheritedQuotas?: Quotas;
  /** Where each inherited cap came from (a team or `defaults`, in this file or a baseline). */
  quotaSources?: Partial<Record<QuotaName, SourceRef>>;
  /** Where each role the member's own entry does not list came from (its first team that has it). */
  roleSources?: Partial<Record<Role, SourceRef>>;
  /** Last day of membership (UTC), `YYYY-MM-DD`, when given. */
  expires: string | undefined;
  source: SourceRef;
}

/** One declared service account. */
export interface DesiredServiceAccount {
  /** The name; the API id is `<group>_<name>`. */
  name: string;
  /** `<group>_<name>`. */
  id: string;
  /** The whole managed role set (any role but `admin`), sorted in ROLES order. */
  roles: Role[];
  /** Managed caps (defaults do not apply to service accounts). */
  quotas: Quotas;
  source: SourceRef;
}

/** A whole group file, valid and normalised. */
export interface GroupConfig {
  /** The path the file was read from, as given. */
  file: string;
  version: 1;
  group: string;
  policy: Policy;
  defaults: { quotas: Quotas };
  /** Glob patterns on email (`*` and `?`), matched case-insensitively. */
  ignore: string[];
  members: DesiredMember[];
  serviceAccounts: DesiredServiceAccount[];
  /** Where the `group` key is, for messages about the whole file. */
  source: SourceRef;
  /** The environment variable holding this group's API key (`apikey_env:`), when set. */
  apikeyEnv: string | undefined;
  /** The resolved paths of the `extends` chain, nearest first; [] when none. */
  baselines: string[];
  /** The teams in effect (the file's own over its baselines', key by key), by name. */
  teams: Record<string, Team>;
}

/** A team (`teams: {NAME: {roles, quotas}}`), merged over the baselines. */
export interface Team {
  roles: Role[];
  quotas: Quotas;
  /** Where the team is defined (the nearest file that defines it). */
  source: SourceRef;
  /** Where its `roles` come from (the nearest file that sets them), when set. */
  rolesSource?: SourceRef;
  /** Where each of its caps comes from (the nearest file that sets it). */
  quotaSources?: Partial<Record<QuotaName, SourceRef>>;
}

/** The group file commands read when none is named (in the working directory). */
export const DEFAULT_GROUP_FILE = 'group.yaml';
