/** Words shared by the plan renderers: symbols, subjects, details, locations, the summary line. */
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
  if (op.service_account !== null) return `service account ${op.service_account}`;
  return op.email;
}

/** What an operation changes: the role, `quota: from → to`, or nothing. */
export function describeDetail(op: Operation): string {
  if (op.role !== null) return op.role;
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
  return op.source === null ? '' : `${op.source.file}:${op.source.line}`;
}

/** How many operations add, change and remove, by symbol. */
export function countBySymbol(plan: Plan): { add: number; change: number; remove: number } {
  const counts = { add: 0, change: 0, remove: 0 };
  for (const op of plan.operations) {
    const symbol = OPERATION_SYMBOL[op.kind];
    if (symbol === '+') counts.add++;
    else if (symbol === '~') counts.change++;
    else counts.remove++;
  }
  return counts;
}

/** `Plan: 2 to add, 4 to change, 1 to remove.` or `No changes. The group matches the file.` */
export function summaryLine(plan: Plan): string {
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
    `Partial plan: ${count} operation${count === 1 ? '' : 's'} left out (${flags.join(', ')})` +
    (kinds.length > 0 ? `: ${kinds.join(', ')}` : '')
  );
}
