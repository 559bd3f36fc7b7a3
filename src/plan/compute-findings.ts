/**
 * Findings (design §3.3): what the plan reports but no operation can fix. `plan` mode reports only
 * that; `audit` mode reports all drift between the file and the live group as findings (helper
 * audit builds on it: keep the kinds and their meaning stable).
 */
import type { GroupConfig } from '../model/group-config.js';
import type { QuotaName } from '../model/quotas.js';
import { FINDING_KINDS } from '../model/plan.js';
import type { Finding, FindingKind } from '../model/plan.js';
import type { LiveGroup, LiveMember } from '../model/live-group.js';
import { matchesIgnore } from '../config/match-ignore.js';
import { matchGroup } from './match-group.js';
import type { GroupMatch } from './match-group.js';
import { managedQuotas } from './diff-group.js';
import { describeDaysLeft, expiresWithin } from '../config/expiry.js';
import { dayOfEpoch, isoOfEpoch } from '../model/dates.js';
import { findUnknown2fa, findUnknownRoles } from './find-unknowns.js';

/** Which findings to report: `plan` what no operation fixes, `audit` all drift. */
export type FindingsMode = 'plan' | 'audit';

/**
 * The findings of `config` against `live` as of `now`, sorted by kind (FINDING_KINDS order), then
 * email, then user id. Ignored live members never appear.
 *
 * - `no_2fa`: plan: declared members without 2FA when `policy.require_2fa`; audit: every live
 *   member without 2FA, whatever the policy. Where 2FA could not be learnt, instead one
 *   group-level `unknown_2fa` saying why (plan: only under `policy.require_2fa`).
 * - `unknown_roles`: members' roles the listing did not show (one finding), and each declared
 *   service account whose roles could not be read.
 * - `undeclared_member`: live members no entry declares. plan: only in `additive` mode (in
 *   `authoritative` mode a `remove_member` fixes it); audit: always.
 * - `undeclared_admin`: plan: undeclared live administrators in `additive` mode; audit: every live
 *   administrator not declared `admin`.
 * - `undeclared_service_account`, `expiring`, `pending_invitation`: both modes.
 * - `cap_below_use`: plan: a cap the plan sets below the quota's `used` now; audit: any cap (the
 *   file's where it manages the quota, else the live one) below `used`.
 */
export function computeFindings(
  config: GroupConfig,
  live: LiveGroup,
  now: Date,
  mode: FindingsMode,
): Finding[] {
  return findingsOfMatch(config, live, matchGroup(config, live, now), mode);
}

/** `computeFindings` over an already computed match. */
export function findingsOfMatch(
  config: GroupConfig,
  live: LiveGroup,
  match: GroupMatch,
  mode: FindingsMode,
): Finding[] {
  const findings: Finding[] = [
    ...findNo2fa(config, live, match, mode),
    ...findUnknownRoles(config, live, match),
    ...findUndeclared(config, match, mode),
    ...findUndeclaredServiceAccounts(config, live),
    ...findExpiring(config, match),
    ...findCapsBelowUse(config, live, match, mode),
    ...findPendingInvitations(config, live, match),
  ];
  return findings.sort(compareFindings);
}

function finding(
  kind: FindingKind,
  email: string | null,
  userId: string | null,
  message: string,
): Finding {
  return { kind, email, user_id: userId, message };
}

function findNo2fa(
  config: GroupConfig,
  live: LiveGroup,
  match: GroupMatch,
  mode: FindingsMode,
): Finding[] {
  if (mode === 'plan' && !config.policy.require_2fa) return [];
  if (!live.twoFactor.known) return [findUnknown2fa(config, live.twoFactor.reason)];
  const checked =
    mode === 'audit'
      ? match.managed
      : config.policy.require_2fa
        ? match.pairs.map((p) => p.live)
        : [];
  const why = config.policy.require_2fa ? ' (policy.require_2fa)' : '';
  return checked
    .filter((m) => m.has2fa === false)
    .map((m) =>
      finding(
        'no_2fa',
        m.email,
        m.id,
        `${m.email} has not enabled two-factor authentication${why}`,
      ),
    );
}

function findUndeclared(config: GroupConfig, match: GroupMatch, mode: FindingsMode): Finding[] {
  const out: Finding[] = [];
  const reportMembers = mode === 'audit' || config.policy.members === 'additive';
  if (!reportMembers) return out;
  const note = mode === 'plan' ? ' (policy.members is additive: not removed)' : '';
  for (const m of match.undeclared) {
    out.push(
      finding(
        'undeclared_member',
        m.email,
        m.id,
        `${m.email} is a member of the group but not declared in the file${note}`,
      ),
    );
    if (m.roles.includes('admin')) {
      out.push(
        finding(
          'undeclared_admin',
          m.email,
          m.id,
          `${m.email} is an administrator but not declared in the file${note}`,
        ),
      );
    }
  }
  if (mode === 'audit') {
    for (const { desired, live } of match.pairs) {
      if (live.roles.includes('admin') && !desired.roles.includes('admin')) {
        out.push(
          finding(
            'undeclared_admin',
            live.email,
            live.id,
            `${live.email} is an administrator but the file does not declare the admin role`,
          ),
        );
      }
    }
  }
  return out;
}

function findUndeclaredServiceAccounts(config: GroupConfig, live: LiveGroup): Finding[] {
  const declared = new Set(config.serviceAccounts.map((a) => a.id));
  return live.serviceAccounts
    .filter((a) => !declared.has(a.id))
    .map((a) =>
      finding(
        'undeclared_service_account',
        null,
        a.id,
        `service account ${a.name} (${a.id}) is not declared in the file; the API cannot delete service accounts: remove it in the web UI or declare it`,
      ),
    );
}

function findExpiring(config: GroupConfig, match: GroupMatch): Finding[] {
  const liveIds = new Map(match.pairs.map((p) => [p.desired.key, p.live.id]));
  const out: Finding[] = [];
  for (const desired of match.active) {
    if (desired.expires === undefined) continue;
    if (!expiresWithin(desired, match.now, config.policy.expiry_warning_days)) continue;
    const left = describeDaysLeft(desired, match.now) ?? '';
    const liveId = liveIds.get(desired.key);
    out.push(
      finding(
        'expiring',
        desired.email,
        liveId ?? desired.id ?? null,
        `${desired.email} expires at the end of ${desired.expires} (${left}); ${afterExpiry(config, liveId !== undefined)}`,
      ),
    );
  }
  return out;
}

/** What happens once an entry has expired: it counts as not declared (design §1). */
function afterExpiry(config: GroupConfig, isMember: boolean): string {
  if (!isMember) return 'after that it no longer counts as declared: the plan will not add it';
  if (config.policy.members === 'authoritative') return 'after that the plan removes it';
  return 'after that it is no longer declared: additive mode never removes members, so plan and audit report it as undeclared';
}

function findCapsBelowUse(
  config: GroupConfig,
  live: LiveGroup,
  match: GroupMatch,
  mode: FindingsMode,
): Finding[] {
  const out: Finding[] = [];
  const check = (
    email: string | null,
    id: string,
    label: string,
    quota: QuotaName,
    cap: number,
    used: number | undefined,
    whose: string,
  ) => {
    if (used !== undefined && cap < used) {
      out.push(
        finding(
          'cap_below_use',
          email,
          id,
          `${whose} ${quota} cap ${cap} for ${label} is below its use now (${used})`,
        ),
      );
    }
  };
  for (const { desired, live: m } of match.pairs) {
    const managed = new Map(managedQuotas(desired.quotas));
    for (const [quota, cap] of managed) {
      if (mode === 'plan' && (m.caps[quota] ?? null) === cap) continue;
      check(
        m.email,
        m.id,
        m.email,
        quota,
        cap,
        m.used[quota],
        mode === 'plan' ? 'the new' : 'the declared',
      );
    }
    if (mode === 'audit')
      checkLiveCaps(m, managed, (quota, cap) =>
        check(m.email, m.id, m.email, quota, cap, m.used[quota], 'the live'),
      );
  }
  if (mode === 'audit') {
    for (const m of match.undeclared) {
      checkLiveCaps(m, new Map(), (quota, cap) =>
        check(m.email, m.id, m.email, quota, cap, m.used[quota], 'the live'),
      );
    }
  }
  const accounts = new Map(live.serviceAccounts.map((a) => [a.id, a]));
  for (const desired of config.serviceAccounts) {
    const account = accounts.get(desired.id);
    if (!account) continue;
    for (const [quota, cap] of managedQuotas(desired.quotas)) {
      if (mode === 'plan' && (account.caps[quota] ?? null) === cap) continue;
      check(
        null,
        account.id,
        `service account ${account.name}`,
        quota,
        cap,
        account.used[quota],
        mode === 'plan' ? 'the new' : 'the declared',
      );
    }
  }
  return out;
}

function checkLiveCaps(
  member: LiveMember,
  managed: Map<QuotaName, number>,
  check: (quota: QuotaName, cap: number) => void,
): void {
  for (const [quota, cap] of managedQuotas(member.caps)) {
    if (!managed.has(quota)) check(quota, cap);
  }
}

function findPendingInvitations(
  config: GroupConfig,
  live: LiveGroup,
  match: GroupMatch,
): Finding[] {
  const declared = new Set(match.missing.map((d) => d.key));
  const visible = live.pendingInvitations.filter((p) => !matchesIgnore(p.email, config.ignore));
  return visible.map((p) => {
    const by = p.actor === null ? '' : ` by ${p.actor}`;
    const tail = declared.has(p.key)
      ? 'not added again'
      : 'not declared in the file; the API cannot cancel an invitation';
    const f = finding(
      'pending_invitation',
      p.email,
      null,
      `${p.email} was invited on ${dayOfEpoch(p.date)}${by} and has not signed up yet: ${tail}`,
    );
    f.date = isoOfEpoch(p.date);
    if (p.actor !== null) f.actor = p.actor;
    return f;
  });
}

function compareFindings(a: Finding, b: Finding): number {
  const byKind = FINDING_KINDS.indexOf(a.kind) - FINDING_KINDS.indexOf(b.kind);
  if (byKind !== 0) return byKind;
  const ea = a.email?.toLowerCase() ?? '';
  const eb = b.email?.toLowerCase() ?? '';
  if (ea !== eb) return ea < eb ? -1 : 1;
  const ua = a.user_id ?? '';
  const ub = b.user_id ?? '';
  if (ua !== ub) return ua < ub ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}
