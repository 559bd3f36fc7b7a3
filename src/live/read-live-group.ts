/**
 * Reads the live group (design §3.1, §7) with as few round trips as the API allows: the caller,
 * the members, the administrators, the service accounts and the recent activity log, all listings
 * started at once, pages of 40, never a request per member.
 *
 * Requests, for N members, A administrators and S service accounts:
 * ⌈N/40⌉ + ⌈A/40⌉ + ⌈S/40⌉ + 1 (the caller) + 1 (one activity log page), an empty listing counting
 * as one page. The activity log page is the one request beyond design §7's formula: the API lists no
 * pending invitations, and without them a plan made right after an apply that invited someone would
 * add them again instead of being clean. Further log pages are read only while they can still
 * matter: while entries are recent and, when the caller names the emails it looks for, only while
 * one of them is neither a member nor decided by an entry read so far (so a steady-state plan reads
 * one page, and a plan right after a large apply still finds every invitation it made).
 */
import { PAGE_SIZE } from '../model/limits.js';
import { GtiSyncError } from '../model/errors.js';
import { ApiError } from '../api/errors.js';
import type { ApiServiceAccount, ApiUser, GtiApi } from '../api/types.js';
import type { LiveActivityEntry, LiveGroup, PendingInvitation } from '../model/live-group.js';
import { normalizeActivity, normalizeMember, normalizeServiceAccount } from './normalize-live.js';

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

/** How far back the activity log is read for pending invitations. */
export const ACTIVITY_WINDOW_DAYS = 30;
/** At most this many activity log pages (of 40) are read when no emails are looked for. */
export const ACTIVITY_MAX_PAGES = 5;
/** At most this many pages are read while looking for named emails (`lookFor`). */
export const ACTIVITY_MAX_PAGES_LOOKING = 25;

/** The action the API logs when an email without an account is invited (gti-api.md §9). */
export const INVITE_ACTION = 'Invite user to group';

/**
 * The live group `gid` as the API key's user sees it. `now` (default: real time) bounds the
 * activity log window; `lookFor` (lower-cased emails, e.g. every email the file declares) lets the
 * log be read exactly as far as needed to tell which of them are pending invitations. Throws
 * GtiSyncError NOT_GROUP_MEMBER (the caller belongs to no group or another one, or is a service
 * account of another group), NOT_GROUP_ADMIN (a member, not an administrator, or a service account
 * of the group: only a user's key can administer it), GROUP_NOT_FOUND, or the client's ApiError
 * for anything else.
 */
export async function readLiveGroup(
  api: GtiApi,
  gid: string,
  options: { now?: Date; lookFor?: ReadonlySet<string> } = {},
): Promise<LiveGroup> {
  const now = options.now ?? new Date();
  const listing = gather(api.listGroupUsers(gid, { attributes: MEMBER_ATTRIBUTES }));
  const memberKeys = listing.then(
    (us) => new Set(us.map((u) => (u.attributes.email ?? '').toLowerCase())),
    () => null,
  );
  const [caller, users, admins, accounts, activity] = await Promise.allSettled([
    api.getCaller(),
    listing,
    gather(api.listGroupAdministrators(gid, { attributes: ['email'] })),
    gather(api.listGroupServiceAccounts(gid, { attributes: ['first_name', 'quotas'] })),
    readRecentActivity(api, gid, now, { memberKeys, lookFor: options.lookFor }),
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
  const members = valueOf(users)
    .filter((u) => u.type !== 'service_account' && !accountIds.has(u.id))
    .map((u) => normalizeMember(u, adminIds))
    .sort((a, b) => compare(a.key, b.key));
  const callerMember = members.find((m) => m.id === me.id);
  if (!callerMember?.roles.includes('admin') && !adminIds.has(me.id)) throw notAdmin(gid, who);
  return {
    group: gid,
    caller: { id: me.id, email: me.attributes.email ?? callerMember?.email ?? '' },
    members,
    serviceAccounts,
    pendingInvitations: findPendingInvitations(
      valueOf(activity),
      new Set(members.map((m) => m.key)),
    ),
    // Revision 1's reading; 2FA as an administrator sees it (gti-api.md §5) comes with issue 10.
    twoFactor: members.some((m) => m.has2fa !== null)
      ? { known: true, via: 'attribute' }
      : { known: false, reason: 'the members listing shows no has_2fa' },
    activityLog: valueOf(activity),
  };
}

/**
 * The activity log, newest first, while entries are within ACTIVITY_WINDOW_DAYS of `now`. Without
 * `lookFor`: at most ACTIVITY_MAX_PAGES pages. With it: after each page, the next one is read only
 * if some looked-for email is neither a member nor named by an entry read so far (the newest entry
 * naming an email decides it), at most ACTIVITY_MAX_PAGES_LOOKING pages. The first page is read at
 * once, beside the listings; the decision for the next waits for the members listing. Stopping the
 * iteration stops the paging (the listing is lazy).
 */
async function readRecentActivity(
  api: GtiApi,
  gid: string,
  now: Date,
  target: {
    memberKeys: Promise<ReadonlySet<string> | null>;
    lookFor: ReadonlySet<string> | undefined;
  },
): Promise<LiveActivityEntry[]> {
  const oldest = Math.floor(now.getTime() / 1000) - ACTIVITY_WINDOW_DAYS * 86_400;
  const entries: LiveActivityEntry[] = [];
  const named = new Set<string>();
  const readOn = async (): Promise<boolean> => {
    const pages = entries.length / PAGE_SIZE;
    if (target.lookFor === undefined) return pages < ACTIVITY_MAX_PAGES;
    if (pages >= ACTIVITY_MAX_PAGES_LOOKING) return false;
    const members = await target.memberKeys;
    if (members === null) return false; // the members listing failed; readLiveGroup reports it
    for (const key of target.lookFor) if (!members.has(key) && !named.has(key)) return true;
    return false;
  };
  for await (const entry of api.listActivityLog(gid)) {
    if (entry.attributes.date < oldest) break;
    const normalized = normalizeActivity(entry);
    entries.push(normalized);
    if (normalized.user !== null) named.add(normalized.user.toLowerCase());
    // At a page boundary, decide before the iterator fetches the next page.
    if (entries.length % PAGE_SIZE === 0 && !(await readOn())) break;
  }
  return entries;
}

/**
 * Invitations not yet turned into memberships: for each email the newest log entry naming it
 * decides; it is pending when that entry is an invitation and the email is not a member.
 */
export function findPendingInvitations(
  log: readonly LiveActivityEntry[],
  memberKeys: ReadonlySet<string>,
): PendingInvitation[] {
  const decided = new Set<string>();
  const pending: PendingInvitation[] = [];
  for (const entry of log) {
    if (entry.user === null || !entry.user.includes('@')) continue;
    const key = entry.user.toLowerCase();
    if (decided.has(key)) continue;
    decided.add(key);
    if (entry.action === INVITE_ACTION && !memberKeys.has(key)) {
      pending.push({ key, email: entry.user, actor: entry.actor, date: entry.date });
    }
  }
  return pending.sort((a, b) => compare(a.key, b.key));
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
