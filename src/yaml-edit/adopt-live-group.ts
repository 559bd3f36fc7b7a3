/**
 * The live side of `export --diff FILE`: FILE itself, edited only where `plan` on FILE would change
 * the live group, so the diff shows real drift and adopting it is safe (`plan` on the result shows
 * no operation). Everything else stays as written: comments, order, style, pinned ids, `expires`,
 * the policy, defaults and ignore globs, entries for pending invitations, ignored members.
 *
 * - A declared member absent from the live group (not a pending invitation): the entry goes.
 * - In `authoritative` mode, a live member the file does not declare: an entry is added at the
 *   end of `members` (sorted by email) under a comment; one whose entry has expired gets its
 *   `expires` removed instead. (In `additive` mode they are no drift: `plan` leaves them alone.)
 * - Roles and caps that differ are changed in place, caps as the file's defaults read them: a
 *   member whose cap equals the default has no value of its own, and NO_PERSONAL_CAP stands for
 *   "no personal cap".
 * - A declared service account that does not exist: the entry goes; caps are changed in place.
 *   A service account the file does not declare is a finding (no API deletes one), not drift.
 */
import { isAlias, isMap, isScalar, isSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import { QUOTA_NAMES } from '../model/quotas.js';
import { ROLES } from '../model/roles.js';
import type { DesiredMember, GroupConfig } from '../model/group-config.js';
import type { QuotaName, Quotas } from '../model/quotas.js';
import { parseYamlSafely } from '../config/yaml.js';
import { capHolds, managedQuotas } from '../plan/diff-group.js';
import { NO_PERSONAL_CAP } from '../model/quotas.js';
import { matchGroup } from '../plan/match-group.js';
import type { LiveGroup, LiveMember } from '../model/live-group.js';
import { formatDay } from '../model/dates.js';
import { USER_ID_PATTERN } from '../model/file-patterns.js';
import { YamlTextEditor } from './edit-yaml-text.js';
import type { EditedText, WrittenValue } from './edit-yaml-text.js';

/**
 * `text` (the group file `config` was parsed from, LF line ends) edited to match `live` as of
 * `now`; its text equals `text` exactly when `plan` on it has no operation. `restyled: true` when
 * the edit could not keep the file's own layout (yaml's rendering instead; `reason` says why).
 */
export function adoptLiveGroup(
  text: string,
  config: GroupConfig,
  live: LiveGroup,
  now: Date,
): EditedText {
  const { doc } = parseYamlSafely(text, config.file);
  const editor = new YamlTextEditor(text, doc, config.file);
  const members = doc.get('members', true);
  const memberEntries = entriesOf(members, config.members.length);
  const entries = new Map(config.members.map((d, i) => [d, memberEntries[i]]));
  const entryOf = (desired: DesiredMember): YAMLMap | undefined => entries.get(desired);
  const match = matchGroup(config, live, now);
  const pending = new Set(live.pendingInvitations.map((p) => p.key));

  for (const { desired, live: member } of match.pairs) {
    const entry = entryOf(desired);
    if (entry !== undefined) adoptMember(editor, entry, desired, member, config);
  }
  const added: LiveMember[] = [];
  if (config.policy.members === 'authoritative') {
    const active = new Set(match.active);
    for (const member of match.undeclared) {
      // An entry that expired while the member stayed: the membership goes on, so `expires` goes.
      const expired = config.members.find(
        (d) => !active.has(d) && d.key === member.key && (d.id === undefined || d.id === member.id),
      );
      const entry = expired === undefined ? undefined : entryOf(expired);
      if (expired === undefined || entry === undefined) {
        added.push(member);
        continue;
      }
      editor.removeKey(entry, 'expires');
      adoptMember(editor, entry, expired, member, config);
    }
  }
  if (isSeq(members) && added.length > 0) {
    const pinIds = config.members.some((d) => d.id !== undefined);
    editor.appendItems(
      members,
      added.map((m) => newEntry(editor, m, config.defaults.quotas, pinIds)),
      ` Added from the live group ${live.group} (gti-sync export --diff, ${formatDay(now)}):`,
    );
  }
  for (const desired of match.missing) {
    const entry = entryOf(desired);
    if (!pending.has(desired.key) && isSeq(members) && entry !== undefined)
      editor.removeItem(members, entry);
  }
  adoptServiceAccounts(editor, config, live);
  return editor.toText();
}

/** The one line `export --diff` prints when FILE could not be edited in place (no newline). */
export function restyledNote(file: string, reason: string): string {
  return `${file} could not be edited in place (${reason}): the diff shows it rewritten by yaml, comments and data kept but its layout restyled`;
}

function adoptMember(
  editor: YamlTextEditor,
  entry: YAMLMap,
  desired: DesiredMember,
  member: LiveMember,
  config: GroupConfig,
): void {
  const unknown = member.unknownRoles ?? [];
  const roles = ROLES.filter((role) =>
    unknown.includes(role) ? desired.roles.includes(role) : member.roles.includes(role),
  );
  if (roles.join() !== desired.roles.join()) {
    // Never a team's: the member's own roles, without those its teams already give.
    const ownRoles = desired.ownRoles ?? desired.roles;
    const own = roles.filter((role) => ownRoles.includes(role) || !desired.roles.includes(role));
    if (own.join() !== ownRoles.join()) {
      if (own.length === 0) editor.removeKey(entry, 'roles');
      else editor.setKey(entry, 'roles', own, ['email', 'id']);
    }
  }
  const own: Partial<Record<QuotaName, number | null>> = {};
  for (const [quota, declared] of managedQuotas(desired.quotas)) {
    const cap = member.caps[quota] ?? null;
    if (capHolds(cap, declared)) continue;
    // The inherited value (its teams', else the default) reads the live cap already: no value of
    // the member's own. A team or a baseline is never edited.
    const inherited = (desired.inheritedQuotas ?? config.defaults.quotas)[quota];
    own[quota] = cap !== null && cap === inherited ? null : (cap ?? NO_PERSONAL_CAP);
  }
  adoptQuotas(editor, entry, own, desired.ownQuotas, ['email', 'id', 'roles']);
}

function adoptServiceAccounts(editor: YamlTextEditor, config: GroupConfig, live: LiveGroup): void {
  const accounts = editor.doc.get('service_accounts', true);
  const entries = entriesOf(accounts, config.serviceAccounts.length);
  const byId = new Map(live.serviceAccounts.map((a) => [a.id, a]));
  config.serviceAccounts.forEach((desired, i) => {
    const entry = entries[i];
    if (entry === undefined || !isSeq(accounts)) return;
    const account = byId.get(desired.id);
    if (account === undefined) return editor.removeItem(accounts, entry);
    // The live roles, where the listing shows them (else the plan leaves them alone: so does this).
    const roles = account.roles?.filter((role) => role !== 'admin');
    if (roles !== undefined && roles.join() !== desired.roles.join()) {
      if (roles.length === 0) editor.removeKey(entry, 'roles');
      else editor.setKey(entry, 'roles', roles, ['name']);
    }
    const own: Partial<Record<QuotaName, number | null>> = {};
    for (const [quota, declared] of managedQuotas(desired.quotas)) {
      const cap = account.caps[quota] ?? null;
      if (!capHolds(cap, declared)) own[quota] = cap ?? NO_PERSONAL_CAP;
    }
    adoptQuotas(
      editor,
      entry,
      own,
      QUOTA_NAMES.filter((q) => desired.quotas[q] !== undefined),
      ['name', 'roles'],
    );
  });
}

/**
 * Applies quota changes to an entry's own `quotas`: a number sets the quota, `null` removes the
 * entry's own value (`ownQuotas` names those it has). An emptied `quotas` key goes whole.
 */
function adoptQuotas(
  editor: YamlTextEditor,
  entry: YAMLMap,
  changes: Partial<Record<QuotaName, number | null>>,
  ownQuotas: readonly QuotaName[],
  keysBefore: readonly string[],
): void {
  const changed = QUOTA_NAMES.filter((q) => changes[q] !== undefined);
  if (changed.length === 0) return;
  const written = entry.get('quotas', true);
  // `quotas: *name` reads the anchored map; it is replaced whole by a map of the entry's own.
  const node = isAlias(written) ? written.resolve(editor.doc) : written;
  const after: Quotas = {};
  for (const quota of QUOTA_NAMES) {
    const change = changes[quota];
    const current = isMap(node) ? node.get(quota) : undefined;
    if (change === undefined && typeof current === 'number' && ownQuotas.includes(quota))
      after[quota] = current;
    else if (typeof change === 'number') after[quota] = change;
  }
  if (Object.keys(after).length === 0) return editor.removeKey(entry, 'quotas');
  if (!isMap(node) || isAlias(written)) return editor.setKey(entry, 'quotas', after, keysBefore);
  // Key by key, so the comments and style of the values that stay are kept; other users of the
  // map's anchor keep theirs.
  editor.unshare(node);
  for (const quota of changed) {
    const value = after[quota];
    if (value === undefined) editor.removeKey(node, quota);
    else editor.setKey(node, quota, value, QUOTA_NAMES.slice(0, QUOTA_NAMES.indexOf(quota)));
  }
}

/** The entry of a live member the file does not declare, as the file's defaults read it. */
function newEntry(
  editor: YamlTextEditor,
  member: LiveMember,
  defaults: Quotas,
  pinId: boolean,
): YAMLMap {
  const quotas: Record<string, number> = {};
  for (const quota of QUOTA_NAMES) {
    const cap = member.caps[quota];
    const fallback = defaults[quota];
    if (fallback === undefined ? cap !== undefined : cap !== fallback)
      quotas[quota] = cap ?? NO_PERSONAL_CAP;
  }
  const value: Record<string, WrittenValue> = { email: member.email };
  if (pinId && USER_ID_PATTERN.test(member.id)) value['id'] = member.id;
  if (member.roles.length > 0) value['roles'] = [...member.roles];
  if (Object.keys(quotas).length > 0) value['quotas'] = quotas;
  const entry = editor.createEntry(value);
  const email = entry.get('email', true);
  if (member.has2fa === false && isScalar(email)) email.comment = ' no two-factor authentication';
  return entry;
}

/** The maps of a sequence, when it holds exactly `count` maps (a valid file's entries). */
function entriesOf(node: unknown, count: number): YAMLMap[] {
  if (!isSeq(node)) return [];
  const maps = node.items.filter(isMap);
  return maps.length === count ? maps : [];
}
