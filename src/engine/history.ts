/**
 * `gti-sync history` (docs/operations.md): one timeline per member merged from `apply --journal`
 * files and the group's activity log as far back as `audit` reads it (one bounded read), filtered
 * locally by emails/ids and `--since`, each entry saying its source. Without an API key and with
 * journals, the journals alone (`journalOnly` tells the CLI to say so).
 */
import { resolve } from 'node:path';
import type { ActivityEntry, ActivityLogWindow } from '../model/reports.js';
import { UsageError } from '../model/errors.js';
import type { HistoryEntry, HistoryReport, MemberHistory } from '../model/history.js';
import { ACTIVITY_LOG_BOUNDS, readActivityLog } from '../report/read-activity-log.js';
import type { JournalLine } from './journal-lines.js';
import { readJournal } from './read-journal.js';
import { withClient } from './client.js';
import type { ClientHooks, ConnectionSettings } from './client.js';
import { resolveReportGroup } from './resolve-report-group.js';
import { formatInstant, isoOfEpoch } from '../model/dates.js';

/** At most this many `--journal` files in one run (each is bounded by readJournal). */
const MAX_JOURNALS = 64;

/** What `history` takes. */
export interface HistoryOptions {
  /** Emails or user ids (or service account names) to keep; empty: every member. */
  members: readonly string[];
  /** `--journal` files, relative to `connection.cwd`. */
  journals: readonly string[];
  /** `--group`; default the `group` of ./group.yaml when the log is read. */
  group?: string | undefined;
  /** `--since`: `YYYY-MM-DD` (UTC midnight) or an ISO 8601 instant. */
  since?: string | undefined;
  now: Date;
  connection: ConnectionSettings;
  hooks?: ClientHooks | undefined;
}

/** The timelines, and whether the activity log was left out for want of a key. */
export interface HistoryResult {
  report: HistoryReport;
  journalOnly: boolean;
}

/** Reads the journals and (with a key) the activity log, and builds the timelines. */
export async function historyOf(options: HistoryOptions): Promise<HistoryResult> {
  const since = parseSince(options.since);
  if (options.journals.length > MAX_JOURNALS) {
    throw new UsageError(`at most ${MAX_JOURNALS} --journal files`, 'BAD_FLAG');
  }
  const { cwd, env } = options.connection;
  const hasKey = options.connection.apikeyFile !== undefined || (env.GTI_APIKEY ?? '') !== '';
  const journalOnly = !hasKey && options.journals.length > 0;
  const gid = journalOnly ? (options.group ?? null) : await resolveReportGroup(options.group, cwd);
  const lines: JournalLine[] = [];
  for (const file of options.journals) {
    lines.push(...(await readJournal(resolve(cwd, file), file)));
  }
  let log: { entries: ActivityEntry[]; window: ActivityLogWindow } | null = null;
  if (!journalOnly && gid !== null) {
    const maxDays = sinceDays(since, options.now);
    log = await withClient(options.connection, options.hooks ?? {}, (api) =>
      readActivityLog(api, gid, options.now, { ...ACTIVITY_LOG_BOUNDS, maxDays }),
    );
  }
  const members = buildTimelines(
    lines.filter((l) => gid === null || l.group === gid),
    gid === null ? [] : (log?.entries ?? []),
    gid ?? '',
    { names: options.members, since },
  );
  return {
    report: {
      version: 1,
      group: gid,
      since: since === undefined ? null : formatInstant(new Date(since)),
      journals: [...options.journals],
      activity_log: log?.window ?? null,
      members,
    },
    journalOnly,
  };
}

/** `--since` as epoch milliseconds: a real day `YYYY-MM-DD` (UTC) or an ISO 8601 instant. */
function parseSince(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const day = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value);
  const ms = Date.parse(day ? `${value}T00:00:00Z` : value);
  const real = day ? !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(value) : instant;
  if (!real || Number.isNaN(ms)) {
    throw new UsageError(
      `--since must be a day written YYYY-MM-DD or an ISO 8601 instant, not "${value}"`,
      'BAD_DATE',
    );
  }
  return ms;
}

/** The log's day bound: audit's, or fewer when `--since` is more recent (fewer pages read). */
function sinceDays(since: number | undefined, now: Date): number {
  if (since === undefined) return ACTIVITY_LOG_BOUNDS.maxDays;
  const days = Math.ceil((now.getTime() - since) / 86_400_000);
  return Math.min(ACTIVITY_LOG_BOUNDS.maxDays, Math.max(1, days));
}

/**
 * Groups journal lines and log entries by member (an email and a user id that a journal line
 * names together are one member), keeps those named in `filter.names` (any letter case; all when
 * empty) and at or after `filter.since`, each timeline oldest first.
 */
function buildTimelines(
  lines: readonly JournalLine[],
  log: readonly ActivityEntry[],
  group: string,
  filter: { names: readonly string[]; since: number | undefined },
): MemberHistory[] {
  const emailOfId = new Map<string, string>();
  for (const l of lines) {
    if (l.email !== null && l.user_id !== null) emailOfId.set(l.user_id, l.email.toLowerCase());
  }
  const timelines = new Map<string, { aliases: Set<string>; entries: HistoryEntry[] }>();
  const add = (name: string, alias: string | null, entry: HistoryEntry) => {
    const member = name.includes('@') ? name.toLowerCase() : (emailOfId.get(name) ?? name);
    const timeline = timelines.get(member) ?? { aliases: new Set<string>(), entries: [] };
    timelines.set(member, timeline);
    if (name !== member && !name.includes('@')) timeline.aliases.add(name);
    if (alias !== null && alias !== member) timeline.aliases.add(alias);
    timeline.entries.push(entry);
  };
  for (const l of lines) {
    const name = l.email ?? l.user_id ?? l.service_account;
    if (name === null) continue;
    // Journals written before times were whole seconds keep milliseconds: one form in the output.
    const ms = Date.parse(l.time);
    add(name, l.user_id, {
      time: Number.isNaN(ms) ? l.time : formatInstant(new Date(ms)),
      source: 'journal',
      group: l.group,
      action: l.kind,
      result: l.result,
      detail: detailOf(l),
      actor: l.caller,
      run_url: l.ci?.run_url ?? null,
    });
  }
  for (const e of log) {
    if (e.user === null) continue;
    add(e.user, null, {
      time: isoOfEpoch(e.date),
      source: 'activity_log',
      group,
      action: e.action,
      result: null,
      detail: null,
      actor: e.actor,
      run_url: null,
    });
  }
  const wanted = new Set(filter.names.map((n) => n.toLowerCase()));
  const out: MemberHistory[] = [];
  for (const [member, { aliases, entries }] of timelines) {
    const names = [member, ...aliases].map((n) => n.toLowerCase());
    if (wanted.size > 0 && !names.some((n) => wanted.has(n))) continue;
    const kept = entries
      .filter((e) => filter.since === undefined || Date.parse(e.time) >= filter.since)
      .sort((a, b) => Date.parse(a.time) - Date.parse(b.time));
    if (kept.length > 0) out.push({ member, aliases: [...aliases].sort(), entries: kept });
  }
  return out.sort((a, b) => (a.member < b.member ? -1 : a.member > b.member ? 1 : 0));
}

/** A journal line's particulars in one short text, or null when it has none. */
function detailOf(l: JournalLine): string | null {
  const parts: string[] = [];
  if (l.role !== null) parts.push(`role ${l.role}`);
  if (l.quota !== null) parts.push(`quota ${l.quota}`);
  if (l.from !== null || l.to !== null) parts.push(`${l.from ?? '-'} -> ${l.to ?? '-'}`);
  if (l.service_account !== null && l.email !== null)
    parts.push(`service account ${l.service_account}`);
  if (l.code !== null) parts.push(l.code);
  if (l.message !== null) parts.push(l.message);
  return parts.length === 0 ? null : parts.join('; ');
}
