/**
 * `usage api`: API calls per endpoint and per day over a checked date range, for the group and for
 * members, with the calls that do not consume quota kept apart. A range over 30 days is asked for
 * in parts of at most 30 days and merged. Requests, with P = ⌈days/30⌉ parts:
 * - the group: P;
 * - `--user ID|EMAIL...`: one members listing and one service-account listing first (⌈N/40⌉ +
 *   ⌈S/40⌉ pages, concurrently: an unknown name stops the report before any usage request), then
 *   P per named user;
 * - `--all-users`: one `users_consuming_quota/api_requests_monthly` listing per month the range
 *   touches (⌈K/40⌉ pages each, concurrently) to learn the K members and service accounts that
 *   consumed anything, then P per such user. Never one request per member of the whole group.
 */
import { DEFAULT_CONCURRENCY } from '../model/limits.js';
import type { ApiUsage, GtiApi } from '../api/types.js';
import type { DateRange } from '../model/dates.js';
import { listMonths, splitDateRange } from './date-range.js';
import { guardGroupCall } from './group-access.js';
import { mapPool } from '../model/run-pool.js';
import { mergeApiUsage } from './merge-api-usage.js';
import { collect, listGroupAccounts, selectUsers } from './resolve-users.js';
import type { ReportUser, UserSelection } from './resolve-users.js';
import type { ApiUsageReport, UserApiUsage } from '../model/reports.js';

/** The quota whose consumers name everyone who made API calls in a month (gti-api.md §8). */
const API_QUOTA = 'api_requests_monthly';

/** Builds the API usage report of group `gid` over `range` (already checked: resolveDateRange). */
export async function buildApiUsageReport(
  api: GtiApi,
  gid: string,
  range: DateRange,
  selection: UserSelection,
): Promise<ApiUsageReport> {
  const parts = splitDateRange(range);
  const named =
    selection.kind === 'named'
      ? selectUsers(await listGroupAccounts(api, gid, []), selection.names, gid)
      : [];
  const [groupParts, candidates] = await Promise.all([
    mapPool(parts, DEFAULT_CONCURRENCY, (part) =>
      guardGroupCall(api, gid, 'admin', api.getGroupApiUsage(gid, part)),
    ),
    selection.kind === 'all' ? readConsumers(api, gid, range) : Promise.resolve(named),
  ]);
  const perUser = await mapPool(
    candidates.flatMap((user) => parts.map((part) => ({ user, part }))),
    DEFAULT_CONCURRENCY,
    ({ user, part }) => api.getUserApiUsage(user.id, part),
  );
  const users = candidates.map((user, i) =>
    toUserUsage(user, perUser.slice(i * parts.length, (i + 1) * parts.length), range),
  );
  const group = mergeApiUsage(groupParts, range);
  return {
    group: gid,
    from: range.from,
    to: range.to,
    group_usage: group.consuming,
    not_consuming: group.notConsuming,
    users: rankUsers(
      selection.kind === 'all' ? users.filter((u) => u.total + u.not_consuming.total > 0) : users,
    ),
  };
}

/** Everyone who consumed API quota in a month the range touches, from one listing per month. */
async function readConsumers(api: GtiApi, gid: string, range: DateRange): Promise<ReportUser[]> {
  const listings = await Promise.all(
    listMonths(range).map((period) =>
      guardGroupCall(
        api,
        gid,
        'admin',
        collect(api.listUsersConsumingQuota(gid, API_QUOTA, { period, attributes: ['email'] })),
      ),
    ),
  );
  const byId = new Map<string, ReportUser>();
  for (const user of listings.flat()) {
    if (byId.has(user.id)) continue;
    const email = user.type === 'service_account' ? null : (user.attributes.email ?? null);
    byId.set(user.id, { id: user.id, email });
  }
  return [...byId.values()];
}

function toUserUsage(
  user: ReportUser,
  answers: readonly ApiUsage[],
  range: DateRange,
): UserApiUsage {
  const merged = mergeApiUsage(answers, range);
  return {
    id: user.id,
    email: user.email,
    ...merged.consuming,
    not_consuming: merged.notConsuming,
  };
}

/** Biggest consumers first, then by id. */
function rankUsers(users: UserApiUsage[]): UserApiUsage[] {
  return [...users].sort((a, b) => b.total - a.total || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
