/**
 * Membership expiry. `expires: YYYY-MM-DD` is the last day of membership: the entry stops counting
 * at the end of that day, UTC (00:00 UTC of the next day).
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Anything with an optional `expires` date (a member). */
export interface Expiring {
  expires?: string | undefined;
}

/** The instant membership ends (00:00 UTC after the last day), or `undefined` without a real date. */
export function expiryInstant(expires: string | undefined): Date | undefined {
  if (expires === undefined || !isRealDate(expires)) return undefined;
  const [year, month, day] = expires.split('-').map(Number);
  if (year === undefined || month === undefined || day === undefined) return undefined;
  return utcDate(year, month - 1, day + 1);
}

/** True when the entry has an `expires` date whose last day is over at `now`. */
export function isExpired(member: Expiring, now: Date): boolean {
  const end = expiryInstant(member.expires);
  return end !== undefined && now.getTime() >= end.getTime();
}

/** True when the entry is not yet expired but will be within `days` days of `now`. */
export function expiresWithin(member: Expiring, now: Date, days: number): boolean {
  const end = expiryInstant(member.expires);
  if (end === undefined) return false;
  const left = end.getTime() - now.getTime();
  return left > 0 && left <= days * DAY_MS;
}

/**
 * Whole days left from `now` until the entry expires (the end of its last day minus `now`,
 * floored): 0 on its last day, negative once it has expired; `undefined` without a real date.
 */
export function daysUntilExpiry(member: Expiring, now: Date): number | undefined {
  const end = expiryInstant(member.expires);
  return end === undefined ? undefined : Math.floor((end.getTime() - now.getTime()) / DAY_MS);
}

/**
 * The days left in words, the same in validate, plan and audit: `today` (its last day), `in 1
 * day`, `in N days`; `undefined` without a real date.
 */
export function describeDaysLeft(member: Expiring, now: Date): string | undefined {
  const days = daysUntilExpiry(member, now);
  if (days === undefined) return undefined;
  if (days <= 0) return 'today';
  return `in ${days} day${days === 1 ? '' : 's'}`;
}

/** True for `YYYY-MM-DD` naming a day that exists in the Gregorian calendar (e.g. not 2027-02-30). */
export function isRealDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = utcDate(year, month - 1, day);
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** 00:00 UTC of a day; unlike `Date.UTC`, years below 100 are not moved to the 1900s. */
function utcDate(year: number, monthIndex: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date;
}
