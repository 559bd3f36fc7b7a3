/**
 * Safety checks (design §3.4): rules a plan must not break. `apply` refuses a plan with any failure
 * that is not `overridable`; `--force` passes only TOO_MANY_REMOVALS. `plan` shows them all.
 */
import type { GroupConfig } from '../model/group-config.js';
import type { LiveGroup } from '../model/live-group.js';
import { isServiceAccountOperation } from '../model/operation.js';
import type { Operation } from '../model/operation.js';
import type { SafetyFailure } from '../model/plan.js';
import { matchGroup } from './match-group.js';
import type { GroupMatch, IdMismatch } from './match-group.js';

/** Removal ratios are enforced from this many current (not ignored) members up (design §1). */
const MIN_MEMBERS_FOR_RATIO = 4;

/**
 * The safety failures of `ops` (as computed by diffGroup from `config` and `live` at `now`):
 * REMOVES_CALLER, DEMOTES_CALLER, TOUCHES_PROTECTED (one per offending operation),
 * BELOW_MIN_ADMINS, TOO_MANY_REMOVALS (the only overridable one) and ID_MISMATCH (one per entry
 * whose pinned id disagrees with the live group).
 */
export function checkSafety(
  ops: readonly Operation[],
  config: GroupConfig,
  live: LiveGroup,
  now: Date,
): SafetyFailure[] {
  return safetyOfMatch(ops, config, live, matchGroup(config, live, now));
}

/** `checkSafety` over an already computed match. */
export function safetyOfMatch(
  ops: readonly Operation[],
  config: GroupConfig,
  live: LiveGroup,
  match: GroupMatch,
): SafetyFailure[] {
  return [
    ...checkCallerAndProtected(ops, config, live),
    ...checkMinAdmins(ops, config, live),
    ...checkRemovalRatio(ops, config, match),
    ...match.mismatches.map(describeMismatch),
  ];
}

function failure(code: SafetyFailure['code'], message: string, overridable = false): SafetyFailure {
  return { code, message, overridable };
}

function checkCallerAndProtected(
  ops: readonly Operation[],
  config: GroupConfig,
  live: LiveGroup,
): SafetyFailure[] {
  const out: SafetyFailure[] = [];
  const protectedKeys = new Set(config.policy.protected.map((e) => e.toLowerCase()));
  const callerKey = live.caller.email.toLowerCase();
  for (const op of ops) {
    if (op.kind !== 'remove_member' && op.kind !== 'revoke_role') continue;
    // A service account is neither the caller nor a protected member, whatever its id.
    if (isServiceAccountOperation(op)) continue;
    const key = op.email.toLowerCase();
    const isCaller = op.user_id === live.caller.id || (key !== '' && key === callerKey);
    const what = op.kind === 'remove_member' ? 'removes' : `revokes ${op.role ?? 'a role'} from`;
    if (isCaller && op.kind === 'remove_member') {
      out.push(
        failure('REMOVES_CALLER', `the plan removes ${op.email}, the user whose API key runs it`),
      );
    }
    if (isCaller && op.kind === 'revoke_role' && op.role === 'admin') {
      out.push(
        failure(
          'DEMOTES_CALLER',
          `the plan revokes admin from ${op.email}, the user whose API key runs it`,
        ),
      );
    }
    if (protectedKeys.has(key)) {
      out.push(
        failure(
          'TOUCHES_PROTECTED',
          `the plan ${what} ${op.email}, a protected member (policy.protected)`,
        ),
      );
    }
  }
  return out;
}

/**
 * Apply grants before it revokes and removes (design §4), so the lowest point is the end state:
 * live administrators, minus those revoked or removed, plus grants to existing members (a new
 * member may stay an invitation, so its grant does not count). A plan that takes an administrator
 * away must end at or above `min_admins`, even when the group is already below it: otherwise the
 * revocation itself would go below the floor once the grants are in (and apply, which keeps the
 * floor step by step, would hold it back). A plan that takes none away never lowers the count.
 */
function checkMinAdmins(
  ops: readonly Operation[],
  config: GroupConfig,
  live: LiveGroup,
): SafetyFailure[] {
  const admins = new Set(live.members.filter((m) => m.roles.includes('admin')).map((m) => m.id));
  const before = admins.size;
  let takesAway = false;
  for (const op of ops) {
    // A service account's roles never count toward the administrator floor.
    if (op.user_id === null || isServiceAccountOperation(op)) continue;
    if (op.kind === 'grant_role' && op.role === 'admin') admins.add(op.user_id);
    if ((op.kind === 'revoke_role' && op.role === 'admin') || op.kind === 'remove_member')
      takesAway = admins.delete(op.user_id) || takesAway;
  }
  const after = admins.size;
  const min = config.policy.min_admins;
  if (after >= min || !takesAway) return [];
  return [
    failure(
      'BELOW_MIN_ADMINS',
      `the plan leaves ${after} administrator(s) (now ${before}); policy.min_admins is ${min}`,
    ),
  ];
}

function checkRemovalRatio(
  ops: readonly Operation[],
  config: GroupConfig,
  match: GroupMatch,
): SafetyFailure[] {
  const current = match.managed.length;
  if (current < MIN_MEMBERS_FOR_RATIO) return [];
  const removals = ops.filter((op) => op.kind === 'remove_member').length;
  const ratio = config.policy.max_removal_ratio;
  if (removals <= ratio * current) return [];
  const share = Math.round((removals / current) * 100);
  return [
    failure(
      'TOO_MANY_REMOVALS',
      `the plan removes ${removals} of ${current} members (${share}%), more than policy.max_removal_ratio ${ratio} allows (${Math.floor(ratio * current)})`,
      true,
    ),
  ];
}

function describeMismatch(m: IdMismatch): SafetyFailure {
  const d = m.desired;
  const where = `${d.source.file}:${d.source.line}`;
  const parts: string[] = [];
  if (m.byId && m.byId.key !== d.key)
    parts.push(`user ${d.id ?? ''} has the email ${m.byId.email}`);
  if (m.byEmail && m.byEmail.id !== d.id)
    parts.push(`${m.byEmail.email} belongs to user ${m.byEmail.id}`);
  return failure(
    'ID_MISMATCH',
    `${where}: ${d.email} pins id ${d.id ?? ''}, but ${parts.join(' and ')}; the entry is left alone until the file or the group is corrected`,
  );
}
