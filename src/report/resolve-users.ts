/**
 * The members and service accounts a report is about. `--user` names them by user id or by email
 * (case-insensitively); both are resolved through ONE members listing and one service-account
 * listing of the group (concurrently), never a request per user, so a name that is not in the
 * group (unknown, removed, or in another group) stops the report with `UNKNOWN_USER` before any
 * usage request.
 */
import type { ApiObject, GtiApi, QuotaValue } from '../api/types.js';
import { GtiSyncError } from '../model/errors.js';
import { guardGroupCall, notGroupAdmin } from './group-access.js';

/** A member or service account a report is about. */
export interface ReportUser {
  id: string;
  /** `null` for a service account (its email is an identifier, not a mailbox). */
  email: string | null;
  /** `attributes.quotas`, when the listing was asked for them. */
  quotas?: Record<string, QuotaValue>;
}

/** Which members a report covers: none (the group only), named ones, or every member. */
export type UserSelection =
  { kind: 'none' } | { kind: 'named'; names: readonly string[] } | { kind: 'all' };

/** How many requests a report keeps in flight at most. */

/**
 * Every member (sorted by email) then every service account (by id) of `gid`, from one listing
 * each with `attributes` (⌈N/40⌉ + ⌈S/40⌉ pages, concurrently). Their 404/403 are GROUP_NOT_FOUND
 * and NOT_GROUP_MEMBER; a listing without the members' emails (the API hides them from a member
 * who is not an administrator) is NOT_GROUP_ADMIN: reports on members need an administrator.
 */
export async function listGroupAccounts(
  api: GtiApi,
  gid: string,
  attributes: readonly string[],
): Promise<ReportUser[]> {
  const wanted = [...new Set(['email', ...attributes])];
  const [members, accounts] = await Promise.all([
    guardGroupCall(api, gid, 'member', collect(api.listGroupUsers(gid, { attributes: wanted }))),
    guardGroupCall(
      api,
      gid,
      'member',
      collect(api.listGroupServiceAccounts(gid, { attributes: wanted })),
    ),
  ]);
  if (members.some((m) => m.attributes.email === undefined)) {
    throw await notGroupAdmin(
      api,
      gid,
      "the members' emails and consumption are shown to administrators only (--user and --all-users need an administrator's key)",
    );
  }
  const toUser = (
    o: ApiObject<{ email?: string; quotas?: Record<string, QuotaValue> }>,
  ): ReportUser => ({
    id: o.id,
    email: o.type === 'service_account' ? null : (o.attributes.email ?? null),
    ...(o.attributes.quotas === undefined ? {} : { quotas: o.attributes.quotas }),
  });
  const byEmail = (a: ReportUser, b: ReportUser): number =>
    compare((a.email ?? '').toLowerCase(), (b.email ?? '').toLowerCase()) || compare(a.id, b.id);
  return [
    ...members
      .filter((m) => m.type !== 'service_account')
      .map(toUser)
      .sort(byEmail),
    ...accounts.map((a) => ({ ...toUser(a), email: null })).sort((a, b) => compare(a.id, b.id)),
  ];
}

/**
 * The accounts `names` name, each once, in the order named: a name with `@` is a member's email
 * (any letter case), any other a user or service account id. Throws GtiSyncError `UNKNOWN_USER`
 * naming every name that is neither in group `gid`.
 */
export function selectUsers(
  accounts: readonly ReportUser[],
  names: readonly string[],
  gid: string,
): ReportUser[] {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const byEmail = new Map<string, ReportUser>();
  for (const a of accounts) if (a.email !== null) byEmail.set(a.email.toLowerCase(), a);
  const chosen = new Map<string, ReportUser>();
  const unknown: string[] = [];
  for (const name of names) {
    const user = name.includes('@') ? byEmail.get(name.toLowerCase()) : byId.get(name);
    if (user === undefined) unknown.push(name);
    else if (!chosen.has(user.id)) chosen.set(user.id, user);
  }
  if (unknown.length > 0) {
    const list = [...new Set(unknown)];
    throw new GtiSyncError(
      'UNKNOWN_USER',
      `${list.join(', ')}: no member or service account of group ${gid} has this id or email (--user takes user ids and emails)`,
    );
  }
  return [...chosen.values()];
}

/** Gathers an async listing into an array. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
