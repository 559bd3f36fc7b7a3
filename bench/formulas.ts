/**
 * The request formulas and round-trip floors of design §7, computed from a plan.
 */
import type { Operation } from '../src/model/operation.js';
import type { Plan } from '../src/model/plan.js';

/** Requests the design allows, and the round trips that must happen one after another. */
export interface Cost {
  requests: number;
  roundTrips: number;
}

const PAGE = 40;
const pages = (count: number): number => Math.ceil(count / PAGE);

/**
 * Plan of N members, A administrators and S service accounts: ⌈N/40⌉ + ⌈A/40⌉ + ⌈S/40⌉ + 1
 * requests (design §7), plus the pages of recent activity log read at the same time to find
 * pending invitations; the listings run at once, so the longest one (⌈N/40⌉ pages) sets the floor.
 */
export function planCost(
  members: number,
  admins: number,
  serviceAccounts: number,
  activityPages: number,
): Cost {
  return {
    requests:
      pages(Math.max(1, members)) +
      pages(Math.max(1, admins)) +
      pages(Math.max(1, serviceAccounts)) +
      1 +
      activityPages,
    roundTrips: pages(Math.max(1, members)),
  };
}

/** What applyCost needs of the live group beyond its member count. */
export interface LiveShape {
  /** Ids of the live administrators. */
  adminIds: ReadonlySet<string>;
  serviceAccounts: number;
  minAdmins: number;
}

/**
 * Apply with a adds, c service-account creations, r Manage Roles entries, s service accounts whose
 * roles or caps change, p per-user PATCHes and d removals: ⌈a/40⌉ + ⌈c/40⌉ + (⌈N'/40⌉ when new
 * members need ids) + ⌈r/40⌉ + ⌈s/40⌉ + p + d requests;
 * removals and PATCHes spread over `concurrency`. `invited`: added emails with no account. Plus
 * the two re-reads apply makes beyond design §7: the administrators (⌈A/40⌉) before the first
 * admin revocation or removal of an administrator, when `min_admins` is set (the floor counts
 * what is live then), and the service accounts (⌈S/40⌉) before changing the roles of existing
 * ones (endpoint 21 replaces the whole set).
 */
export function applyCost(
  plan: Plan,
  members: number,
  invited: ReadonlySet<string>,
  concurrency: number,
  live: LiveShape,
): Cost {
  const of = (kind: Operation['kind']) => plan.operations.filter((op) => op.kind === kind);
  const adds = of('add_member');
  const creates = of('create_service_account');
  const removals = of('remove_member');
  const addedEmails = new Set(adds.map((op) => (op.email ?? '').toLowerCase()));
  const targets = new Set<string>();
  const accounts = new Set<string>();
  const patched = new Set<string>();
  let needIds = false;
  for (const op of plan.operations) {
    if (op.kind !== 'grant_role' && op.kind !== 'revoke_role' && op.kind !== 'set_quota') continue;
    // Service accounts' roles and caps go through their own endpoint (21), 40 a request.
    if (op.service_account !== null) {
      accounts.add(op.service_account);
      continue;
    }
    const email = (op.email ?? '').toLowerCase();
    if (op.user_id === null && addedEmails.has(email)) needIds = true;
    if (invited.has(email)) continue;
    const target = op.user_id ?? email;
    if (op.kind === 'set_quota' && op.quota !== 'api_requests_daily') patched.add(target);
    else targets.add(target);
  }
  const joined = adds.filter((op) => !invited.has((op.email ?? '').toLowerCase())).length;
  const reread = needIds ? pages(members + joined) : 0;
  const created = new Set(creates.map((op) => op.service_account));
  const accountRoles = plan.operations.some(
    (op) =>
      (op.kind === 'grant_role' || op.kind === 'revoke_role') &&
      op.service_account !== null &&
      !created.has(op.service_account),
  );
  const demotes =
    plan.operations.some((op) => op.kind === 'revoke_role' && op.role === 'admin') ||
    removals.some((op) => live.adminIds.has(op.user_id ?? ''));
  const rereads =
    (demotes && live.minAdmins > 0 ? pages(Math.max(1, live.adminIds.size)) : 0) +
    (accountRoles ? pages(Math.max(1, live.serviceAccounts)) : 0);
  const requests =
    pages(adds.length) +
    pages(creates.length) +
    reread +
    rereads +
    pages(targets.size) +
    pages(accounts.size) +
    patched.size +
    removals.length;
  const roundTrips =
    pages(adds.length) +
    pages(creates.length) +
    reread +
    rereads +
    pages(targets.size) +
    pages(accounts.size) +
    Math.ceil(patched.size / concurrency) +
    Math.ceil(removals.length / concurrency);
  return { requests, roundTrips };
}
