/**
 * Reads the group's activity log (gti-api.md §9) as one paged listing, newest first, within a
 * bound: the last `maxDays` days and at most `maxEntries` entries (25 pages of 40 by default).
 */
import type { GtiApi } from '../api/types.js';
import { normalizeActivity } from '../live/normalize-live.js';
import { formatInstant } from './explain-findings.js';
import type { ActivityEntry, ActivityLogWindow } from '../model/reports.js';

/** How far back `audit` reads the activity log by default. */
export const ACTIVITY_LOG_BOUNDS = { maxDays: 90, maxEntries: 1000 } as const;

/** The entries read and how far they reach. */
export interface ActivityLogRead {
  entries: ActivityEntry[];
  window: ActivityLogWindow;
}

/**
 * Reads entries until the log ends, an entry is older than `maxDays` before `now`, or `maxEntries`
 * were read; `window.truncated` says when a bound stopped it (older changes stay unexplained).
 */
export async function readActivityLog(
  api: GtiApi,
  gid: string,
  now: Date,
  bounds: { maxDays: number; maxEntries: number } = ACTIVITY_LOG_BOUNDS,
): Promise<ActivityLogRead> {
  const cutoff = now.getTime() / 1000 - bounds.maxDays * 86_400;
  const entries: ActivityEntry[] = [];
  let truncated = false;
  for await (const entry of api.listActivityLog(gid)) {
    if (entry.attributes.date < cutoff) {
      truncated = true;
      break;
    }
    entries.push(normalizeActivity(entry));
    if (entries.length >= bounds.maxEntries) {
      truncated = true;
      break;
    }
  }
  const oldest = entries.reduce<number | null>(
    (min, e) => (min === null || e.date < min ? e.date : min),
    null,
  );
  return {
    entries,
    window: {
      entries: entries.length,
      oldest: oldest === null ? null : formatInstant(oldest),
      truncated,
    },
  };
}
