/**
 * The plan fingerprint (design §3.5): `sha256:` over the canonical JSON of the operations and of the
 * live facts they were computed from. Usage numbers, 2FA, names and logins are left out on purpose:
 * a reviewed plan stays valid while usage ticks, and `apply --plan` refuses (STALE_PLAN) only when
 * something the operations depend on changed. The caller is left out too: the plan is often made
 * with one administrator's key (pull-request CI) and applied with another's (the protected apply
 * job), and apply re-checks the caller rules (REMOVES_CALLER, DEMOTES_CALLER) on its fresh plan.
 */
import { QUOTA_NAMES } from '../model/quotas.js';
import type { QuotaName } from '../model/quotas.js';
import type { JsonValue } from './canonical-json.js';
import { writeCanonicalJson } from './canonical-json.js';
import type { LiveGroup } from '../model/live-group.js';
import type { Operation } from '../model/operation.js';
import type { SelectionRequest } from '../model/plan.js';

/**
 * A SHA-256 over a text given in pieces: `feed` calls `write` with each piece in order; the result
 * is the hex digest of their UTF-8 concatenation. src/plan/ is pure, so the engine supplies it
 * (node:crypto, src/engine/hash-text.ts).
 */
export type HashPieces = (feed: (write: (piece: string) => void) => void) => string;

/**
 * `sha256:<64 hex>` of `canonicalJson(fingerprintFacts(operations, live))`, hashed by `sha256Hex`
 * as the canonical text is written (a large group is never built as one string).
 */
export function fingerprintPlan(
  operations: readonly Operation[],
  live: LiveGroup,
  sha256Hex: HashPieces,
  selection?: SelectionRequest,
): string {
  const facts = fingerprintFacts(operations, live, selection);
  return `sha256:${sha256Hex((write) => writeCanonicalJson(facts, write))}`;
}

/**
 * What the fingerprint covers, as compact tuples (a large group hashes fast): the group, each live
 * member as `[id, email key, roles, unknown roles, caps]` (sorted by id),
 * each service account as `[id, caps]` (`[id, caps, roles]` where it holds roles: apply sends the
 * whole live set, so a role granted by hand since the plan makes it stale), the pending invitations' email keys, and each operation as
 * `operationFacts` gives it, in plan order. Caps are `[quota, value]` pairs in QUOTA_NAMES order.
 * A partial plan (`selection`) adds `[targets (lower-cased, sorted), only kinds, no_removals]`, so a
 * reviewed partial plan cannot be applied as another selection; a whole plan's facts are unchanged.
 */
export function fingerprintFacts(
  operations: readonly Operation[],
  live: LiveGroup,
  selection?: SelectionRequest,
): JsonValue {
  const members = [...live.members]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((m): JsonValue => [
      m.id,
      m.key,
      [...m.roles],
      [...(m.unknownRoles ?? [])],
      capPairs(m.caps),
    ]);
  const serviceAccounts = [...live.serviceAccounts]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((a): JsonValue =>
      // Roles only where the service account holds some, so plans saved before service accounts
      // had roles keep their fingerprint.
      a.apiRoles !== null && a.apiRoles.length > 0
        ? [a.id, capPairs(a.caps), [...a.apiRoles].sort()]
        : [a.id, capPairs(a.caps)],
    );
  return {
    version: 1,
    group: live.group,
    members,
    service_accounts: serviceAccounts,
    pending_invitations: live.pendingInvitations.map((p) => p.key).sort(),
    operations: operations.map(operationFacts),
    ...(selection === undefined ? {} : { selection: selectionFacts(selection) }),
  };
}

/** What the fingerprint covers of a selection: its parameters, never its counts. */
function selectionFacts(selection: SelectionRequest): JsonValue {
  return [
    [...new Set(selection.targets.map((t) => t.toLowerCase()))].sort(),
    [...selection.only],
    selection.no_removals,
  ];
}

/**
 * What the fingerprint covers of one operation: `[kind, email, user_id, service_account, role,
 * quota, from, to, line]`. The line of the file, not its path: the same file named another way
 * (`./group.yaml`, another working directory) gives the same plan.
 */
export function operationFacts(op: Operation): JsonValue {
  return [
    op.kind,
    op.email,
    op.user_id,
    op.service_account,
    op.role,
    op.quota,
    op.from,
    op.to,
    op.source?.line ?? null,
  ];
}

function capPairs(caps: Partial<Record<QuotaName, number>>): JsonValue {
  const pairs: JsonValue[] = [];
  for (const quota of QUOTA_NAMES) {
    const value = caps[quota];
    if (value !== undefined) pairs.push([quota, value]);
  }
  return pairs;
}
