/** Quota names and values (gti-api.md §5, §6). */

/** The user quota names of gti-api.md §5: the keys a file may set under `quotas`. */
export const QUOTA_NAMES = [
  'api_requests_hourly',
  'api_requests_daily',
  'api_requests_monthly',
  'intelligence_searches_monthly',
  'intelligence_downloads_monthly',
  'intelligence_hunting_rules',
  'intelligence_retrohunt_jobs_monthly',
  'intelligence_vtdiff_creation_monthly',
  'private_scans_monthly',
  'private_urlscans_monthly',
] as const;

/** A quota name of gti-api.md §5. The API may report others: reports pass them through. */
export type QuotaName = (typeof QUOTA_NAMES)[number];

/** Caps keyed by quota name; only the quotas that are managed appear. */
export type Quotas = Partial<Record<QuotaName, number>>;

/** `allowed` values from here up mean "no personal cap" (gti-api.md §5). */
export const NO_PERSONAL_CAP = 1_000_000_000;

/** Whether `value` is a quota name of gti-api.md §5. */
export function isQuotaName(value: unknown): value is QuotaName {
  return QUOTA_NAMES.some((name) => name === value);
}
