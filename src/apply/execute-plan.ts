/**
 * Executes a plan against the API (design §4), with as few round trips as the API allows (§7):
 * add members (40 emails a request) → create service accounts (40 a request) → one re-read of the
 * members when new members need roles or caps → Manage Roles (one entry a user, 40 a request,
 * administrator grants before revocations) → PATCH /users/{uid} for caps Manage Roles does not
 * document → removals (DELETE, in parallel up to the concurrency limit).
 *
 * It keeps going past failures: a batch refused for one bad item is split and the rest proceeds;
 * only a spent quota (QUOTA_EXCEEDED) stops the run, leaving the rest skipped. Every step is
 * idempotent (an existing service account, a removal of a non-member count as done), so running
 * the plan of a fresh `plan` again after any failure converges.
 */
import type { GtiApi } from '../api/types.js';
import type { Operation, Plan } from '../plan/types.js';
import { AdminFloorGuard } from './admin-floor-guard.js';
import { ApplyLedger } from './apply-ledger.js';
import {
  buildRoleEntries,
  operationsOf,
  quotasOf,
  toManageRolesEntry,
  type QuotaPatch,
} from './build-role-entries.js';
import { isAlreadyExists, isRunStopper } from './classify-error.js';
import { resolveNewMembers } from './resolve-new-members.js';
import { runPool } from './run-pool.js';
import { sendInBatches, type BatchResult, type RunControl } from './send-in-batches.js';
import type { ApplyReport, ApplyStep, ExecuteOptions } from './types.js';

/** The API's maximum items per add / create / Manage Roles request. */
export const MAX_BATCH_SIZE = 40;
/** Removals in flight at once unless told otherwise. */
export const DEFAULT_CONCURRENCY = 8;

/** Applies `plan` and reports where every operation ended; throws only for a bug, never for an API error. */
export async function executePlan(
  api: GtiApi,
  plan: Plan,
  options: ExecuteOptions = {},
): Promise<ApplyReport> {
  const gid = plan.group;
  const size = Math.max(1, Math.min(MAX_BATCH_SIZE, options.batchSize ?? MAX_BATCH_SIZE));
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  // Own copies: the executor fills in the ids it learns.
  const ops: Operation[] = plan.operations.map((op) => ({ ...op }));
  const ledger = new ApplyLedger();
  const run: RunControl = { stop: undefined, stopped: false };
  const guard = new AdminFloorGuard(options.adminFloor);
  const progress = (step: ApplyStep, total: number): ((count: number) => void) => {
    let completed = 0;
    return (count) => {
      completed += count;
      options.onProgress?.({ step, completed, total });
    };
  };
  const pending = (kind: Operation['kind']): Operation[] =>
    ops.filter((op) => op.kind === kind && !ledger.has(op));

  for (const op of ops) {
    const problem = problemOf(op);
    if (problem !== null) ledger.failed(op, { code: 'INVALID_OPERATION', message: problem });
  }

  const adds = pending('add_member');
  const added = await sendInBatches(
    adds,
    size,
    { send: (items) => api.addGroupUsers(gid, items.map(emailOf)), namesOf: (op) => [emailOf(op)] },
    run,
    progress('add_members', adds.length),
  );
  recordFailures(added, ledger);

  const creates = pending('create_service_account');
  const created = await sendInBatches(
    creates,
    size,
    {
      send: (items) => api.createServiceAccounts(gid, items.map(nameOf)),
      namesOf: (op) => [nameOf(op), `${gid}_${nameOf(op)}`],
      isAlreadyDone: isAlreadyExists,
    },
    run,
    progress('create_service_accounts', creates.length),
  );
  recordFailures(created, ledger);
  for (const op of created.done) ledger.done(op);

  if (
    await resolveNewMembers(
      api,
      gid,
      ops,
      { added: added.done, created: created.done },
      ledger,
      run,
    )
  ) {
    options.onProgress?.({ step: 'read_members', completed: 1, total: 1 });
  }

  const roleOps = ops.filter(
    (op) =>
      (op.kind === 'grant_role' || op.kind === 'set_quota' || op.kind === 'revoke_role') &&
      !ledger.has(op),
  );
  const { entries, patches } = buildRoleEntries(roleOps);
  const managed = await sendInBatches(
    entries,
    size,
    {
      send: (items) => api.manageRoles(gid, items.map(toManageRolesEntry)),
      namesOf: (entry) => [
        entry.id,
        ...operationsOf(entry).flatMap((op) => (op.email === null ? [] : [op.email])),
      ],
      prepare: (items) => {
        const { send, held } = guard.prepareEntries(items);
        for (const op of held) ledger.skipped(op);
        return send;
      },
      onSent: (items) => guard.confirmEntries(items),
    },
    run,
    progress('manage_roles', entries.length),
  );
  for (const entry of managed.done) for (const op of operationsOf(entry)) ledger.done(op);
  for (const { item, error } of managed.failed)
    for (const op of operationsOf(item)) ledger.failed(op, error);

  await patchQuotas(
    api,
    patches,
    concurrency,
    ledger,
    run,
    progress('patch_quotas', patches.length),
  );
  await removeMembers(
    api,
    gid,
    pending('remove_member'),
    concurrency,
    guard,
    ledger,
    run,
    progress,
  );

  // Whatever has no outcome now was never tried: the run stopped first.
  return ledger.report(plan, ops);
}

async function patchQuotas(
  api: GtiApi,
  patches: readonly QuotaPatch[],
  concurrency: number,
  ledger: ApplyLedger,
  run: RunControl,
  settled: (count: number) => void,
): Promise<void> {
  await runPool(
    patches,
    concurrency,
    async (patch) => {
      try {
        await api.patchUserQuotas(patch.id, quotasOf(patch));
        for (const op of patch.ops) ledger.done(op);
      } catch (error) {
        stopOnQuota(error, run);
        for (const op of patch.ops) ledger.failed(op, error);
      }
      settled(1);
    },
    () => run.stopped,
  );
}

async function removeMembers(
  api: GtiApi,
  gid: string,
  removals: readonly Operation[],
  concurrency: number,
  guard: AdminFloorGuard,
  ledger: ApplyLedger,
  run: RunControl,
  progress: (step: ApplyStep, total: number) => (count: number) => void,
): Promise<void> {
  const settled = progress('remove_members', removals.length);
  await runPool(
    removals,
    concurrency,
    async (op) => {
      const id = op.user_id ?? '';
      const wasAdmin = guard.isAdmin(id);
      if (!guard.reserveRemoval(id)) {
        ledger.skipped(op);
      } else {
        try {
          // `false` (404: not a member) means it is already true.
          await api.removeGroupUser(gid, id);
          ledger.done(op);
        } catch (error) {
          guard.releaseRemoval(id, wasAdmin);
          stopOnQuota(error, run);
          ledger.failed(op, error);
        }
      }
      settled(1);
    },
    () => run.stopped,
  );
}

function recordFailures(result: BatchResult<Operation>, ledger: ApplyLedger): void {
  for (const { item, error } of result.failed) ledger.failed(item, error);
  for (const op of result.notSent) ledger.skipped(op);
}

function stopOnQuota(error: unknown, run: RunControl): void {
  if (isRunStopper(error)) {
    run.stop = error;
    run.stopped = true;
  }
}

function emailOf(op: Operation): string {
  return op.email ?? '';
}

function nameOf(op: Operation): string {
  return op.service_account ?? '';
}

/** Why an operation cannot be executed as given (a plan this version does not understand), or null. */
function problemOf(op: Operation): string | null {
  const who = op.user_id !== null || op.email !== null || op.service_account !== null;
  switch (op.kind) {
    case 'add_member':
      return op.email === null ? 'add_member without an email' : null;
    case 'create_service_account':
      return op.service_account === null ? 'create_service_account without a name' : null;
    case 'grant_role':
    case 'revoke_role':
      return op.role === null || !who ? `${op.kind} without a role or a user` : null;
    case 'set_quota':
      return op.quota === null || op.to === null || !who
        ? 'set_quota without a quota, a value or a user'
        : null;
    case 'remove_member':
      return op.user_id === null ? 'remove_member without a user id' : null;
  }
}
