/**
 * After the adds: learn the ids of new members (one re-read of the members, pages of 40, only
 * when a new member has roles or caps to set), fill them into the follow-up operations, and tell
 * members from invitations. An added email that is not a member now is an invitation awaiting
 * sign-up (not a failure); its follow-up operations are skipped, as are those of a failed add.
 */
import type { GtiApi } from '../api/types.js';
import type { Operation } from '../model/operation.js';
import type { ApplyLedger } from './apply-ledger.js';
import { isRunStopper } from './classify-error.js';
import type { RunControl } from './send-in-batches.js';
import { dependencyReason, invitedReason, notMemberReason, stoppedReason } from './skip-reasons.js';

const FOLLOW_UPS: ReadonlySet<Operation['kind']> = new Set([
  'grant_role',
  'set_quota',
  'revoke_role',
]);

/** What the adds and creations of this apply did. */
export interface EarlierSteps {
  /** `add_member` operations the API accepted. */
  added: readonly Operation[];
  /** `create_service_account` operations the API accepted (or that already were true). */
  created: readonly Operation[];
}

/**
 * Fills `user_id` in the pending follow-up operations of `ops` (mutating them: they are the
 * executor's own copies) and records the outcome of every accepted add. Returns whether the
 * members were re-read.
 */
export async function resolveNewMembers(
  api: GtiApi,
  gid: string,
  ops: readonly Operation[],
  earlier: EarlierSteps,
  ledger: ApplyLedger,
  run: RunControl,
): Promise<boolean> {
  const addByKey = new Map<string, Operation>();
  for (const op of ops)
    if (op.kind === 'add_member' && op.email !== null) addByKey.set(op.email.toLowerCase(), op);
  const accepted = new Set<Operation>([...earlier.added, ...earlier.created]);
  const createByName = new Map<string, Operation>();
  for (const op of ops) {
    if (op.kind === 'create_service_account' && op.service_account !== null)
      createByName.set(op.service_account, op);
  }

  const needIds: Operation[] = [];
  for (const op of ops) {
    if (!FOLLOW_UPS.has(op.kind) || ledger.has(op)) continue;
    if (op.service_account !== null) {
      // A service account's id is known in advance; its caps still need the account to exist.
      const create = createByName.get(op.service_account);
      if (create !== undefined && !accepted.has(create))
        ledger.skipped(op, dependencyReason(create, ledger.outcomeOf(create)));
      else op.user_id ??= `${gid}_${op.service_account}`;
      continue;
    }
    if (op.user_id !== null) continue;
    const add = addByKey.get((op.email ?? '').toLowerCase());
    if (add !== undefined && !accepted.has(add))
      ledger.skipped(op, dependencyReason(add, ledger.outcomeOf(add)));
    else needIds.push(op);
  }

  if (needIds.length === 0 || run.stopped) {
    for (const op of earlier.added) ledger.done(op);
    for (const op of needIds) ledger.skipped(op, stoppedReason(run.stop));
    return false;
  }

  let ids: Map<string, string>;
  try {
    ids = await readMemberIds(api, gid);
  } catch (error) {
    if (isRunStopper(error)) {
      run.stop = error;
      run.stopped = true;
    }
    for (const op of earlier.added) ledger.done(op);
    for (const op of needIds) ledger.failed(op, error);
    return true;
  }

  for (const op of earlier.added) {
    const id = ids.get((op.email ?? '').toLowerCase());
    if (id === undefined) {
      ledger.invited(op);
    } else {
      op.user_id = id;
      ledger.done(op);
    }
  }
  for (const op of needIds) {
    const email = op.email ?? '';
    const id = ids.get(email.toLowerCase());
    if (id !== undefined) op.user_id = id;
    else if (addByKey.has(email.toLowerCase())) ledger.skipped(op, invitedReason(email));
    else ledger.skipped(op, notMemberReason(email));
  }
  return true;
}

/** Lower-cased email → user id of every member of the group. */
async function readMemberIds(api: GtiApi, gid: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for await (const user of api.listGroupUsers(gid, { attributes: ['email'] })) {
    const email = user.attributes.email;
    if (typeof email === 'string') ids.set(email.toLowerCase(), user.id);
  }
  return ids;
}
