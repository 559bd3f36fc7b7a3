/**
 * Targeted runs (issue 13 item 4): `--target`, `--only` and `--no-removals` keep part of a plan's
 * operations. Pure: the engine applies it in computePlan, before the safety checks, so the checks
 * judge what remains.
 */
import { GtiSyncError } from '../model/errors.js';
import type { GroupConfig } from '../model/group-config.js';
import type { LiveGroup } from '../model/live-group.js';
import { OPERATION_KINDS } from '../model/operation.js';
import type { Operation, OperationKind } from '../model/operation.js';
import type { PlanSelection, SelectionRequest } from '../model/plan.js';

/** The flags as the command line gave them, before they are checked. */
export interface SelectionFlags {
  targets: readonly string[];
  /** Each `--only` value (comma-separated kinds). */
  only: readonly string[];
  noRemovals: boolean;
}

/**
 * Checks the flags: every `--only` kind must be an operation kind (BAD_FLAG, with a did-you-mean),
 * an empty `--target` is BAD_FLAG. Targets are trimmed and deduplicated (case-insensitively), kinds
 * put in execution order, so the same selection always records the same way.
 */
export function parseSelection(flags: SelectionFlags): SelectionRequest {
  const targets: string[] = [];
  const seen = new Set<string>();
  for (const raw of flags.targets) {
    const target = raw.trim();
    if (target === '') throw new GtiSyncError('BAD_FLAG', '--target needs an email, id or name');
    if (!seen.has(target.toLowerCase())) targets.push(target);
    seen.add(target.toLowerCase());
  }
  const kinds = new Set<OperationKind>();
  for (const value of flags.only) {
    for (const part of value.split(',')) {
      const name = part.trim();
      const kind = OPERATION_KINDS.find((k) => k === name);
      if (kind === undefined) {
        const hint = closestKind(name);
        throw new GtiSyncError(
          'BAD_FLAG',
          `--only: "${name}" is not an operation kind` +
            (hint === undefined ? '' : ` (did you mean ${hint}?)`) +
            `; kinds: ${OPERATION_KINDS.join(', ')}`,
        );
      }
      kinds.add(kind);
    }
  }
  return {
    targets,
    only: OPERATION_KINDS.filter((k) => kinds.has(k)),
    no_removals: flags.noRemovals,
  };
}

/**
 * The targets that name nothing: neither a declared nor a live member (by email or user id) nor a
 * declared or live service account (by name or id). A typo during an incident must not silently
 * plan nothing, so the engine refuses them (UNKNOWN_TARGET).
 */
export function unknownTargets(
  targets: readonly string[],
  config: GroupConfig,
  live: LiveGroup,
): string[] {
  const known = new Set<string>();
  const add = (value: string | null | undefined) => {
    if (value !== null && value !== undefined) known.add(value.toLowerCase());
  };
  for (const m of config.members) {
    add(m.email);
    add(m.id);
  }
  for (const a of config.serviceAccounts) {
    add(a.name);
    add(a.id);
  }
  for (const m of live.members) {
    add(m.email);
    add(m.id);
  }
  for (const a of live.serviceAccounts) {
    add(a.name);
    add(a.id);
  }
  return targets.filter((t) => !known.has(t.toLowerCase()));
}

/**
 * The operations `request` keeps, in plan order, and the counts of each kind left out. A role or
 * cap operation on a member (or service account) whose `add_member` (`create_service_account`) is
 * left out is left out too: it could not run without it.
 */
export function selectOperations(
  operations: readonly Operation[],
  request: SelectionRequest,
): { operations: Operation[]; selection: PlanSelection } {
  const targets = new Set(request.targets.map((t) => t.toLowerCase()));
  const kinds = new Set<OperationKind>(request.only);
  const wanted = (op: Operation): boolean => {
    if (request.no_removals && op.kind === 'remove_member') return false;
    if (kinds.size > 0 && !kinds.has(op.kind)) return false;
    if (targets.size === 0) return true;
    return [op.email, op.user_id, op.service_account].some(
      (v) => v !== null && targets.has(v.toLowerCase()),
    );
  };
  const droppedCreations = new Set<string>();
  for (const op of operations) {
    if ((op.kind === 'add_member' || op.kind === 'create_service_account') && !wanted(op)) {
      droppedCreations.add(subjectOf(op));
    }
  }
  const kept: Operation[] = [];
  const left_out: Record<OperationKind, number> = {
    add_member: 0,
    create_service_account: 0,
    grant_role: 0,
    set_quota: 0,
    revoke_role: 0,
    remove_member: 0,
  };
  for (const op of operations) {
    const dependent =
      op.kind !== 'add_member' &&
      op.kind !== 'create_service_account' &&
      droppedCreations.has(subjectOf(op));
    if (wanted(op) && !dependent) kept.push(op);
    else left_out[op.kind] += 1;
  }
  return {
    operations: kept,
    selection: {
      targets: [...request.targets],
      only: [...request.only],
      no_removals: request.no_removals,
      left_out,
    },
  };
}

/** The number of operations a selection left out. */
export function leftOutCount(selection: PlanSelection): number {
  return OPERATION_KINDS.reduce((sum, k) => sum + selection.left_out[k], 0);
}

/** Whether two selections ask for the same thing (targets compared case-insensitively, as sets). */
export function sameRequest(a: SelectionRequest, b: SelectionRequest): boolean {
  const norm = (r: SelectionRequest) =>
    JSON.stringify([
      [...new Set(r.targets.map((t) => t.toLowerCase()))].sort(),
      [...r.only].sort(),
      r.no_removals,
    ]);
  return norm(a) === norm(b);
}

/** Who an operation is for: a service account by name, a member by lower-cased email. */
function subjectOf(op: Operation): string {
  return op.service_account !== null
    ? `sa:${op.service_account.toLowerCase()}`
    : `m:${op.email.toLowerCase()}`;
}

function closestKind(name: string): string | undefined {
  const lower = name.toLowerCase();
  let best: { kind: string; distance: number } | undefined;
  for (const kind of OPERATION_KINDS) {
    const distance = kind.includes(lower) && lower.length >= 3 ? 1 : editDistance(lower, kind);
    if (distance <= 3 && (best === undefined || distance < best.distance)) {
      best = { kind, distance };
    }
  }
  return best?.kind;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
