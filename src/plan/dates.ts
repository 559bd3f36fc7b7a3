/** Calendar arithmetic on UTC dates (`YYYY-MM-DD`), the unit of `expires` (design §1). */

/** The UTC calendar day of `now`, as `YYYY-MM-DD`. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** `YYYY-MM-DD` of an epoch-seconds instant (UTC). */
export function dayOfEpoch(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
