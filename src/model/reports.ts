/**
 * The report models of `audit` and `usage` (design §5): plain, serialisable data, the JSON output
 * as it is printed. Every renderer (text, json, csv, markdown) is a pure function of one of these.
 */
import type { LiveActivityEntry } from './live-group.js';
import type { Finding } from './plan.js';
import type { Role } from './roles.js';

/** API calls over a date range: the total, per endpoint, per day (every day of the range, 0 when idle). */
export interface UsageSeries {
  total: number;
  by_endpoint: Record<string, number>;
  by_day: Record<string, number>;
}

/** One member's (or service account's) API calls; `not_consuming` is never part of `total`. */
export interface UserApiUsage extends UsageSeries {
  id: string;
  /** `null` when the API did not say (a service account has an identifier, not a mailbox). */
  email: string | null;
  not_consuming: UsageSeries;
}

/** `usage api --format json` (design §5). */
export interface ApiUsageReport {
  group: string;
  from: string;
  to: string;
  group_usage: UsageSeries;
  /** The group's requests that did not consume quota; never added to `group_usage`. */
  not_consuming: UsageSeries;
  /** Empty unless members were asked for. */
  users: UserApiUsage[];
}

/** Used and allowed of one quota. `allowed` of 10^9 or more means "no cap". */
export interface QuotaUse {
  used: number;
  allowed: number;
}

/** One member's (or service account's) feature consumption. */
export interface UserFeatureUsage {
  id: string;
  email: string | null;
  quotas: Record<string, QuotaUse>;
}

/** `usage features --format json` (design §5). */
export interface FeaturesReport {
  group: string;
  /** The natural month in UTC, `YYYY-MM`. */
  month: string;
  group_usage: Record<string, QuotaUse>;
  users: UserFeatureUsage[];
}

/** A finding of `audit`; undeclared changes carry who made them and when, from the activity log. */
export interface AuditFinding extends Finding {
  /** The acting user's email, where the live group knows it. */
  actor_email?: string;
}

/** A live member as `audit` lists it. */
export interface AuditMember {
  id: string;
  email: string;
  roles: Role[];
  /** Raw API roles gti-sync does not know (kept, never removed; gti-api.md §4); absent when none. */
  unknown_roles?: string[];
  has_2fa: boolean | null;
  /** Personal caps (quota → allowed); quotas without one are left out. */
  caps: Record<string, number>;
  /** ISO 8601 UTC, when known. */
  last_login: string | null;
}

/** A live service account as `audit` lists it. */
export interface AuditServiceAccount {
  id: string;
  name: string;
  caps: Record<string, number>;
}

/** One activity log entry, normalised (gti-api.md §9): the plan's LiveActivityEntry. */
export type ActivityEntry = LiveActivityEntry;

/** How much of the activity log `audit` read (it reads a bounded window, newest first). */
export interface ActivityLogWindow {
  entries: number;
  /** Date (ISO 8601 UTC) of the oldest entry read; `null` when the log was empty. */
  oldest: string | null;
  /** `true` when the bound stopped the reading before the end of the log. */
  truncated: boolean;
}

/** `audit --format json`: `{"group", "findings"}` plus the member and service-account listing. */
export interface AuditReport {
  group: string;
  findings: AuditFinding[];
  members: AuditMember[];
  service_accounts: AuditServiceAccount[];
  activity_log: ActivityLogWindow;
}

/** The output formats of the reports. */
export const REPORT_FORMATS = ['text', 'json', 'csv', 'markdown'] as const;

export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Options every renderer of text output takes (from the terminal). */
export interface TextOptions {
  /** Columns available (for the bar chart). */
  width: number;
  /** ANSI colour (only on a terminal). */
  color: boolean;
  /**
   * Tables are cut to this many columns (the long column ends in `…`); absent: full lines (pipes
   * and files).
   */
  tableWidth?: number | undefined;
}
