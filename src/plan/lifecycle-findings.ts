/**
 * Lifecycle findings (issue 13 item 5), for `audit` and `plan`: `inactive_member` (policy
 * `inactive_days`), `stale_invitation` (policy `stale_invitation_days`), and one group-level
 * `unknown_lifecycle` saying what could not be known rather than guessing. Pure: the engine reads
 * the API activity (two `users_consuming_quota/api_requests_monthly` listings) and passes it in.
 */
import { matchesIgnore } from '../config/match-ignore.js';
import { dayOfEpoch, formatDay, isoOfEpoch } from '../model/dates.js';
import type { GroupConfig } from '../model/group-config.js';
import type { LiveGroup } from '../model/live-group.js';
import type { Finding } from '../model/plan.js';

const DAY_SECONDS = 86_400;

/** What the engine learnt of API use: the account ids that made requests this month or last. */
export interface ApiActivity {
  /** `undefined`: not read (the listings failed or were not asked for). */
  activeIds: ReadonlySet<string> | undefined;
}

/** Whether the policy asks for the API activity listings (only `inactive_days` does). */
export function needsApiActivity(config: GroupConfig): boolean {
  return config.policy.inactive_days !== undefined;
}

/**
 * The lifecycle findings of `live` as of `now`. A member (not ignored) whose `last_login` is more
 * than `inactive_days` old and whose id is not in `activity.activeIds` is inactive; a declared
 * email pending `stale_invitation_days` or more after its invitation is stale. Members without
 * `last_login`, a missing activity listing, and declared emails neither members nor pending while
 * the log was cut short (their invitation may be older than the log) make one `unknown_lifecycle`.
 */
export function lifecycleFindings(
  config: GroupConfig,
  live: LiveGroup,
  now: Date,
  activity: ApiActivity,
): Finding[] {
  const findings: Finding[] = [];
  const unknown: string[] = [];
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const inactiveDays = config.policy.inactive_days;
  if (inactiveDays !== undefined) {
    const members = live.members.filter((m) => !matchesIgnore(m.email, config.ignore));
    if (activity.activeIds === undefined) {
      unknown.push(
        'API use this month and last could not be read, so no member is called inactive',
      );
    } else {
      let noLogin = 0;
      for (const m of members) {
        if (m.lastLogin === null) {
          noLogin += 1;
          continue;
        }
        const idle = Math.floor((nowSeconds - m.lastLogin) / DAY_SECONDS);
        if (idle > inactiveDays && !activity.activeIds.has(m.id)) {
          findings.push({
            kind: 'inactive_member',
            email: m.email,
            user_id: m.id,
            message:
              `${m.email} last logged in on ${dayOfEpoch(m.lastLogin)} (${idle} days ago, over ` +
              `policy.inactive_days ${inactiveDays}) and made no API requests this month or last`,
          });
        }
      }
      if (noLogin > 0) {
        unknown.push(
          `${noLogin} member(s) have no last_login in the listing, so whether they are inactive is unknown`,
        );
      }
    }
  }
  const staleDays = config.policy.stale_invitation_days;
  if (staleDays !== undefined) {
    const declared = new Set(config.members.map((m) => m.key));
    const pending = new Set<string>();
    for (const invitation of live.pendingInvitations) {
      pending.add(invitation.key);
      if (!declared.has(invitation.key)) continue;
      const age = Math.floor((nowSeconds - invitation.date) / DAY_SECONDS);
      if (age >= staleDays) {
        findings.push({
          kind: 'stale_invitation',
          email: invitation.email,
          user_id: null,
          message:
            `${invitation.email} was invited on ${dayOfEpoch(invitation.date)} (${age} days ago, ` +
            `policy.stale_invitation_days ${staleDays}) and has not signed up`,
          date: isoOfEpoch(invitation.date),
        });
      }
    }
    if (live.activityLogTruncated === true) {
      const members = new Set(live.members.map((m) => m.key));
      const unseen = config.members.filter((m) => !members.has(m.key) && !pending.has(m.key));
      if (unseen.length > 0) {
        unknown.push(
          `${unseen.length} declared email(s) are not members and have no invitation in the part ` +
            'of the activity log read: an older invitation cannot be seen',
        );
      }
    }
  }
  if (unknown.length > 0) {
    findings.push({
      kind: 'unknown_lifecycle',
      email: null,
      user_id: null,
      message: `lifecycle checks as of ${formatDay(now)}: ${unknown.join('; ')}`,
    });
  }
  return findings;
}
