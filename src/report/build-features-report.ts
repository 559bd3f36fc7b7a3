/**
 * `usage features`: this month's feature consumption, used and allowed, for the group and members.
 * The group's numbers are its own quotas; a member's (or service account's) are the `quotas` the
 * members listing reports for them, the same whether named with `--user` or listed with
 * `--all-users`, plus this month's API requests (`api_requests_monthly`), which a member's quotas
 * do not count: `used` is what `users_consuming_quota` says they consumed (0 when it does not list
 * them: they made no call), `allowed` their personal cap or 10^9 (none).
 *
 * Requests: 1 (the group). `--user` and `--all-users`: + one members listing and one
 * service-account listing with `attributes=email,quotas` (⌈N/40⌉ + ⌈S/40⌉ pages) + one
 * `users_consuming_quota/api_requests_monthly` listing (⌈K/40⌉ pages, K = the accounts that made
 * calls this month), concurrently; for `--user` the two listings come first, so an unknown name
 * stops the report before anything else is asked. Never one request per member.
 */
import { NO_PERSONAL_CAP } from '../model/quotas.js';
import type { GtiApi, QuotaValue } from '../api/types.js';
import { formatMonth } from '../model/dates.js';
import { guardGroupCall } from './group-access.js';
import { collect, listGroupAccounts, selectUsers } from './resolve-users.js';
import type { ReportUser, UserSelection } from './resolve-users.js';
import type { FeaturesReport, QuotaUse, UserFeatureUsage } from '../model/reports.js';

/** Builds the features report of group `gid` for the month of `now` (UTC). */
export async function buildFeaturesReport(
  api: GtiApi,
  gid: string,
  selection: UserSelection,
  now: Date,
): Promise<FeaturesReport> {
  const month = formatMonth(now);
  const readGroup = (): Promise<{ attributes: { quotas?: Record<string, QuotaValue> } }> =>
    guardGroupCall(api, gid, 'member', api.getGroup(gid));
  const readMonthly = (): Promise<Map<string, number>> => readMonthlyApiUse(api, gid, month);
  let group: Awaited<ReturnType<typeof readGroup>>;
  let users: ReportUser[] = [];
  let monthly = new Map<string, number>();
  if (selection.kind === 'named') {
    users = selectUsers(await listGroupAccounts(api, gid, ['quotas']), selection.names, gid);
    [group, monthly] = await Promise.all([readGroup(), readMonthly()]);
  } else if (selection.kind === 'all') {
    [group, users, monthly] = await Promise.all([
      readGroup(),
      listGroupAccounts(api, gid, ['quotas']),
      readMonthly(),
    ]);
  } else {
    group = await readGroup();
  }
  return {
    group: gid,
    month,
    group_usage: quotaUses(group.attributes.quotas),
    users: users.map((u): UserFeatureUsage => {
      const quotas = quotaUses(u.quotas);
      quotas[MONTHLY_API] = {
        used: monthly.get(u.id) ?? 0,
        allowed: u.quotas?.[MONTHLY_API]?.allowed ?? NO_PERSONAL_CAP,
      };
      return { id: u.id, email: u.email, quotas: sortKeys(quotas) };
    }),
  };
}

/** The quota whose consumption `users_consuming_quota` reports per account (gti-api.md §8). */
const MONTHLY_API = 'api_requests_monthly';
/** `allowed` of 10^9 means no personal cap (gti-api.md §5). */

/** Calls made this month, by account id, from one `users_consuming_quota` listing. */
async function readMonthlyApiUse(
  api: GtiApi,
  gid: string,
  month: string,
): Promise<Map<string, number>> {
  const listing = api.listUsersConsumingQuota(gid, MONTHLY_API, {
    period: month,
    attributes: ['email'],
  });
  const consumers = await guardGroupCall(api, gid, 'admin', collect(listing));
  return new Map(
    consumers.map((u) => [u.id, Number(u.context_attributes?.quota_consumed_from_group ?? 0)]),
  );
}

function quotaUses(quotas: Record<string, QuotaValue> | undefined): Record<string, QuotaUse> {
  const uses: Record<string, QuotaUse> = {};
  for (const [name, value] of Object.entries(quotas ?? {}))
    uses[name] = { used: value.used, allowed: value.allowed };
  return sortKeys(uses);
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(
    Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}
