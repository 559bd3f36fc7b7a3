/**
 * `gti-sync doctor --format json` (issue 10): what a read-only probe of a group saw, one check a
 * line, and which documented reading of the API (gti-api.md §13) the service answers in.
 */
import type { ErrorCode } from './error-codes.js';

/**
 * `ok`: gti-sync works fully with what it saw. `differs`: it works, degraded (something it cannot
 * learn, e.g. 2FA), and says how. `denied`: the API refused (403, or not an administrator).
 * `failed`: any other failure (a bad key, a missing group, an answer gti-sync cannot read).
 */
type DoctorStatus = 'ok' | 'differs' | 'denied' | 'failed';

/** One line: what was asked, what it saw and what gti-sync will do about it. */
export interface DoctorCheck {
  name: string;
  status: DoctorStatus;
  detail: string;
  /** The error code, for `denied` and `failed`. */
  code?: ErrorCode;
}

/** The readings of gti-api.md §13 the answers showed; `null` where the probe could not tell. */
export interface DoctorObserved {
  /** Listings show `has_2fa` of other members (`visible-2fa`). */
  has_2fa_visible: boolean | null;
  /** `filter=2fa_enabled:false` works (`no-2fa-filter` when false). */
  two_fa_filter: boolean | null;
  /** Listings carry `context_attributes.roles` (`no-context-roles` when false). */
  context_roles: boolean | null;
  /** The activity log names who acted when asked with `relationships=user`. */
  activity_actor: boolean | null;
  /** The activity log names who acted even without `relationships=user` (revision 1). */
  activity_actor_unasked: boolean | null;
  /** `api_usage` comes in the `data` wrapper (`unwrapped-usage` when false). */
  usage_wrapped: boolean | null;
  /** How `api_usage` spells endpoint keys (`plain-endpoint-keys`: `files`). */
  usage_endpoint_keys: '/api/v3/(files)' | 'files' | null;
  /** `api_usage` leaves idle days out (`sparse-usage-days`). */
  usage_sparse_days: boolean | null;
  /** How the activity log spells actions: `Add user to group` or `ADD_GROUP_USER` (`enum-actions`). */
  activity_action_spelling: 'words' | 'enum' | null;
}

/** The whole result; `error` is the first `denied` or `failed` check (exit 1), else `null`. */
export interface DoctorReport {
  group: string;
  checks: DoctorCheck[];
  observed: DoctorObserved;
  error: { code: ErrorCode; message: string } | null;
}

/** The output formats of `doctor`. */
export const DOCTOR_FORMATS = ['text', 'json'] as const;

export type DoctorFormat = (typeof DOCTOR_FORMATS)[number];
