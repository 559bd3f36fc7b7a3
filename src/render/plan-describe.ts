/** Words shared by the plan renderers: symbols, subjects, details, locations, the summary line. */
import { escapeControl } from '../model/escape-control.js';
import type { Operation, OperationKind } from '../model/operation.js';
import type { Plan } from '../model/plan.js';

/** Terraform's symbols: `+` adds, `~` changes, `-` removes. */
export const OPERATION_SYMBOL: Readonly<Record<OperationKind, '+' | '~' | '-'>> = {
  add_member: '+',
  create_service_account: '+',
  grant_role: '+',
  set_quota: '~',
  revoke_role: '-',
  remove_member: '-',
};

/** Who an operation is about: the email, or `service account NAME`. */
export function describeSubject(op: Operation): string {
  if (op.service_account !== null) return `service account ${escapeControl(op.service_account)}`;
  return escapeControl(op.email);
}

/** What an operation changes: the role, `quota: from → to`, or nothing. */
export function describeDetail(op: Operation): string {
  if (op.role !== null) return escapeControl(op.role);
  if (op.quota !== null) return `${op.quota}: ${formatCap(op.from)} → ${formatCap(op.to)}`;
  if (op.kind === 'remove_member' && op.user_id !== null) return `(user ${op.user_id})`;
  return '';
}

/** A cap for display: the number, or `none` (no personal cap). */
export function formatCap(cap: number | null): string {
  return cap === null ? 'none' : String(cap);
}

/** `file:line` of the entry that asks for the operation, or `` for removals. */
export function describeSource(op: Operation): string {
  return op.source === null ? '' : `${escapeControl(op.source.file)}:${op.source.line}`;
}

/**
 * Terraform's counts: each member or service account counts once. A new member (or service
 * account) with its roles and caps is 1 to add; a removed member with its revocations is 1 to
 * remove; on a member that stays, each role grant and cap change is 1 to change and each
 * revocation 1 to remove.
 */
export function countBySymbol(plan: Pick<Plan, 'operations'>): {
  add: number;
  change: number;
  remove: number;
} {
  const subject = (op: Operation): string =>
    op.service_account !== null ? `sa:${op.service_account}` : `m:${op.email}`;
  const added = new Set<string>();
  const removed = new Set<string>();
  for (const op of plan.operations) {
    if (op.kind === 'add_member' || op.kind === 'create_service_account') added.add(subject(op));
    if (op.kind === 'remove_member') removed.add(subject(op));
  }
  const counts = { add: 0, change: 0, remove: 0 };
  for (const op of plan.operations) {
    const who = subject(op);
    if (op.kind === 'add_member' || op.kind === 'create_service_account') counts.add++;
    else if (op.kind === 'remove_member') counts.remove++;
    else if (added.has(who) || removed.has(who)) continue;
    else if (op.kind === 'revoke_role') counts.remove++;
    else counts.change++;
  }
  return counts;
}

/** `Plan: 2 to add, 4 to change, 1 to remove.` or `No changes. The group matches the file.` */
export function summaryLine(plan: Pick<Plan, 'operations' | 'selection'>): string {
  if (plan.operations.length === 0 && plan.selection !== undefined)
    return 'No changes in the selection.';
  if (plan.operations.length === 0) return 'No changes. The group matches the file.';
  const { add, change, remove } = countBySymbol(plan);
  return `Plan: ${add} to add, ${change} to change, ${remove} to remove.`;
}

/**
 * `Partial plan: N operations left out (--target a, --only grant_role)` for a partial plan
 * (`plan.selection`), else undefined.
 */
export function partialLine(plan: Plan): string | undefined {
  const selection = plan.selection;
  if (selection === undefined) return undefined;
  const count = Object.values(selection.left_out).reduce((sum, n) => sum + n, 0);
  const flags = [
    ...selection.targets.map((t) => `--target ${t}`),
    ...(selection.only.length > 0 ? [`--only ${selection.only.join(',')}`] : []),
    ...(selection.no_removals ? ['--no-removals'] : []),
  ];
  const kinds = Object.entries(selection.left_out)
    .filter(([, n]) => n > 0)
    .map(([kind, n]) => `${n} ${kind}`);
  return (
    `Partial plan: ${count} operation${count === 1 ? '' : 's'} left out (${escapeControl(flags.join(', '))})` +
    (kinds.length > 0 ? `: ${kinds.join(', ')}` : '')
  );
}
