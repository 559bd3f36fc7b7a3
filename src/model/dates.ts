/** Calendar days and months in UTC, written `YYYY-MM-DD` and `YYYY-MM` (design §1, §5). */

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The UTC day of an instant, `YYYY-MM-DD`. */
export function formatDay(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** The UTC month of an instant, `YYYY-MM`. */
export function formatMonth(instant: Date): string {
  return instant.toISOString().slice(0, 7);
}

/** `YYYY-MM-DD` of an epoch-seconds instant (UTC). */
export function dayOfEpoch(seconds: number): string {
  return formatDay(new Date(seconds * 1000));
}

/**
 * The one way gti-sync writes an instant (every JSON field, report and message): ISO 8601, UTC,
 * whole seconds, `2026-11-26T12:00:00Z`.
 */
export function formatInstant(instant: Date): string {
  return instant.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `formatInstant` of an epoch-seconds instant. */
export function isoOfEpoch(seconds: number): string {
  return formatInstant(new Date(seconds * 1000));
}

/** Whether `text` is a real calendar day written `YYYY-MM-DD` (`2027-02-30` is not). */
export function isRealDay(text: string): boolean {
  const match = DAY_PATTERN.exec(text);
  if (match === null) return false;
  const [, y, m, d] = match;
  return formatDay(new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)))) === text;
}

/** The instant a day starts (00:00 UTC); `day` must be a real `YYYY-MM-DD`. */
function startOfDay(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

/** `day` moved by `delta` days (`day` must be a real `YYYY-MM-DD`). */
export function addDays(day: string, delta: number): string {
  return formatDay(new Date(startOfDay(day).getTime() + delta * DAY_MS));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((startOfDay(to).getTime() - startOfDay(from).getTime()) / DAY_MS);
}

/** A range of days, `YYYY-MM-DD`, both ends included. */
export interface DateRange {
  from: string;
  to: string;
}
