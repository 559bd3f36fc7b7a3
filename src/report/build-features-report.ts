/**
 * `usage features`: this month's feature consumption, used and allowed, for the group and members.
 * Requests: 1 (the group) + for `--user`: 2 per named user (`/users/{id}` for the email, then
 * `overall_quotas`) + for `--all-users`: one members listing and one service-account listing
 * with `attributes=email,quotas` (⌈N/40⌉ + ⌈S/40⌉ pages, concurrently). Never one request per
 * member for the whole group.
 */
import type { ApiObject, GtiApi, QuotaValue } from '../api/types.js';
import { formatMonth } from './date-range.js';
import { guardGroupCall, notGroupAdmin } from './group-access.js';
import { mapConcurrent } from './map-concurrent.js';
import { REPORT_CONCURRENCY, resolveUsers } from './resolve-users.js';
import type { UserSelection } from './resolve-users.js';
import type { FeaturesReport, QuotaUse, UserFeatureUsage } from './types.js';

/** Builds the features report of group `gid` for the month of `now` (UTC). */
export async function buildFeaturesReport(
  api: GtiApi,
  gid: string,
  selection: UserSelection,
  now: Date,
): Promise<FeaturesReport> {
  const named = selection.kind === 'ids' ? await resolveUsers(api, selection.ids) : [];
  const [group, users] = await Promise.all([
    guardGroupCall(api, gid, 'member', api.getGroup(gid)),
    selection.kind === 'all'
      ? readEveryMember(api, gid)
      : mapConcurrent(named, REPORT_CONCURRENCY, async (user): Promise<UserFeatureUsage> => {
          const overall = await api.getOverallQuotas(user.id);
          const quotas: Record<string, QuotaUse> = {};
          for (const [name, value] of Object.entries(overall)) quotas[name] = toUse(value.user);
          return { id: user.id, email: user.email, quotas: sortKeys(quotas) };
        }),
  ]);
  return {
    group: gid,
    month: formatMonth(now),
    group_usage: quotaUses(group.attributes.quotas),
    users,
  };
}

/** Every member (by email) then every service account (by id), from two concurrent listings. */
async function readEveryMember(api: GtiApi, gid: string): Promise<UserFeatureUsage[]> {
  const attributes = ['email', 'quotas'];
  const [members, accounts] = await Promise.all([
    guardGroupCall(api, gid, 'member', collect(api.listGroupUsers(gid, { attributes }))),
    guardGroupCall(api, gid, 'member', collect(api.listGroupServiceAccounts(gid, { attributes }))),
  ]);
  // A member who is not an administrator gets the listing without the others' emails and quotas.
  if (members.some((m) => m.attributes.email === undefined)) {
    throw await notGroupAdmin(
      api,
      gid,
      "the members' consumption is shown to administrators only (--all-users needs an administrator's key)",
    );
  }
  const toUsage = (
    o: ApiObject<{ email?: string; quotas?: Record<string, QuotaValue> }>,
  ): UserFeatureUsage => ({
    id: o.id,
    // A service account's email is an identifier, not a mailbox: its id says it all.
    email: o.type === 'service_account' ? null : (o.attributes.email ?? null),
    quotas: quotaUses(o.attributes.quotas),
  });
  const byEmail = (a: UserFeatureUsage, b: UserFeatureUsage): number =>
    compare((a.email ?? '').toLowerCase(), (b.email ?? '').toLowerCase()) || compare(a.id, b.id);
  return [
    ...members.map(toUsage).sort(byEmail),
    ...accounts.map(toUsage).sort((a, b) => compare(a.id, b.id)),
  ];
}

function quotaUses(quotas: Record<string, QuotaValue> | undefined): Record<string, QuotaUse> {
  const uses: Record<string, QuotaUse> = {};
  for (const [name, value] of Object.entries(quotas ?? {})) uses[name] = toUse(value);
  return sortKeys(uses);
}

function toUse(value: QuotaValue): QuotaUse {
  return { used: value.used, allowed: value.allowed };
}

function sortKeys<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compare(a, b)));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Gathers an async listing into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
