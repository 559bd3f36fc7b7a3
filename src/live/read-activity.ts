/**
 * The activity log as plan and audit read it (gti-api.md §9): asked with `relationships=user` (the
 * only way to learn who acted), newest first, within a bound; and the pending invitations it shows.
 */
import { PAGE_SIZE } from '../model/limits.js';
import type { GtiApi } from '../api/types.js';
import type { LiveActivityEntry, PendingInvitation } from '../model/live-group.js';
import { normalizeActivity } from './normalize-live.js';

/** How far back the activity log is read for pending invitations. */
const ACTIVITY_WINDOW_DAYS = 30;
/** At most this many activity log pages (of 40) are read when no emails are looked for. */
const ACTIVITY_MAX_PAGES = 5;
/** At most this many pages are read while looking for named emails (`lookFor`). */
const ACTIVITY_MAX_PAGES_LOOKING = 25;

/** The relationships asked for with every activity log read: without `user` no entry names an actor. */
const ACTIVITY_RELATIONSHIPS = ['user'];

/** A fixed bound (audit's): the last `maxDays` days, at most `maxEntries` entries. */
export interface ActivityBounds {
  maxDays: number;
  maxEntries: number;
}

/** The entries read, and whether a bound stopped the reading before the log's end. */
export interface ActivityRead {
  entries: LiveActivityEntry[];
  truncated: boolean;
}

/**
 * Reads the log of `gid`. With `bounds`: until the log ends, an entry is older than `maxDays`
 * before `now`, or `maxEntries` were read (`truncated` says a bound stopped it). Without: while
 * entries are within ACTIVITY_WINDOW_DAYS of `now`, at most ACTIVITY_MAX_PAGES pages; with
 * `lookFor`, the next page is read only if some looked-for email is neither a member nor named by
 * an entry read so far (the newest entry naming an email decides it), at most
 * ACTIVITY_MAX_PAGES_LOOKING pages. The decision for the next page waits for `memberKeys`
 * (`null`: the members listing failed, stop). Stopping the iteration stops the paging.
 */
export async function readActivity(
  api: GtiApi,
  gid: string,
  now: Date,
  target: {
    memberKeys: Promise<ReadonlySet<string> | null>;
    lookFor: ReadonlySet<string> | undefined;
    bounds: ActivityBounds | undefined;
  },
): Promise<ActivityRead> {
  const days = target.bounds?.maxDays ?? ACTIVITY_WINDOW_DAYS;
  const oldest = Math.floor(now.getTime() / 1000) - days * 86_400;
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
  const log = api.listActivityLog(gid, { relationships: ACTIVITY_RELATIONSHIPS });
  for await (const entry of log) {
    if (entry.attributes.date < oldest) return { entries, truncated: true };
    const normalized = normalizeActivity(entry);
    entries.push(normalized);
    if (normalized.user !== null) named.add(normalized.user.toLowerCase());
    if (target.bounds !== undefined) {
      if (entries.length >= target.bounds.maxEntries) return { entries, truncated: true };
      continue;
    }
    // At a page boundary, decide before the iterator fetches the next page.
    if (entries.length % PAGE_SIZE === 0 && !(await readOn())) return { entries, truncated: true };
  }
  return { entries, truncated: false };
}

/**
 * Invitations not yet turned into memberships (gti-api.md §9 "invitations"): for each email the
 * newest log entry naming it decides; it is pending when that entry adds or invites (any spelling:
 * "Invite user to group", "Add user to group", `ADD_GROUP_USER`) and the email is not a member.
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
    if (entry.kind === 'add_user' && !memberKeys.has(key)) {
      pending.push({ key, email: entry.user, actor: entry.actor, date: entry.date });
    }
  }
  return pending.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
