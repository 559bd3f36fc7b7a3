/**
 * The accounts that made API requests this month or last, for `inactive_member` findings: two
 * `users_consuming_quota/api_requests_monthly` listings (⌈K/40⌉ pages each, K = the accounts that
 * made calls in the month), read concurrently. Never one request per member.
 */
import type { GtiApi } from '../api/types.js';
import { formatMonth } from '../model/dates.js';
import { guardGroupCall } from './group-access.js';
import { collect } from './resolve-users.js';

/** Ids of the accounts of group `gid` that made API requests in the month of `now` or the one before. */
export async function readRecentApiUsers(
  api: GtiApi,
  gid: string,
  now: Date,
): Promise<Set<string>> {
  const previous = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const months = [formatMonth(now), formatMonth(previous)];
  const listings = await Promise.all(
    months.map((period) =>
      guardGroupCall(
        api,
        gid,
        'admin',
        collect(api.listUsersConsumingQuota(gid, 'api_requests_monthly', { period })),
      ),
    ),
  );
  const ids = new Set<string>();
  for (const consumers of listings) {
    for (const u of consumers) {
      if (Number(u.context_attributes?.quota_consumed_from_group ?? 1) > 0) ids.add(u.id);
    }
  }
  return ids;
}
