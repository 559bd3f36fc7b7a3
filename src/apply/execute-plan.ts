/**
 * Executes a plan against the API (design §4), with as few round trips as the API allows (§7):
 * add members (40 emails a request) → create service accounts (40 a request) → one re-read of the
 * members when new members need roles or caps → Manage Roles (one entry a user, 40 a request,
 * administrator grants before revocations) → service accounts' roles and daily caps (endpoint 21,
 * one entry an account, 40 a request; manage-service-accounts.ts) → PATCH /users/{uid} for caps
 * neither documents → removals (DELETE, in parallel up to the concurrency limit).
 *
 * It keeps going past failures: a batch refused for one bad item is split and the rest proceeds;
 * only a spent quota (QUOTA_EXCEEDED) stops the run, leaving the rest skipped. Every step is
 * idempotent (an existing service account, a removal of a non-member count as done), so running
 * the plan of a fresh `plan` again after any failure converges.
 */
import type { GtiApi } from '../api/types.js';
import { DEFAULT_CONCURRENCY, MAX_BATCH_SIZE } from '../model/limits.js';
import type { Operation } from '../model/operation.js';
import type { SafePlan } from '../plan/safe-plan.js';
import { AdminFloorGuard } from './admin-floor-guard.js';
import { ApplyLedger } from './apply-ledger.js';
import {
  adminEffectOf,
  buildRoleEntries,
  operationsOf,
  quotasOf,
  toManageRolesEntry,
  type QuotaPatch,
  type RoleEntry,
} from './build-role-entries.js';
import { manageServiceAccounts } from './manage-service-accounts.js';
import { isAlreadyExists, isRunStopper } from './classify-error.js';
import { resolveNewMembers } from './resolve-new-members.js';
import { runPool } from '../model/run-pool.js';
import { sendInBatches, type BatchResult, type RunControl } from './send-in-batches.js';
import { INTERRUPTED, adminFloorReason, stoppedReason } from './skip-reasons.js';
import type { ApplyReport, ApplyStep } from '../model/apply-report.js';
import type { ExecuteOptions } from './execute-options.js';

/** What every step of one apply shares. */
interface ApplyRun {
  api: GtiApi;
  gid: string;
  size: number;
  concurrency: number;
  /** The executor's own copies of the plan's operations: it fills in the ids it learns. */
  ops: Operation[];
  ledger: ApplyLedger;
  control: RunControl;
  guard: AdminFloorGuard;
  /** A counter for one step: call it with how many items settled. */
  progress(step: ApplyStep, total: number): (count: number) => void;
}

/**
 * Applies a plan that passed the safety checks (only the engine's approvePlan makes a SafePlan) and
 * reports where every operation ended; throws only for a bug, never for an API error.
 */
export async function executePlan(
  api: GtiApi,
  safe: SafePlan,
  options: ExecuteOptions = {},
): Promise<ApplyReport> {
  const plan = safe.plan;
  const run: ApplyRun = {
    api,
    gid: plan.group,
    size: Math.max(1, Math.min(MAX_BATCH_SIZE, options.batchSize ?? MAX_BATCH_SIZE)),
    concurrency: Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY),
    ops: plan.operations.map((op) => ({ ...op })),
    ledger: new ApplyLedger(),
    control: { stop: undefined, stopped: false },
    guard: new AdminFloorGuard(options.adminFloor),
    progress: (step, total) => {
      let completed = 0;
      return (count) => {
        completed += count;
        options.onProgress?.({ step, completed, total });
      };
    },
  };

  const interrupt = (): void => {
    // A spent quota that stopped the run first stays the reason.
    if (!run.control.stopped) run.control.stop = INTERRUPTED;
    run.control.stopped = true;
  };
  if (options.signal?.aborted === true) interrupt();
  options.signal?.addEventListener('abort', interrupt, { once: true });
  try {
    return await executeSteps(run, plan, options);
  } finally {
    options.signal?.removeEventListener('abort', interrupt);
  }
}

async function executeSteps(
  run: ApplyRun,
  plan: SafePlan['plan'],
  options: ExecuteOptions,
): Promise<ApplyReport> {
  const { api } = run;
  const added = await addMembers(run);
  const created = await createServiceAccounts(run);
  const earlier = { added, created };
  if (await resolveNewMembers(api, run.gid, run.ops, earlier, run.ledger, run.control)) {
    run.progress('read_members', 1)(1);
  }
  const { patches, accounts } = await manageRoles(run);
  await manageServiceAccounts(
    {
      api,
      gid: run.gid,
      size: run.size,
      ledger: run.ledger,
      control: run.control,
      onSettled: run.progress('manage_service_accounts', accounts.length),
    },
    accounts,
    created,
  );
  await patchQuotas(run, patches);
  await removeMembers(run);
  // Whatever has no outcome now was never tried: the run stopped first.
  const report = run.ledger.report(plan, run.ops, stoppedReason(run.control.stop));
  return options.signal?.aborted === true ? { ...report, interrupted: true } : report;
}

/** Adds members by email; returns the accepted adds (done or invited: the re-read tells). */
async function addMembers(run: ApplyRun): Promise<Operation[]> {
  const adds = pending(run, 'add_member');
  const result = await sendInBatches(
    adds,
    run.size,
    {
      send: (items) => run.api.addGroupUsers(run.gid, items.map(emailOf)),
      namesOf: (op) => [emailOf(op)],
    },
    run.control,
    run.progress('add_members', adds.length),
  );
  recordFailures(run, result);
  return result.done;
}

/** Creates service accounts; one that already exists counts as done. Returns the done ones. */
async function createServiceAccounts(run: ApplyRun): Promise<Operation[]> {
  const creates = pending(run, 'create_service_account');
  const result = await sendInBatches(
    creates,
    run.size,
    {
      send: (items) => run.api.createServiceAccounts(run.gid, items.map(nameOf)),
      namesOf: (op) => [nameOf(op), `${run.gid}_${nameOf(op)}`],
      isAlreadyDone: isAlreadyExists,
    },
    run.control,
    run.progress('create_service_accounts', creates.length),
  );
  recordFailures(run, result);
  for (const op of result.done) run.ledger.done(op);
  return result.done;
}

/**
 * Sends the members' role and daily-cap changes as Manage Roles entries, keeping the administrator
 * floor; returns the service accounts' entries (endpoint 21) and the caps left for PATCH /users/{uid}.
 */
async function manageRoles(
  run: ApplyRun,
): Promise<{ patches: QuotaPatch[]; accounts: RoleEntry[] }> {
  const { ledger, guard } = run;
  const roleOps = run.ops.filter(
    (op) =>
      (op.kind === 'grant_role' || op.kind === 'set_quota' || op.kind === 'revoke_role') &&
      !ledger.has(op),
  );
  const { entries, accounts, patches } = buildRoleEntries(roleOps);
  if (entries.some((entry) => adminEffectOf(entry) === -1)) await refreshAdmins(run);
  const result = await sendInBatches(
    entries,
    run.size,
    {
      send: (items) => run.api.manageRoles(run.gid, items.map(toManageRolesEntry)),
      namesOf: (entry) => [entry.id, ...operationsOf(entry).flatMap((op) => op.email ?? [])],
      prepare: (items) => {
        const { send, held } = guard.prepareEntries(items);
        for (const op of held) ledger.skipped(op, adminFloorReason(guard.minAdmins));
        return send;
      },
      onSent: (items) => guard.confirmEntries(items),
    },
    run.control,
    run.progress('manage_roles', entries.length),
  );
  for (const entry of result.done) for (const op of operationsOf(entry)) ledger.done(op);
  for (const { item, error } of result.failed) {
    for (const op of operationsOf(item)) ledger.failed(op, error);
  }
  const stopped = stoppedReason(run.control.stop);
  for (const entry of result.notSent)
    for (const op of operationsOf(entry)) ledger.skipped(op, stopped);
  return { patches, accounts };
}

/** One PATCH /users/{uid} per user for the caps Manage Roles does not document, in parallel. */
async function patchQuotas(run: ApplyRun, patches: readonly QuotaPatch[]): Promise<void> {
  const settled = run.progress('patch_quotas', patches.length);
  await runPool(
    patches,
    run.concurrency,
    async (patch) => {
      try {
        await run.api.patchUserQuotas(patch.id, quotasOf(patch));
        for (const op of patch.ops) run.ledger.done(op);
      } catch (error) {
        stopOnQuota(run, error);
        for (const op of patch.ops) run.ledger.failed(op, error);
      }
      settled(1);
    },
    () => run.control.stopped,
  );
}

/** DELETEs in parallel; a 404 (not a member) is done; never below the administrator floor. */
async function removeMembers(run: ApplyRun): Promise<void> {
  const { guard, ledger } = run;
  const removals = pending(run, 'remove_member');
  if (removals.some((op) => guard.isAdmin(op.user_id ?? ''))) await refreshAdmins(run);
  const settled = run.progress('remove_members', removals.length);
  await runPool(
    removals,
    run.concurrency,
    async (op) => {
      const id = op.user_id ?? '';
      const wasAdmin = guard.isAdmin(id);
      if (!guard.reserveRemoval(id)) {
        ledger.skipped(op, adminFloorReason(guard.minAdmins));
      } else {
        try {
          // Resolves `false` on 404 (not a member): already true.
          await run.api.removeGroupUser(run.gid, id);
          ledger.done(op);
        } catch (error) {
          guard.releaseRemoval(id, wasAdmin);
          stopOnQuota(run, error);
          ledger.failed(op, error);
        }
      }
      settled(1);
    },
    () => run.control.stopped,
  );
}

/**
 * Re-reads the administrators (one listing, ⌈A/40⌉ requests) once per apply, right before its
 * first revocation or removal of an administrator. A failed read keeps what the apply knew.
 */
async function refreshAdmins(run: ApplyRun): Promise<void> {
  if (run.guard.refreshed || run.control.stopped || run.guard.minAdmins === 0) return;
  try {
    const ids: string[] = [];
    for await (const admin of run.api.listGroupRelationship(run.gid, 'administrators')) {
      ids.push(admin.id);
    }
    run.guard.refresh(ids);
  } catch (error) {
    stopOnQuota(run, error);
  }
}

function pending(run: ApplyRun, kind: Operation['kind']): Operation[] {
  return run.ops.filter((op) => op.kind === kind && !run.ledger.has(op));
}

function recordFailures(run: ApplyRun, result: BatchResult<Operation>): void {
  for (const { item, error } of result.failed) run.ledger.failed(item, error);
  for (const op of result.notSent) run.ledger.skipped(op, stoppedReason(run.control.stop));
}

function stopOnQuota(run: ApplyRun, error: unknown): void {
  if (isRunStopper(error)) {
    run.control.stop = error;
    run.control.stopped = true;
  }
}

function emailOf(op: Operation): string {
  return op.email ?? '';
}

function nameOf(op: Operation): string {
  return op.service_account ?? '';
}
