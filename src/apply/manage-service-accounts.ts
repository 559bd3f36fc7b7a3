/**
 * The service-account step of an apply (gti-api.md §4, endpoint 21): roles and the daily cap of
 * each service account, one entry an account, 40 a request. `roles` there replaces the whole set,
 * so an entry that changes roles carries the live set (unknown roles included) with the change
 * applied: the live sets are read once (⌈S/40⌉ requests) when some entry changes the roles of an
 * account that existed before this apply; an account created by this apply holds none. An account
 * whose roles the listing does not show is left alone (its role operations skipped, saying why).
 */
import type { GtiApi } from '../api/types.js';
import type { Operation } from '../model/operation.js';
import type { ApplyLedger } from './apply-ledger.js';
import { changesRoles, operationsOf, toServiceAccountEntry } from './build-role-entries.js';
import type { RoleEntry } from './build-role-entries.js';
import { isRunStopper } from './classify-error.js';
import { sendInBatches } from './send-in-batches.js';
import type { RunControl } from './send-in-batches.js';
import { stoppedReason } from './skip-reasons.js';
import type { SkipReason } from '../model/apply-report.js';

/** Why a role change of a service account is not sent. */
export function unreadableRolesReason(id: string): SkipReason {
  return {
    code: 'unreadable_roles',
    text: `left alone: the API did not show the roles of service account ${id}, and a roles write replaces the whole set`,
  };
}

/** What the step needs from the run. */
export interface ServiceAccountStep {
  api: GtiApi;
  gid: string;
  size: number;
  ledger: ApplyLedger;
  control: RunControl;
  onSettled: (count: number) => void;
}

/**
 * Sends `accounts` (service-account entries of buildRoleEntries) through endpoint 21; `created`
 * are the create_service_account operations this apply carried out.
 */
export async function manageServiceAccounts(
  step: ServiceAccountStep,
  accounts: readonly RoleEntry[],
  created: readonly Operation[],
): Promise<void> {
  const { ledger } = step;
  if (step.control.stopped) {
    const stopped = stoppedReason(step.control.stop);
    for (const entry of accounts) for (const op of operationsOf(entry)) ledger.skipped(op, stopped);
    return;
  }
  const fresh = new Set(
    created.map((op) => op.user_id ?? `${step.gid}_${op.service_account ?? ''}`),
  );
  const live = new Map<string, readonly string[] | null>();
  let readError: unknown;
  const mustRead = accounts.some((entry) => changesRoles(entry) && !fresh.has(entry.id));
  if (mustRead) {
    try {
      for await (const account of step.api.listGroupServiceAccounts(step.gid, {
        attributes: ['first_name'],
      })) {
        const roles = account.context_attributes?.roles;
        live.set(
          account.id,
          Array.isArray(roles) ? roles.filter((r) => typeof r === 'string') : null,
        );
      }
    } catch (error) {
      readError = error;
      if (isRunStopper(error)) {
        step.control.stop = error;
        step.control.stopped = true;
      }
    }
  }
  const rolesOf = (entry: RoleEntry): readonly string[] | null | undefined =>
    fresh.has(entry.id) && !live.has(entry.id) ? [] : live.get(entry.id);
  const sendable: RoleEntry[] = [];
  for (const entry of accounts) {
    if (!changesRoles(entry) || (rolesOf(entry) ?? null) !== null) {
      sendable.push(entry);
      continue;
    }
    // No live set to apply the change to: a roles write would replace roles unseen. The role
    // operations fail (the read failed) or are skipped (the listing shows no roles); the cap does
    // not depend on the roles and still goes out, alone.
    for (const op of [...entry.grants, ...entry.revokes]) {
      if (readError !== undefined) ledger.failed(op, readError);
      else ledger.skipped(op, unreadableRolesReason(entry.id));
    }
    if (entry.cap !== undefined) sendable.push({ ...entry, grants: [], revokes: [] });
  }
  const result = await sendInBatches(
    sendable,
    step.size,
    {
      send: (items) =>
        step.api.manageServiceAccounts(
          step.gid,
          items.map((entry) => toServiceAccountEntry(entry, rolesOf(entry) ?? [])),
        ),
      namesOf: (entry) => [
        entry.id,
        ...operationsOf(entry).flatMap((op) => op.service_account ?? []),
      ],
    },
    step.control,
    step.onSettled,
  );
  for (const entry of result.done) for (const op of operationsOf(entry)) ledger.done(op);
  for (const { item, error } of result.failed)
    for (const op of operationsOf(item)) ledger.failed(op, error);
  const stopped = stoppedReason(step.control.stop);
  for (const entry of result.notSent)
    for (const op of operationsOf(entry)) ledger.skipped(op, stopped);
}
