/**
 * Who made each undeclared change, and when: matches audit findings to the activity log
 * (gti-api.md §9). Pure.
 */
import type { ActivityKind } from '../model/activity-kind.js';
import type { Finding, FindingKind } from '../model/plan.js';
import type { LiveGroup } from '../model/live-group.js';
import { roleOfApi } from '../model/roles.js';
import type {
  ActivityEntry,
  AuditFinding,
  AuditMember,
  AuditServiceAccount,
} from '../model/reports.js';
import { isoOfEpoch } from '../model/dates.js';

/** The kinds of log entry that explain each kind of finding (either spelling: activity-kind.ts). */
const EXPLAINING_KINDS: Partial<Record<FindingKind, readonly ActivityKind[]>> = {
  undeclared_admin: ['add_admin', 'change_roles'],
  undeclared_member: ['add_user'],
  undeclared_service_account: ['add_service_account'],
  pending_invitation: ['add_user'],
};

/**
 * Said of an undeclared change no entry explains: role changes other than admin and cap changes
 * may not be logged at all (gti-api.md §9), so "unknown" is a normal outcome, said plainly.
 */
export const UNKNOWN_WHO_AND_WHEN =
  'who made this change and when: unknown (no activity log entry read tells)';

/** An ISO 8601 instant in the one form of model/dates.ts (unparsable text is kept as it is). */
function normalizeInstant(text: string): string {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : isoOfEpoch(ms / 1000);
}

/**
 * Adds `actor` (the acting user's id), `actor_email` (where the live group knows that user) and
 * `date` to every undeclared change the log explains: the latest entry with an explaining action
 * whose `info.user` is the finding's user id or email (case-insensitively). A finding that already
 * carries an actor keeps it. An undeclared change nothing explains gets UNKNOWN_WHO_AND_WHEN
 * appended to its message; other findings are returned unchanged.
 */
export function explainFindings(
  findings: readonly Finding[],
  entries: readonly ActivityEntry[],
  live: LiveGroup,
): AuditFinding[] {
  const emails = new Map<string, string>(live.members.map((m) => [m.id, m.email]));
  emails.set(live.caller.id, live.caller.email);
  return findings.map((finding): AuditFinding => {
    const kinds = EXPLAINING_KINDS[finding.kind];
    if (kinds === undefined) return { ...finding };
    const targets = new Set(
      [finding.user_id, finding.email, serviceAccountName(finding, live.group)].flatMap((t) =>
        t ? [t.toLowerCase()] : [],
      ),
    );
    const entry = findLatest(entries, kinds, targets);
    const actor = finding.actor ?? entry?.actor ?? undefined;
    const date =
      finding.date !== undefined
        ? normalizeInstant(finding.date)
        : entry
          ? isoOfEpoch(entry.date)
          : undefined;
    if (actor === undefined && date === undefined)
      return { ...finding, message: `${finding.message}; ${UNKNOWN_WHO_AND_WHEN}` };
    const actorEmail = actor === undefined ? undefined : emails.get(actor);
    // Rebuilt in one key order, whoever filled the fields first.
    return {
      kind: finding.kind,
      email: finding.email,
      user_id: finding.user_id,
      ...(finding.service_account === undefined
        ? {}
        : { service_account: finding.service_account }),
      message: finding.message,
      ...(actor === undefined ? {} : { actor }),
      ...(actorEmail === undefined ? {} : { actor_email: actorEmail }),
      ...(date === undefined ? {} : { date }),
    };
  });
}

/** A service account's name (its id without `<gid>_`), which a log entry may name instead. */
function serviceAccountName(finding: Finding, gid: string): string | null {
  if (finding.kind !== 'undeclared_service_account' || finding.user_id === null) return null;
  return finding.user_id.startsWith(`${gid}_`) ? finding.user_id.slice(gid.length + 1) : null;
}

/** The latest matching entry (by date; on a tie the one listed first: the log lists newest first). */
function findLatest(
  entries: readonly ActivityEntry[],
  kinds: readonly ActivityKind[],
  targets: ReadonlySet<string>,
): ActivityEntry | undefined {
  let best: ActivityEntry | undefined;
  for (const entry of entries) {
    if (
      !kinds.includes(entry.kind) ||
      entry.user === null ||
      !targets.has(entry.user.toLowerCase())
    )
      continue;
    if (best === undefined || entry.date > best.date) best = entry;
  }
  return best;
}

/** The live members as `audit` lists them, sorted by email. */
export function listAuditMembers(live: LiveGroup): AuditMember[] {
  return live.members.map((m) => ({
    id: m.id,
    email: m.email,
    roles: [...m.roles],
    ...unknownRolesOf(m.apiRoles),
    has_2fa: m.has2fa,
    caps: definedEntries(m.caps),
    last_login: m.lastLogin === null ? null : isoOfEpoch(m.lastLogin),
  }));
}

/** The live service accounts as `audit` lists them, sorted by id. */
export function listAuditServiceAccounts(live: LiveGroup): AuditServiceAccount[] {
  return live.serviceAccounts.map((s) => ({
    id: s.id,
    name: s.name,
    caps: definedEntries(s.caps),
  }));
}

/** The raw roles gti-sync does not know, as `unknown_roles` (left out when there are none). */
function unknownRolesOf(apiRoles: readonly string[]): { unknown_roles?: string[] } {
  const unknown = apiRoles.filter((role) => roleOfApi(role) === undefined);
  return unknown.length === 0 ? {} : { unknown_roles: unknown };
}

function definedEntries(record: Partial<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
  return out;
}
