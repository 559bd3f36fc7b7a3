/**
 * The whole plan (design §3): operations, findings, safety failures, summary and fingerprint, from a
 * group file and the live group. Pure: the same inputs always give the same plan.
 */
import type { GroupConfig } from '../model/group-config.js';
import { OPERATION_KINDS } from '../model/operation.js';
import type { LiveGroup } from '../model/live-group.js';
import type { Operation, OperationKind } from '../model/operation.js';
import { isPartialRequest } from '../model/plan.js';
import type { Plan, SelectionRequest } from '../model/plan.js';
import { selectOperations } from './select-operations.js';
import { matchGroup } from './match-group.js';
import { diffMatched } from './diff-group.js';
import { findingsOfMatch } from './compute-findings.js';
import { safetyOfMatch } from './check-safety.js';
import { fingerprintPlan } from './fingerprint-plan.js';
import type { HashPieces } from './fingerprint-plan.js';

/**
 * Builds the plan of `config` against `live`, as of `now` (expiry and warnings use its UTC day);
 * `sha256Hex` hashes the fingerprint's canonical text (the engine's computePlan passes node:crypto).
 * A `selection` that selects something makes a partial plan: only the selected operations, checked
 * for safety and fingerprinted with the selection's parameters, and `plan.selection` set.
 */
export function buildPlan(
  config: GroupConfig,
  live: LiveGroup,
  options: { now: Date; sha256Hex: HashPieces; selection?: SelectionRequest | undefined },
): Plan {
  const match = matchGroup(config, live, options.now);
  const all = diffMatched(config, live, match);
  const request = isPartialRequest(options.selection) ? options.selection : undefined;
  const selected = request === undefined ? undefined : selectOperations(all, request);
  const operations = selected?.operations ?? all;
  return {
    version: 1,
    group: config.group,
    fingerprint: fingerprintPlan(operations, live, options.sha256Hex, request),
    operations,
    findings: findingsOfMatch(config, live, match, 'plan'),
    safety: safetyOfMatch(operations, config, live, match),
    summary: summarizeOperations(operations),
    ...(selected === undefined ? {} : { selection: selected.selection }),
  };
}

/** Counts of each operation kind, every kind present (0 when none). */
function summarizeOperations(operations: readonly Operation[]): Record<OperationKind, number> {
  const summary: Record<OperationKind, number> = {
    add_member: 0,
    create_service_account: 0,
    grant_role: 0,
    set_quota: 0,
    revoke_role: 0,
    remove_member: 0,
  };
  for (const op of operations) summary[op.kind] += 1;
  // OPERATION_KINDS is the contract; a kind added there must be counted here too.
  for (const kind of OPERATION_KINDS) summary[kind] ??= 0;
  return summary;
}
