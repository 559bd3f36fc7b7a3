/**
 * `api_usage` (endpoints 17, 18) in every documented shape (gti-api.md §7, rev 2), read into one:
 * with or without the `data` wrapper, endpoint keys spelled `/api/v3/(files)` or `files`, idle days
 * present as `{}` or left out. The one place that knows the shapes: the client's `usage` call and
 * `doctor` both go through here.
 */
import type { ApiUsage } from './types.js';
import type { DateRange } from '../model/dates.js';
import { isRecord } from './body.js';

/**
 * The spelling gti-sync normalises endpoint keys to: the reference's `/api/v3/(files)` (the
 * emulator's default too). A plain key `files` is the same endpoint and becomes `/api/v3/(files)`.
 */
const ENDPOINT_KEY_PREFIX = '/api/v3/';

/** The spelling of one endpoint key as the answer gave it. */
type EndpointKeySpelling = '/api/v3/(files)' | 'files';

/** `files` → `/api/v3/(files)`; a key already starting with `/` is kept as it is. */
function normalizeEndpointKey(key: string): string {
  return key.startsWith('/') ? key : `${ENDPOINT_KEY_PREFIX}(${key})`;
}

/** Which spelling `key` uses. */
function spellingOf(key: string): EndpointKeySpelling {
  return key.startsWith('/') ? '/api/v3/(files)' : 'files';
}

/**
 * A count as the API may write it: a JSON number, or a decimal string (how 64-bit integers are
 * often serialised). Exact up to 2^53; `undefined` for anything else.
 */
export function readCount(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d{1,20}$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** The object an `api_usage` answer describes: `data` when wrapped, the answer itself when not. */
function unwrapApiUsage(raw: unknown): Record<string, unknown> | undefined {
  if (!isRecord(raw)) return undefined;
  if (isRecord(raw['data'])) return raw['data'];
  // An unwrapped answer is the object itself; `data` of another type is neither shape.
  return raw['data'] === undefined ? raw : undefined;
}

/**
 * Reads an `api_usage` answer in any documented shape: endpoint keys normalised to
 * `/api/v3/(files)` (counts of one endpoint under both spellings added up), counts read with
 * `readCount`; with `range`, every day of it is present in both daily maps (`{}` where the answer
 * left the day out) and days outside it are dropped. `undefined` when the answer is neither shape.
 */
export function normalizeApiUsage(raw: unknown, range?: DateRange): ApiUsage | undefined {
  const data = unwrapApiUsage(raw);
  if (data === undefined) return undefined;
  const daily = readDaily(data['daily'], range);
  const total = readCounts(data['total']);
  const dailyNot = readDaily(data['daily_endpoints_not_consuming_quota'], range);
  const totalNot = readCounts(data['total_endpoints_not_consuming_quota']);
  if (!daily || !total || !dailyNot || !totalNot) return undefined;
  return {
    daily,
    total,
    daily_endpoints_not_consuming_quota: dailyNot,
    total_endpoints_not_consuming_quota: totalNot,
  };
}

function readCounts(value: unknown): Record<string, number> | undefined {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) return undefined;
  const out: Record<string, number> = {};
  for (const [key, raw] of Object.entries(value)) {
    const count = readCount(raw);
    if (count === undefined) return undefined;
    const endpoint = normalizeEndpointKey(key);
    out[endpoint] = (out[endpoint] ?? 0) + count;
  }
  return out;
}

function readDaily(
  value: unknown,
  range: DateRange | undefined,
): Record<string, Record<string, number>> | undefined {
  if (value === undefined || value === null) value = {};
  if (!isRecord(value)) return undefined;
  const out: Record<string, Record<string, number>> = {};
  const days = range === undefined ? undefined : daysOf(range);
  for (const day of days ?? []) out[day] = {};
  for (const [rawDay, endpoints] of Object.entries(value)) {
    const counts = readCounts(endpoints);
    if (counts === undefined) return undefined;
    const day = toDashedDay(rawDay);
    if (days !== undefined && !days.includes(day)) continue;
    const sum = out[day] ?? {};
    for (const [endpoint, count] of Object.entries(counts))
      sum[endpoint] = (sum[endpoint] ?? 0) + count;
    out[day] = sum;
  }
  return sortDays(out);
}

/** `YYYYMMDD` → `YYYY-MM-DD` (a spelling some answers may use); any other key is kept. */
function toDashedDay(day: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(day);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : day;
}

/** Every day of `range`, `YYYY-MM-DD`, in order. */
function daysOf(range: DateRange): string[] {
  const out: string[] = [];
  const end = Date.parse(`${range.to}T00:00:00Z`);
  for (let t = Date.parse(`${range.from}T00:00:00Z`); t <= end; t += 86_400_000) {
    out.push(new Date(t).toISOString().slice(0, 10));
  }
  return out;
}

function sortDays<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}

/** What an `api_usage` answer says about the service's shape (for `doctor`). */
export interface ApiUsageShape {
  /** `true` with the `data` wrapper, `false` without, `null` when the answer is neither. */
  wrapped: boolean | null;
  /** The spelling of its endpoint keys (the majority when mixed); `null` when it has none. */
  endpointKeys: EndpointKeySpelling | null;
  /** Whether days without use are left out: `null` when every day of `range` had use. */
  sparseDays: boolean | null;
}

/** Describes the shape of a raw `api_usage` answer for `range` (the range that was asked). */
export function describeApiUsageShape(raw: unknown, range: DateRange): ApiUsageShape {
  const data = unwrapApiUsage(raw);
  if (data === undefined) return { wrapped: null, endpointKeys: null, sparseDays: null };
  const wrapped = isRecord(raw) && isRecord(raw['data']);
  const daily = isRecord(data['daily']) ? data['daily'] : {};
  const keys: string[] = [];
  for (const endpoints of Object.values(daily))
    if (isRecord(endpoints)) keys.push(...Object.keys(endpoints));
  if (isRecord(data['total'])) keys.push(...Object.keys(data['total']));
  const plain = keys.filter((k) => spellingOf(k) === 'files').length;
  const endpointKeys: EndpointKeySpelling | null =
    keys.length === 0 ? null : plain * 2 > keys.length ? 'files' : '/api/v3/(files)';
  const present = new Set(Object.keys(daily).map(toDashedDay));
  const missing = daysOf(range).some((day) => !present.has(day));
  const emptyShown = Object.values(daily).some(
    (endpoints) => isRecord(endpoints) && Object.keys(endpoints).length === 0,
  );
  const sparseDays = missing ? true : emptyShown ? false : null;
  return { wrapped, endpointKeys, sparseDays };
}
