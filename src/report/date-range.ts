/**
 * Date rules of `usage api` (design §5, gti-api.md §7), checked before any request: days are
 * `YYYY-MM-DD` in UTC, both ends inclusive; the API keeps the last 60 days (today and the 59 before
 * it) and one request spans at most 30 days, so a longer range is split. Pure.
 */
import { UsageError } from '../model/errors.js';
import type { DateRange } from '../model/dates.js';
import { addDays, daysBetween, isRealDay } from '../model/dates.js';

/** Days the API keeps, today included. */
const KEPT_DAYS = 60;

/** Days one `api_usage` request may span. */
const MAX_REQUEST_DAYS = 30;

/** Every day from `range.from` to `range.to`, both included, in order. */
export function listDays(range: DateRange): string[] {
  const days: string[] = [];
  for (let day = range.from; day <= range.to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** Number of days in `range`, both ends included. */
export function countDays(range: DateRange): number {
  return daysBetween(range.from, range.to) + 1;
}

/**
 * Parses a `--from`/`--to` value. Throws UsageError `BAD_DATE` for anything but a real calendar
 * day written `YYYY-MM-DD` (so `2026-02-30` and `2026-1-5` are refused).
 */
export function parseDay(value: string, flag: string): string {
  if (isRealDay(value)) return value;
  throw new UsageError(`${flag} must be a real day written YYYY-MM-DD, not "${value}"`, 'BAD_DATE');
}

/**
 * Resolves `--from`/`--to` against `today` (`YYYY-MM-DD`, UTC) into a checked range:
 * - neither: the 30 days ending today;
 * - only `from`: from that day through today;
 * - only `to`: the 30 days ending that day, starting no earlier than the oldest kept day.
 * Refusals (UsageError): `BAD_DATE` (format or impossible day), `DATE_IN_FUTURE` (a day after
 * today), `DATE_RANGE_REVERSED` (from after to), `DATE_TOO_OLD` (from more than 59 days before
 * today: the API keeps 60 days). The check is the right way round: recent days are always fine.
 */
export function resolveDateRange(
  input: { from?: string | undefined; to?: string | undefined },
  today: string,
): DateRange {
  const given = {
    from: input.from === undefined ? undefined : parseDay(input.from, '--from'),
    to: input.to === undefined ? undefined : parseDay(input.to, '--to'),
  };
  const oldest = addDays(today, -(KEPT_DAYS - 1));
  for (const [flag, day] of [
    ['--from', given.from],
    ['--to', given.to],
  ] as const) {
    if (day !== undefined && day > today) {
      throw new UsageError(`${flag} ${day} is after today (${today}, UTC)`, 'DATE_IN_FUTURE');
    }
  }
  const to = given.to ?? today;
  if (to < oldest) throw tooOld('--to', to, today, oldest);
  const from = given.from ?? maxDay(addDays(to, -(MAX_REQUEST_DAYS - 1)), oldest);
  if (from > to) {
    throw new UsageError(`--from ${from} is after --to ${to}`, 'DATE_RANGE_REVERSED');
  }
  if (from < oldest) throw tooOld('--from', from, today, oldest);
  return { from, to };
}

/** Splits `range` into consecutive ranges of at most `maxDays` days each (one request each). */
export function splitDateRange(range: DateRange, maxDays: number = MAX_REQUEST_DAYS): DateRange[] {
  const parts: DateRange[] = [];
  for (let from = range.from; from <= range.to; from = addDays(from, maxDays)) {
    const end = addDays(from, maxDays - 1);
    parts.push({ from, to: end < range.to ? end : range.to });
  }
  return parts;
}

/** The months (`YYYY-MM`) that `range` touches, in order. */
export function listMonths(range: DateRange): string[] {
  const months: string[] = [];
  for (const day of listDays(range)) {
    const month = day.slice(0, 7);
    if (months[months.length - 1] !== month) months.push(month);
  }
  return months;
}

function tooOld(flag: string, day: string, today: string, oldest: string): UsageError {
  return new UsageError(
    `${flag} ${day} is more than ${KEPT_DAYS - 1} days before today (${today}): the API keeps ` +
      `${KEPT_DAYS} days, so the oldest day you can ask for is ${oldest}`,
    'DATE_TOO_OLD',
  );
}

function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}
