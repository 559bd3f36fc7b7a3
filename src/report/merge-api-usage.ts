/**
 * Merges the `api_usage` answers of the requests one range was split into (gti-api.md §7) into
 * two series: what consumed quota, and what did not (kept apart, never added together). Pure.
 */
import type { ApiUsage } from '../api/types.js';
import type { DateRange } from '../model/dates.js';
import { listDays } from './date-range.js';
import type { UsageSeries } from '../model/reports.js';

/** The merged consumption of one scope (the group, or one user) over `range`. */
export interface MergedApiUsage {
  consuming: UsageSeries;
  notConsuming: UsageSeries;
}

/**
 * Sums `parts` (answers for consecutive sub-ranges of `range`) per endpoint and per day. Every day
 * of `range` is present in `by_day` (0 when idle); days outside `range` are ignored, so an answer
 * that covers more than was asked cannot inflate the totals.
 */
export function mergeApiUsage(parts: readonly ApiUsage[], range: DateRange): MergedApiUsage {
  return {
    consuming: sumDaily(
      parts.map((part) => part.daily),
      range,
    ),
    notConsuming: sumDaily(
      parts.map((part) => part.daily_endpoints_not_consuming_quota),
      range,
    ),
  };
}

function sumDaily(
  dailies: readonly Record<string, Record<string, number>>[],
  range: DateRange,
): UsageSeries {
  const byDay: Record<string, number> = {};
  for (const day of listDays(range)) byDay[day] = 0;
  const byEndpoint = new Map<string, number>();
  let total = 0;
  for (const daily of dailies) {
    for (const [day, endpoints] of Object.entries(daily)) {
      const dayTotal = byDay[day];
      if (dayTotal === undefined) continue;
      let sum = 0;
      for (const [endpoint, count] of Object.entries(endpoints)) {
        if (!Number.isFinite(count)) continue;
        byEndpoint.set(endpoint, (byEndpoint.get(endpoint) ?? 0) + count);
        sum += count;
      }
      byDay[day] = dayTotal + sum;
      total += sum;
    }
  }
  return { total, by_endpoint: sortedRecord(byEndpoint), by_day: byDay };
}

/** Endpoints by descending count, then by name: the order every renderer shows. */
function sortedRecord(counts: Map<string, number>): Record<string, number> {
  const entries = [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
  );
  return Object.fromEntries(entries);
}
