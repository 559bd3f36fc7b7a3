/**
 * API usage arithmetic (gti-api.md §7): UTC days, the date range of a request and its limits (60
 * days kept, 30 days a request), and the `api_usage` body summed over accounts.
 */
import { badRequest } from './api-failure.js';
import type { SeedUsage } from './types.js';
import { addDays, daysBetween, isRealDay } from '../model/dates.js';

/** Days of history the API keeps (today included). */
const KEPT_DAYS = 60;
/** Days one request may span. */
const MAX_SPAN_DAYS = 30;

/** Every day from `start` to `end`, both included. */
export function daysFrom(start: string, end: string): string[] {
  const days: string[] = [];
  for (let day = start; day <= end; day = addDays(day, 1)) days.push(day);
  return days;
}

function readDateParam(url: URL, name: string): string | undefined {
  const text = url.searchParams.get(name);
  if (text === null || text === '') return undefined;
  const day = /^[0-9]{8}$/.test(text)
    ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}`
    : '';
  if (!isRealDay(day)) throw badRequest(`Invalid ${name}: ${text} (expected YYYYMMDD)`);
  return day;
}

/**
 * The range of an `api_usage` request: `start_date`/`end_date` (inclusive); without `end_date`,
 * today; without `start_date`, 29 days before the end. 400 `BadRequestError` naming the broken rule.
 */
export function readDateRange(url: URL, today: string): { start: string; end: string } {
  const end = readDateParam(url, 'end_date') ?? today;
  const start = readDateParam(url, 'start_date') ?? addDays(end, -(MAX_SPAN_DAYS - 1));
  if (start > end) throw badRequest(`start_date ${start} is after end_date ${end}`);
  if (daysBetween(start, today) > KEPT_DAYS - 1) {
    throw badRequest(
      `start_date ${start} is more than ${KEPT_DAYS - 1} days before today (${today}); only the last ${KEPT_DAYS} days are kept`,
    );
  }
  const span = daysBetween(start, end) + 1;
  if (span > MAX_SPAN_DAYS)
    throw badRequest(
      `The range spans ${span} days; one request spans at most ${MAX_SPAN_DAYS} days`,
    );
  return { start, end };
}

/** Usage sources of one account. */
export interface UsageSource {
  api_usage?: SeedUsage;
  api_usage_not_consuming?: SeedUsage;
}

/** How an `api_usage` body is spelt (the variants of gti-api.md §7 and §13). */
export interface UsageSpelling {
  /** Endpoint keys `files`, not `/api/v3/(files)` (`plain-endpoint-keys`). */
  plainKeys: boolean;
  /** Days without use left out, not `{}` (`sparse-usage-days`). */
  sparseDays: boolean;
}

const DOCUMENTED: UsageSpelling = { plainKeys: false, sparseDays: false };

/** `/api/v3/(files)` → `files`; any other key as it is. */
function plainEndpointKey(key: string): string {
  return /^\/api\/v3\/\((.+)\)$/.exec(key)?.[1] ?? key;
}

function sumDaily(
  usages: readonly (SeedUsage | undefined)[],
  days: readonly string[],
  spelling: UsageSpelling,
) {
  const daily: Record<string, Record<string, number>> = {};
  const total: Record<string, number> = {};
  for (const day of days) {
    const counts: Record<string, number> = {};
    let used = false;
    for (const usage of usages) {
      const entries = usage?.[day];
      if (entries === undefined) continue;
      for (const [seedKey, count] of Object.entries(entries)) {
        const endpoint = spelling.plainKeys ? plainEndpointKey(seedKey) : seedKey;
        counts[endpoint] = (counts[endpoint] ?? 0) + count;
        total[endpoint] = (total[endpoint] ?? 0) + count;
        used = true;
      }
    }
    if (used || !spelling.sparseDays) daily[day] = counts;
  }
  return { daily, total };
}

/** The `api_usage` body (§7) of these accounts over `start..end`; idle days are `{}` or absent. */
export function usageBody(
  sources: readonly UsageSource[],
  start: string,
  end: string,
  spelling: UsageSpelling = DOCUMENTED,
): Record<string, unknown> {
  const days = daysFrom(start, end);
  const consuming = sumDaily(
    sources.map((s) => s.api_usage),
    days,
    spelling,
  );
  const free = sumDaily(
    sources.map((s) => s.api_usage_not_consuming),
    days,
    spelling,
  );
  return {
    daily: consuming.daily,
    total: consuming.total,
    daily_endpoints_not_consuming_quota: free.daily,
    total_endpoints_not_consuming_quota: free.total,
  };
}

/** Requests that consumed quota on the given days. */
export function consumedOn(source: UsageSource, days: readonly string[]): number {
  let sum = 0;
  for (const day of days)
    for (const count of Object.values(source.api_usage?.[day] ?? {})) sum += count;
  return sum;
}
