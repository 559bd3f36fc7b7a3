/**
 * The errors of a key that cannot read a group, for the reports: the same codes and wording as
 * plan, audit and export (src/live/read-live-group.ts): GROUP_NOT_FOUND, NOT_GROUP_MEMBER,
 * NOT_GROUP_ADMIN. A report's own group calls answer the question (their 404 or 403), so a
 * successful report makes no request for it; only a refusal costs one or two more (who the key
 * belongs to, and, after an administrator's call was refused, whether the key is a member).
 */
import { ApiError } from '../api/errors.js';
import type { GtiApi } from '../api/types.js';
import { GtiSyncError } from '../model/errors.js';

/** What a group call needs: membership (reads 1–5) or an administrator (18, 19, 20). */
export type GroupAccess = 'member' | 'admin';

/**
 * `call` (a request on group `gid` that needs `access`), its 404 turned into GROUP_NOT_FOUND and
 * its 403 into NOT_GROUP_MEMBER or NOT_GROUP_ADMIN; any other failure passes through unchanged.
 */
export async function guardGroupCall<T>(
  api: GtiApi,
  gid: string,
  access: GroupAccess,
  call: Promise<T>,
): Promise<T> {
  try {
    return await call;
  } catch (error) {
    throw await explainRefusal(api, gid, access, error);
  }
}

/**
 * NOT_GROUP_ADMIN for a report that needs an administrator although the key's calls succeeded
 * (the API hides the administrators' attributes from a member instead of refusing): `why` says
 * what needs one.
 */
export async function notGroupAdmin(api: GtiApi, gid: string, why: string): Promise<GtiSyncError> {
  const who = await describeCaller(api);
  return new GtiSyncError(
    'NOT_GROUP_ADMIN',
    `the API key belongs to ${who}, a member of group ${gid} but not an administrator; ${why}`,
  );
}

async function explainRefusal(
  api: GtiApi,
  gid: string,
  access: GroupAccess,
  error: unknown,
): Promise<unknown> {
  const status = error instanceof ApiError ? error.status : undefined;
  if (status === 404) {
    return new GtiSyncError('GROUP_NOT_FOUND', `group ${gid} does not exist`, { cause: error });
  }
  if (status !== 403) return error;
  // An administrator's call refused: a member's call tells a member from an outsider.
  const member =
    access === 'member'
      ? Promise.resolve(false)
      : api.getGroup(gid).then(
          () => true,
          () => false,
        );
  const [who, isMember] = await Promise.all([describeCaller(api), member]);
  if (isMember) {
    return new GtiSyncError(
      'NOT_GROUP_ADMIN',
      `the API key belongs to ${who}, a member of group ${gid} but not an administrator; this report needs an administrator's key`,
      { cause: error },
    );
  }
  return new GtiSyncError(
    'NOT_GROUP_MEMBER',
    `the API key belongs to ${who}, who is not a member of group ${gid}; use the key of an administrator of ${gid}`,
    { cause: error },
  );
}

/** `id (email)` of the key's user, as plan names it; "an unknown user" when even that fails. */
async function describeCaller(api: GtiApi): Promise<string> {
  try {
    const me = await api.getCaller();
    return me.attributes.email ? `${me.id} (${me.attributes.email})` : me.id;
  } catch {
    return 'a user gti-sync could not look up';
  }
}
