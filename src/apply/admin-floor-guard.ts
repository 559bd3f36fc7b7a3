/**
 * Keeps the administrator floor (policy `min_admins`) at every point of an apply, counting only
 * what has actually succeeded. The plan's safety check proves the end state keeps the floor when
 * every step succeeds; this guard covers the case where a grant failed and a later revocation or
 * removal would otherwise go below it: that revocation or removal is held back (skipped).
 */
import type { Operation } from '../model/operation.js';
import { adminEffectOf, operationsOf, type RoleEntry } from './build-role-entries.js';
import type { AdminFloor } from './execute-options.js';

/** Tracks the administrators of the group as the apply changes them. */
export class AdminFloorGuard {
  private admins: Set<string>;
  /** Whether the administrators were re-read during this apply (see `refresh`). */
  refreshed = false;
  /** The floor: fewer administrators than this is never allowed. */
  readonly minAdmins: number;

  /** Without a floor every change is allowed. */
  constructor(floor: AdminFloor | undefined) {
    this.admins = new Set(floor?.adminIds ?? []);
    this.minAdmins = floor?.minAdmins ?? 0;
  }

  /**
   * For one Manage Roles request (applied all at once): the entries to send, without any
   * administrator revocation that would leave fewer than `minAdmins` even if every grant of the
   * request succeeds; `held` lists the revocations taken out.
   */
  prepareEntries(entries: readonly RoleEntry[]): { send: RoleEntry[]; held: Operation[] } {
    const projected = new Set(this.admins);
    for (const entry of entries) if (adminEffectOf(entry) === 1) projected.add(entry.id);
    const send: RoleEntry[] = [];
    const held: Operation[] = [];
    for (const entry of entries) {
      if (adminEffectOf(entry) !== -1 || !projected.has(entry.id)) {
        send.push(entry);
      } else if (projected.size - 1 >= this.minAdmins) {
        projected.delete(entry.id);
        send.push(entry);
      } else {
        const revokes = entry.revokes.filter((op) => op.role !== 'admin');
        held.push(...entry.revokes.filter((op) => op.role === 'admin'));
        const kept = { ...entry, revokes };
        if (operationsOf(kept).length > 0) send.push(kept);
      }
    }
    return { send, held };
  }

  /**
   * Replaces what the guard knows with the administrators the API lists now (read right before
   * the first revocation or removal of an administrator), so a concurrent apply or a change made
   * since the plan cannot make this one break the floor.
   */
  refresh(adminIds: Iterable<string>): void {
    this.admins = new Set(adminIds);
    this.refreshed = true;
  }

  /** Records the effect of entries the API accepted. */
  confirmEntries(entries: readonly RoleEntry[]): void {
    for (const entry of entries) {
      const effect = adminEffectOf(entry);
      if (effect === 1) this.admins.add(entry.id);
      if (effect === -1) this.admins.delete(entry.id);
    }
  }

  /** Before removing `id`: false when it would break the floor; otherwise counts it as gone. */
  reserveRemoval(id: string): boolean {
    if (!this.admins.has(id)) return true;
    if (this.admins.size - 1 < this.minAdmins) return false;
    this.admins.delete(id);
    return true;
  }

  /** A removal reserved with `reserveRemoval` failed: `id` is still an administrator. */
  releaseRemoval(id: string, wasAdmin: boolean): void {
    if (wasAdmin) this.admins.add(id);
  }

  /** Whether `id` is an administrator as far as this apply knows. */
  isAdmin(id: string): boolean {
    return this.admins.has(id);
  }
}
