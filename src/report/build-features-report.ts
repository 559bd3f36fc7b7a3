/**
 * `usage features`: this month's feature consumption, used and allowed, for the group and members.
 * Requests: 1 (the group). `--user` and `--all-users`: + one members listing and one
 * service-account listing with `attributes=email,quotas` (⌈N/40⌉ + ⌈S/40⌉ pages, concurrently);
 * for `--user` they come first, so an unknown name stops the report before the group is asked.
 * Never one request per member.
 */
import type { GtiApi, QuotaValue } from '../api/types.js';
import { formatMonth } from './date-range.js';
import { guardGroupCall } from './group-access.js';
import { listGroupAccounts, selectUsers } from './resolve-users.js';
import type { ReportUser, UserSelection } from './resolve-users.js';
import type { FeaturesReport, QuotaUse, UserFeatureUsage } from './types.js';

/** Builds the features report of group `gid` for the month of `now` (UTC). */
export async function buildFeaturesReport(
  api: GtiApi,
  gid: string,
  selection: UserSelection,
  now: Date,
): Promise<FeaturesReport> {
  const readGroup = (): Promise<{ attributes: { quotas?: Record<string, QuotaValue> } }> =>
    guardGroupCall(api, gid, 'member', api.getGroup(gid));
  let group: Awaited<ReturnType<typeof readGroup>>;
  let users: ReportUser[] = [];
  if (selection.kind === 'named') {
    users = selectUsers(await listGroupAccounts(api, gid, ['quotas']), selection.names, gid);
    group = await readGroup();
  } else if (selection.kind === 'all') {
    [group, users] = await Promise.all([readGroup(), listGroupAccounts(api, gid, ['quotas'])]);
  } else {
    group = await readGroup();
  }
  return {
    group: gid,
    month: formatMonth(now),
    group_usage: quotaUses(group.attributes.quotas),
    users: users.map((u): UserFeatureUsage => ({
      id: u.id,
      email: u.email,
      quotas: quotaUses(u.quotas),
    })),
  };
}

function quotaUses(quotas: Record<string, QuotaValue> | undefined): Record<string, QuotaUse> {
  const uses: Record<string, QuotaUse> = {};
  for (const [name, value] of Object.entries(quotas ?? {}))
    uses[name] = { used: value.used, allowed: value.allowed };
  return Object.fromEntries(Object.entries(uses).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
