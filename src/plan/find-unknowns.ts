/**
 * The `unknown_*` findings (design §2): what the API would not tell, said plainly, never turned into
 * "nothing to report". They never make `--detailed-exitcode` return 2 on their own.
 */
import type { GroupConfig } from '../model/group-config.js';
import type { LiveGroup } from '../model/live-group.js';
import type { Finding } from '../model/plan.js';
import { ROLES } from '../model/roles.js';
import type { GroupMatch } from './match-group.js';

/** One group-level `unknown_2fa`: who lacks 2FA could not be learnt, and why (gti-api.md §5). */
export function findUnknown2fa(config: GroupConfig, reason: string): Finding {
  const policy = config.policy.require_2fa ? ': policy.require_2fa cannot be checked' : '';
  return {
    kind: 'unknown_2fa',
    email: null,
    user_id: null,
    message: `who lacks two-factor authentication is unknown (${reason})${policy}`,
  };
}

/**
 * `unknown_roles`: one group-level finding when the members listing showed no roles (only admin is
 * compared; the others are left alone), and one per declared service account whose roles could
 * not be read (left alone: a write would replace a set gti-sync cannot see).
 */
export function findUnknownRoles(
  config: GroupConfig,
  live: LiveGroup,
  match: GroupMatch,
): Finding[] {
  const out: Finding[] = [];
  const unseen = ROLES.filter((role) =>
    match.managed.some((m) => (m.unknownRoles ?? []).includes(role)),
  );
  if (unseen.length > 0) {
    out.push({
      kind: 'unknown_roles',
      email: null,
      user_id: null,
      message: `the API did not report members' roles (no context_attributes): ${unseen.join(', ')} could not be seen and are left alone; only admin is compared`,
    });
  }
  const accounts = new Map(live.serviceAccounts.map((a) => [a.id, a]));
  for (const desired of config.serviceAccounts) {
    const account = accounts.get(desired.id);
    if (account === undefined || account.roles !== null) continue;
    out.push({
      kind: 'unknown_roles',
      email: null,
      user_id: account.id,
      service_account: account.name,
      message: `the API did not report the roles of service account ${account.name} (${account.id}): its roles are left alone`,
    });
  }
  return out;
}
