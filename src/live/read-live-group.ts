/**
 * Reads the live group (design §3.1, §7) with as few round trips as the API allows: the caller,
 * the members, the administrators, the service accounts and the recent activity log, all listings
 * started at once, pages of 40, never a request per member.
 *
 * Requests, for N members, A administrators, S service accounts and F members without 2FA:
 * ⌈N/40⌉ + ⌈A/40⌉ + ⌈S/40⌉ + 1 (the caller) + 1 (one activity log page), an empty listing counting
 * as one page, plus ⌈F/40⌉ where the members listing hides `has_2fa` (read-two-factor.ts). The
 * activity log page is the one request beyond design §7's formula: the API lists no pending
 * invitations, and without them a plan made right after an apply that invited someone would add
 * them again instead of being clean. Further log pages are read only while they can still matter
 * (read-activity.ts), or within audit's fixed bounds.
 */
import { GtiSyncError } from '../model/errors.js';
import { ApiError } from '../api/errors.js';
import type { ApiServiceAccount, ApiUser, GtiApi } from '../api/types.js';
import type { LiveGroup } from '../model/live-group.js';
import { normalizeMember, normalizeServiceAccount } from './normalize-live.js';
import { findPendingInvitations, readActivity } from './read-activity.js';
import type { ActivityBounds } from './read-activity.js';
import { probeTwoFactor } from './read-two-factor.js';
import type { TwoFactorProbe } from './read-two-factor.js';

/** The user attributes plan and audit need (the `attributes=` of the members listing). */
export const MEMBER_ATTRIBUTES = [
  'email',
  'first_name',
  'last_name',
  'has_2fa',
  'last_login',
  'status',
  'quotas',
];

/** How `readLiveGroup` reads. */
export interface ReadLiveOptions {
  /** The instant the activity log window ends at (default: real time). */
  now?: Date;
  /** Lower-cased emails (e.g. every email the file declares): the log is read as far as needed to tell which are pending invitations. */
  lookFor?: ReadonlySet<string>;
  /** A fixed activity log bound instead (audit's "who and when"); sets `activityLogTruncated`. */
  activityBounds?: ActivityBounds;
  /**
   * Learn who lacks 2FA (default `true`). `false` when nothing will look at it (plan without
   * `policy.require_2fa`): no filter listing goes out, and 2FA stays unknown where the listing
   * does not show it.
   */
  twoFactor?: boolean;
}

/**
 * The live group `gid` as the API key's user sees it. Throws GtiSyncError NOT_GROUP_MEMBER (the
 * caller belongs to no group or another one, or is a service account of another group),
 * NOT_GROUP_ADMIN (a member, not an administrator, or a service account of the group: only a
 * user's key can administer it), GROUP_NOT_FOUND, or the client's ApiError for anything else.
 */
export async function readLiveGroup(
  api: GtiApi,
  gid: string,
  options: ReadLiveOptions = {},
): Promise<LiveGroup> {
  const now = options.now ?? new Date();
  const twoFactor = probeTwoFactor(api, gid, options.twoFactor ?? true);
  const listing = gatherMembers(
    api.listGroupUsers(gid, { attributes: MEMBER_ATTRIBUTES }),
    twoFactor,
  );
  const memberKeys = listing.then(
    (us) => new Set(us.map((u) => (u.attributes.email ?? '').toLowerCase())),
    () => null,
  );
  const [caller, users, admins, accounts, activity] = await Promise.allSettled([
    api.getCaller(),
    listing,
    gather(api.listGroupAdministrators(gid, { attributes: ['email'] })),
    gather(api.listGroupServiceAccounts(gid, { attributes: ['first_name', 'quotas'] })),
    readActivity(api, gid, now, {
      memberKeys,
      lookFor: options.lookFor,
      bounds: options.activityBounds,
    }),
  ]);
  const me = valueOf(caller);
  const who = me.attributes.email ? `${me.id} (${me.attributes.email})` : me.id;
  const failures = [users, admins, accounts, activity].flatMap((l) =>
    l.status === 'rejected' ? [l.reason] : [],
  );
  if (failures.some((e) => statusOf(e) === 404)) {
    throw new GtiSyncError('GROUP_NOT_FOUND', `group ${gid} does not exist`, {
      cause: failures[0],
    });
  }
  // A service account's key reads the group but can never administer it: say so before the
  // membership checks, which would otherwise call it "not a member".
  if (isServiceAccount(me, accounts)) throw serviceAccountCaller(gid, me, accounts);
  // Reading the members needs membership; the activity log needs an administrator (gti-api.md §2).
  if (users.status === 'rejected' && statusOf(users.reason) === 403)
    throw notMember(gid, who, users.reason);
  if (users.status === 'fulfilled' && !users.value.some((u) => u.id === me.id))
    throw notMember(gid, who);
  const failure = failures[0];
  if (failure !== undefined)
    throw statusOf(failure) === 403 ? notAdmin(gid, who, failure) : failure;
  const adminIds = new Set(valueOf(admins).map((a) => a.id));
  const serviceAccounts = valueOf(accounts)
    .map((a) => normalizeServiceAccount(a, gid))
    .sort((a, b) => compare(a.id, b.id));
  const accountIds = new Set(serviceAccounts.map((a) => a.id));
  // Should the API ever list service accounts among the users, they must not become members: an
  // undeclared "member" is removed, and a service account is managed only as one.
  const listed = valueOf(users)
    .filter((u) => u.type !== 'service_account' && !accountIds.has(u.id))
    .map((u) => normalizeMember(u, adminIds))
    .sort((a, b) => compare(a.key, b.key));
  const callerMember = listed.find((m) => m.id === me.id);
  if (!callerMember?.roles.includes('admin') && !adminIds.has(me.id)) throw notAdmin(gid, who);
  const { members, twoFactor: knowledge } = await twoFactor.settle(listed);
  const log = valueOf(activity);
  return {
    group: gid,
    caller: { id: me.id, email: me.attributes.email ?? callerMember?.email ?? '' },
    members,
    serviceAccounts,
    pendingInvitations: findPendingInvitations(log.entries, new Set(members.map((m) => m.key))),
    twoFactor: knowledge,
    activityLog: log.entries,
    ...(options.activityBounds === undefined ? {} : { activityLogTruncated: log.truncated }),
  };
}

/** The members listing, each member shown to the 2FA probe as it arrives. */
async function gatherMembers(
  items: AsyncIterable<ApiUser>,
  probe: TwoFactorProbe,
): Promise<ApiUser[]> {
  const out: ApiUser[] = [];
  for await (const item of items) {
    probe.see(item);
    out.push(item);
  }
  return out;
}

function valueOf<T>(result: PromiseSettledResult<T>): T {
  if (result.status === 'rejected') throw result.reason;
  return result.value;
}

async function gather<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function statusOf(error: unknown): number | undefined {
  return error instanceof ApiError ? error.status : undefined;
}

function notMember(gid: string, who: string, cause?: unknown): GtiSyncError {
  return new GtiSyncError(
    'NOT_GROUP_MEMBER',
    `the API key belongs to ${who}, who is not a member of group ${gid}; use the key of an administrator of ${gid}`,
    cause === undefined ? undefined : { cause },
  );
}

/** The caller is a service account: the API says so, or the group lists it among its accounts. */
function isServiceAccount(
  me: ApiUser,
  accounts: PromiseSettledResult<ApiServiceAccount[]>,
): boolean {
  return (
    me.type === 'service_account' ||
    (accounts.status === 'fulfilled' && accounts.value.some((a) => a.id === me.id))
  );
}

function serviceAccountCaller(
  gid: string,
  me: ApiUser,
  accounts: PromiseSettledResult<ApiServiceAccount[]>,
): GtiSyncError {
  const name = me.attributes.first_name;
  const who =
    typeof name === 'string' && name !== '' && name !== me.id
      ? `service account ${name} (${me.id})`
      : `service account ${me.id}`;
  const need = `gti-sync needs the user key of an administrator of ${gid}`;
  if (accounts.status === 'fulfilled' && accounts.value.some((a) => a.id === me.id)) {
    return new GtiSyncError(
      'NOT_GROUP_ADMIN',
      `the API key belongs to ${who} of group ${gid}; a service account cannot administer its group: ${need}`,
    );
  }
  return new GtiSyncError(
    'NOT_GROUP_MEMBER',
    `the API key belongs to ${who}, which is not a service account of group ${gid}: ${need}`,
  );
}

function notAdmin(gid: string, who: string, cause?: unknown): GtiSyncError {
  return new GtiSyncError(
    'NOT_GROUP_ADMIN',
    `the API key belongs to ${who}, a member of group ${gid} but not an administrator; gti-sync needs an administrator's key`,
    cause === undefined ? undefined : { cause },
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
