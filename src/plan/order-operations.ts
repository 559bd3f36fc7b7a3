/** The total, deterministic order of operations (design §3.2, §4). */
import { QUOTA_NAMES } from '../model/quotas.js';
import { ROLES } from '../model/roles.js';
import { OPERATION_KINDS } from '../model/operation.js';
import type { Operation } from '../model/operation.js';

/**
 * A sorted copy of `ops`: by kind in OPERATION_KINDS (execution) order, then lower-cased email,
 * user id, service account name, role (ROLES order), quota (QUOTA_NAMES order). Strings compare
 * by code unit, never by locale, so every machine sorts alike.
 */
export function orderOperations(ops: readonly Operation[]): Operation[] {
  return ops
    .map((op) => ({ op, key: sortKey(op) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map((entry) => entry.op);
}

interface SortKey {
  numbers: [number, number, number];
  strings: [string, string, string];
}

function sortKey(op: Operation): SortKey {
  return {
    numbers: [
      OPERATION_KINDS.indexOf(op.kind),
      op.role === null ? -1 : ROLES.indexOf(op.role),
      op.quota === null ? -1 : QUOTA_NAMES.indexOf(op.quota),
    ],
    strings: [op.email?.toLowerCase() ?? '', op.user_id ?? '', op.service_account ?? ''],
  };
}

function compareKeys(a: SortKey, b: SortKey): number {
  return (
    compareNumber(a.numbers[0], b.numbers[0]) ||
    compareString(a.strings[0], b.strings[0]) ||
    compareString(a.strings[1], b.strings[1]) ||
    compareString(a.strings[2], b.strings[2]) ||
    compareNumber(a.numbers[1], b.numbers[1]) ||
    compareNumber(a.numbers[2], b.numbers[2])
  );
}

function compareNumber(a: number, b: number): number {
  return a - b;
}

function compareString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
