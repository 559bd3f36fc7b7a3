/**
 * Who made each undeclared change, and when: matches audit findings to the activity log
 * (gti-api.md §9). Pure.
 */
import type { Finding, FindingKind } from '../model/plan.js';
import type { LiveGroup } from '../model/live-group.js';
import type {
  ActivityEntry,
  AuditFinding,
  AuditMember,
  AuditServiceAccount,
} from '../model/reports.js';

/** The log actions that explain each kind of finding. */
const EXPLAINING_ACTIONS: Partial<Record<FindingKind, readonly string[]>> = {
  undeclared_admin: ['Add admin to group', 'Change user roles'],
  undeclared_member: ['Add user to group', 'Invite user to group'],
  undeclared_service_account: ['Create service account'],
  pending_invitation: ['Invite user to group'],
};

/** Epoch seconds as ISO 8601 UTC without milliseconds, e.g. `2026-11-20T10:00:00Z`. */
export function formatInstant(epochSeconds: number): string {
  return new Date(epochSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** An ISO 8601 instant in the same form as formatInstant (unparsable text is kept as it is). */
function normalizeInstant(text: string): string {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? text : formatInstant(ms / 1000);
}

/**
 * Adds `actor` (the acting user's id), `actor_email` (where the live group knows that user) and
 * `date` to every undeclared change the log explains: the latest entry with an explaining action
 * whose `info.user` is the finding's user id or email (case-insensitively). A finding that already
 * carries an actor keeps it; others are returned unchanged.
 */
export function explainFindings(
  findings: readonly Finding[],
  entries: readonly ActivityEntry[],
  live: LiveGroup,
): AuditFinding[] {
  const emails = new Map<string, string>(live.members.map((m) => [m.id, m.email]));
  emails.set(live.caller.id, live.caller.email);
  return findings.map((finding): AuditFinding => {
    const actions = EXPLAINING_ACTIONS[finding.kind];
    if (actions === undefined) return { ...finding };
    const targets = new Set(
      [finding.user_id, finding.email, serviceAccountName(finding, live.group)].flatMap((t) =>
        t ? [t.toLowerCase()] : [],
      ),
    );
    const entry = findLatest(entries, actions, targets);
    const actor = finding.actor ?? entry?.actor ?? undefined;
    const date =
      finding.date !== undefined
        ? normalizeInstant(finding.date)
        : entry
          ? formatInstant(entry.date)
          : undefined;
    if (actor === undefined && date === undefined) return { ...finding };
    const actorEmail = actor === undefined ? undefined : emails.get(actor);
    // Rebuilt in one key order, whoever filled the fields first.
    return {
      kind: finding.kind,
      email: finding.email,
      user_id: finding.user_id,
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
  actions: readonly string[],
  targets: ReadonlySet<string>,
): ActivityEntry | undefined {
  let best: ActivityEntry | undefined;
  for (const entry of entries) {
    if (
      !actions.includes(entry.action) ||
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
    has_2fa: m.has2fa,
    caps: definedEntries(m.caps),
    last_login: m.lastLogin === null ? null : formatInstant(m.lastLogin),
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

function definedEntries(record: Partial<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(record)) if (value !== undefined) out[key] = value;
  return out;
}
