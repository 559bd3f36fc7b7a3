/**
 * Pairs the declared members of a group file with the live members (design §1): by lower-cased
 * email, or by the pinned `id` when the file gives one. The one place that decides who is declared,
 * who is ignored and who is undeclared, shared by the diff, the findings and the safety checks.
 */
import type { DesiredMember, GroupConfig } from '../model/group-config.js';
import { matchesIgnore } from '../config/match-ignore.js';
import type { LiveMember, LiveGroup } from '../model/live-group.js';
import { isExpired } from '../config/expiry.js';
import { formatDay } from '../model/dates.js';

/** A pinned `id` that disagrees with the live group: the entry is left alone, apply refuses. */
export interface IdMismatch {
  desired: DesiredMember;
  /** The live user that holds the pinned id, when one does. */
  byId: LiveMember | undefined;
  /** The live user that holds the declared email, when one does. */
  byEmail: LiveMember | undefined;
}

/** The result of pairing a file with the live group. */
export interface GroupMatch {
  /** The instant the match was made for, and its UTC day (`YYYY-MM-DD`). */
  now: Date;
  today: string;
  /** Declared entries that have not expired, in file order. */
  active: DesiredMember[];
  /** Declared entries matched to a live member. */
  pairs: Array<{ desired: DesiredMember; live: LiveMember }>;
  /** Declared entries with no live member (to add, or pending an invitation). */
  missing: DesiredMember[];
  /** Live members, not ignored, that no active entry declares (sorted by key). */
  undeclared: LiveMember[];
  /** Live members an `ignore` pattern matches: never touched, never reported. */
  ignored: LiveMember[];
  /** Live members that are not ignored (what removal ratios count). */
  managed: LiveMember[];
  mismatches: IdMismatch[];
}

/** Pairs `config` with `live` as of `now`. Linear in the number of members (Maps, no nested scans). */
export function matchGroup(config: GroupConfig, live: LiveGroup, now: Date): GroupMatch {
  const today = formatDay(now);
  const ignored: LiveMember[] = [];
  const managed: LiveMember[] = [];
  for (const member of live.members) {
    (matchesIgnore(member.email, config.ignore) ? ignored : managed).push(member);
  }
  const byKey = new Map(managed.map((m) => [m.key, m]));
  const byId = new Map(managed.map((m) => [m.id, m]));
  const claimed = new Set<string>();
  const active = config.members.filter((d) => !isExpired(d, now));
  const pairs: GroupMatch['pairs'] = [];
  const missing: DesiredMember[] = [];
  const mismatches: IdMismatch[] = [];

  for (const desired of active) {
    const liveByEmail = byKey.get(desired.key);
    if (desired.id === undefined) {
      if (liveByEmail) {
        pairs.push({ desired, live: liveByEmail });
        claimed.add(liveByEmail.id);
      } else {
        missing.push(desired);
      }
      continue;
    }
    const liveById = byId.get(desired.id);
    if (
      (liveById && liveById.key !== desired.key) ||
      (liveByEmail && liveByEmail.id !== desired.id)
    ) {
      mismatches.push({ desired, byId: liveById, byEmail: liveByEmail });
      // Neither live user is removed on the strength of an entry the file got wrong.
      if (liveById) claimed.add(liveById.id);
      if (liveByEmail) claimed.add(liveByEmail.id);
    } else if (liveById) {
      pairs.push({ desired, live: liveById });
      claimed.add(liveById.id);
    } else {
      missing.push(desired);
    }
  }
  const undeclared = managed.filter((m) => !claimed.has(m.id)).sort(compareByKey);
  return { now, today, active, pairs, missing, undeclared, ignored, managed, mismatches };
}

function compareByKey(a: LiveMember, b: LiveMember): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
