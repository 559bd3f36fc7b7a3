/**
 * `gti-sync export`: the live group as a group file (design §1) that validates and on which `plan`
 * shows no operation. Sorted (members by email, service accounts by name), commented, with the
 * schema comment first. Pure.
 */
import { Document, isMap, isScalar, isSeq } from 'yaml';
import { QUOTA_NAMES } from '../model/quotas.js';
import type { QuotaName } from '../model/quotas.js';
import { NO_PERSONAL_CAP } from '../model/quotas.js';
import type { LiveGroup, LiveMember } from '../model/live-group.js';
import { SERVICE_ACCOUNT_NAME_PATTERN, USER_ID_PATTERN } from '../model/file-patterns.js';
import { roleOfApi } from '../model/roles.js';
import { formatInstant } from '../model/dates.js';

/** The group file schema's `$id`: the `yaml-language-server` comment's fallback reference. */
export const GROUP_SCHEMA_URL = 'https://gti-sync.dev/schema/group.schema.json';

/** What the header comment says about where the file came from. */
export interface ExportMeta {
  now: Date;
  /** The API base URL read from (never a key). */
  source: string;
  /** gti-sync's version. */
  version: string;
  /** The `$schema` reference for editors (a path relative to the file); none: no such comment. */
  schema?: string | undefined;
}

/**
 * For each quota, the value for `defaults.quotas`: the most common cap (ties: the smaller), chosen
 * when at least two members hold it and no fewer members hold it than have no cap at all (a member
 * without a cap under a default is written with NO_PERSONAL_CAP, so defaults must save lines).
 */
export function chooseDefaultCaps(
  members: readonly LiveMember[],
): Partial<Record<QuotaName, number>> {
  const defaults: Partial<Record<QuotaName, number>> = {};
  for (const quota of QUOTA_NAMES) {
    const counts = new Map<number, number>();
    let uncapped = 0;
    for (const member of members) {
      const cap = member.caps[quota];
      if (cap === undefined) uncapped += 1;
      else counts.set(cap, (counts.get(cap) ?? 0) + 1);
    }
    const [best] = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    if (best !== undefined && best[1] >= 2 && best[1] >= uncapped) defaults[quota] = best[0];
  }
  return defaults;
}

/**
 * A member's own `quotas`: each cap that differs from the default, and NO_PERSONAL_CAP (the API's
 * "no personal cap") for each defaulted quota the member has no cap for, in QUOTA_NAMES order.
 */
export function memberQuotas(
  member: LiveMember,
  defaults: Partial<Record<QuotaName, number>>,
): Partial<Record<QuotaName, number>> {
  const out: Partial<Record<QuotaName, number>> = {};
  for (const quota of QUOTA_NAMES) {
    const cap = member.caps[quota];
    const fallback = defaults[quota];
    if (cap !== undefined && cap !== fallback) out[quota] = cap;
    else if (cap === undefined && fallback !== undefined) out[quota] = NO_PERSONAL_CAP;
  }
  return out;
}

/** Renders `live` as a group file (YAML text, ending with a newline). */
export function renderGroupFile(live: LiveGroup, meta: ExportMeta): string {
  const members = [...live.members].sort((a, b) => compare(a.key, b.key) || compare(a.id, b.id));
  const defaults = chooseDefaultCaps(members);
  const accounts = [...live.serviceAccounts].sort((a, b) => compare(a.name, b.name));
  const badAccounts = accounts.filter((a) => !SERVICE_ACCOUNT_NAME_PATTERN.test(a.name));

  const data = {
    version: 1,
    group: live.group,
    policy: defaultPolicy(live, members),
    ...(Object.keys(defaults).length === 0 ? {} : { defaults: { quotas: orderedCaps(defaults) } }),
    members: members.map((m) => {
      const own = memberQuotas(m, defaults);
      return {
        email: m.email,
        ...(USER_ID_PATTERN.test(m.id) ? { id: m.id } : {}),
        ...(m.roles.length === 0 ? {} : { roles: [...m.roles] }),
        ...(Object.keys(own).length === 0 ? {} : { quotas: own }),
      };
    }),
    ...(accounts.length === badAccounts.length
      ? {}
      : {
          service_accounts: accounts
            .filter((a) => SERVICE_ACCOUNT_NAME_PATTERN.test(a.name))
            .map((a) => {
              const caps = orderedCaps(a.caps);
              // Roles as the listing shows them (none when it shows none: the plan leaves them alone).
              const roles = a.roles ?? [];
              return {
                name: a.name,
                ...(roles.length === 0 ? {} : { roles: [...roles] }),
                ...(Object.keys(caps).length === 0 ? {} : { quotas: caps }),
              };
            }),
        }),
  };

  const doc = new Document(data);
  doc.commentBefore = headerComment(live, meta, Object.keys(defaults).length > 0);
  decorate(doc, members);
  const notes = trailerNotes(
    live,
    badAccounts.map((a) => a.id),
  );
  if (notes.length > 0) doc.comment = notes.join('\n');
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** Export's own policy: authoritative, 2FA required, the caller protected. */
function defaultPolicy(live: LiveGroup, members: readonly LiveMember[]): Record<string, unknown> {
  const admins = members.filter((m) => m.roles.includes('admin')).length;
  const caller = members.find((m) => m.id === live.caller.id);
  return {
    members: 'authoritative',
    require_2fa: true,
    min_admins: Math.min(2, admins),
    max_removal_ratio: 0.25,
    ...(caller === undefined ? {} : { protected: [caller.email] }),
    expiry_warning_days: 14,
  };
}

function headerComment(live: LiveGroup, meta: ExportMeta, hasDefaults: boolean): string {
  const when = formatInstant(meta.now);
  return [
    ...(meta.schema === undefined ? [] : [` yaml-language-server: $schema=${meta.schema}`, '']),
    ` Group ${live.group}, exported by gti-sync ${meta.version} on ${when}`,
    ` from ${meta.source} as ${live.caller.email || live.caller.id}.`,
    ' `gti-sync plan` on this file shows no change: edit it, review the plan, apply.',
    ...(hasDefaults
      ? [
          ' Caps equal to the most common one are written once, under defaults.quotas;',
          ` ${NO_PERSONAL_CAP} means "no personal cap" (the API's own value for it).`,
        ]
      : []),
  ].join('\n');
}

/**
 * Flow style for roles and quotas, blank lines between sections, a note on members without 2FA
 * and on roles gti-sync does not know.
 */
function decorate(doc: Document, members: readonly LiveMember[]): void {
  const root = doc.contents;
  if (!isMap(root)) return;
  for (const pair of root.items) {
    if (isScalar(pair.key) && pair.key.value !== 'version' && pair.key.value !== 'group')
      pair.key.spaceBefore = true;
  }
  flowAt(doc, ['defaults', 'quotas']);
  flowAt(doc, ['policy', 'protected']);
  const list = doc.getIn(['members'], true);
  if (isSeq(list)) {
    list.items.forEach((_, i) => {
      flowAt(doc, ['members', i, 'roles']);
      flowAt(doc, ['members', i, 'quotas']);
      const member = members[i];
      const email = doc.getIn(['members', i, 'email'], true);
      if (member === undefined || !isScalar(email)) return;
      // Roles the file cannot name are kept live and never removed: say they exist.
      const unknown = member.apiRoles.filter((role) => roleOfApi(role) === undefined);
      const notes = [
        ...(member.has2fa === false ? ['no two-factor authentication'] : []),
        ...(unknown.length > 0 ? [`also holds ${unknown.join(', ')} (kept as is)`] : []),
      ];
      if (notes.length > 0) email.comment = ` ${notes.join('; ')}`;
    });
  }
  const accounts = doc.getIn(['service_accounts'], true);
  if (isSeq(accounts))
    accounts.items.forEach((_, i) => {
      flowAt(doc, ['service_accounts', i, 'roles']);
      flowAt(doc, ['service_accounts', i, 'quotas']);
    });
}

function flowAt(doc: Document, path: readonly (string | number)[]): void {
  const node: unknown = doc.getIn(path, true);
  if (isMap(node) || isSeq(node)) node.flow = true;
}

function trailerNotes(live: LiveGroup, badAccounts: readonly string[]): string[] {
  const notes: string[] = [];
  if (live.pendingInvitations.length > 0) {
    notes.push(
      ' Pending invitations (not members until they sign up; declaring one adds nothing):',
    );
    for (const p of live.pendingInvitations) notes.push(`   ${p.email}`);
  }
  if (badAccounts.length > 0) {
    notes.push(
      ` Service accounts left out (their names do not fit the file format): ${badAccounts.join(', ')}`,
    );
  }
  return notes;
}

/** Caps in QUOTA_NAMES order, leaving out those equal to `defaults`. */
function orderedCaps(caps: Partial<Record<QuotaName, number>>): Partial<Record<QuotaName, number>> {
  const out: Partial<Record<QuotaName, number>> = {};
  for (const quota of QUOTA_NAMES) {
    const cap = caps[quota];
    if (cap !== undefined) out[quota] = cap;
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
