/**
 * `gti-sync history` (docs/operations.md): one timeline per member, merged from apply journals and
 * the group's activity log, each entry saying where it came from.
 */
import type { ActivityLogWindow } from './reports.js';

/** Where a history entry came from. */
type HistorySource = 'journal' | 'activity_log';

/** One event in a member's timeline. */
export interface HistoryEntry {
  /** ISO 8601 UTC. */
  time: string;
  source: HistorySource;
  group: string;
  /** The operation kind (journal) or the action as the API spells it (activity log). */
  action: string;
  /** The journal's result (`done`, `failed`, `skipped`, `invited`); null for the activity log. */
  result: string | null;
  /** Role, quota and `from`→`to`, the error or skip code and message (journal); null otherwise. */
  detail: string | null;
  /** Who acted: the journal's caller, or the log's actor; null when unknown. */
  actor: string | null;
  /** The journal's CI run link, when it recorded one. */
  run_url: string | null;
}

/** One member's timeline, oldest first. */
export interface MemberHistory {
  /** The email when known, else the user id (or the service account name). */
  member: string;
  /** Every other name the entries gave the member (its user id). */
  aliases: string[];
  entries: HistoryEntry[];
}

/** `history --format json`. */
export interface HistoryReport {
  version: 1;
  /** The group whose log was read (or the `--group` filter); null: every group of the journals. */
  group: string | null;
  /** `--since`, as an ISO 8601 instant; null when not given. */
  since: string | null;
  /** The journal files read, as named. */
  journals: string[];
  /** How much of the activity log was read; null when it was not read (no API key). */
  activity_log: ActivityLogWindow | null;
  /** Sorted by `member`. */
  members: MemberHistory[];
}
