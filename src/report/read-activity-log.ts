/**
 * Reads the group's activity log (gti-api.md §9) for audit's "who and when": one paged listing
 * asked with `relationships=user`, newest first, within a bound: the last `maxDays` days and at
 * most `maxEntries` entries (25 pages of 40 by default). `readAuditGroup` reads it as part of the
 * live group, so an audit reads the log once.
 */
import type { GtiApi } from '../api/types.js';
import { readActivity } from '../live/read-activity.js';
import { readLiveGroup } from '../live/read-live-group.js';
import type { LiveGroup } from '../model/live-group.js';
import { isoOfEpoch } from '../model/dates.js';
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
  const read = await readActivity(api, gid, now, {
    memberKeys: Promise.resolve(null),
    lookFor: undefined,
    bounds,
  });
  return { entries: read.entries, window: windowOf(read.entries, read.truncated) };
}

/**
 * The live group and its activity log within `bounds`, the log read once, beside the listings
 * (readLiveGroup with `activityBounds`): what audit needs.
 */
export async function readAuditGroup(
  api: GtiApi,
  gid: string,
  now: Date,
  bounds: { maxDays: number; maxEntries: number } = ACTIVITY_LOG_BOUNDS,
): Promise<{ live: LiveGroup; log: ActivityLogRead }> {
  const live = await readLiveGroup(api, gid, { now, activityBounds: bounds });
  const entries = live.activityLog ?? [];
  return { live, log: { entries, window: windowOf(entries, live.activityLogTruncated ?? false) } };
}

function windowOf(entries: readonly ActivityEntry[], truncated: boolean): ActivityLogWindow {
  const oldest = entries.reduce<number | null>(
    (min, e) => (min === null || e.date < min ? e.date : min),
    null,
  );
  return {
    entries: entries.length,
    oldest: oldest === null ? null : isoOfEpoch(oldest),
    truncated,
  };
}
