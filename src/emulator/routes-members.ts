/**
 * Membership writes (gti-api.md §2, endpoints 6, 8, 10, 11 and 13): add by email (or invite),
 * remove, grant and revoke admin the older way, create service accounts. Each needs an
 * administrator of the group; a batch is checked whole before anything is applied.
 */
import { createHash } from 'node:crypto';
import { alreadyExists, emptyAnswer, invalidArgument, notFound } from './api-failure.js';
import type { ApiAnswer } from './api-failure.js';
import { param, requireAdmin, requireGroup } from './route-context.js';
import type { Route, RouteContext } from './route-context.js';
import type { SeedUser } from './types.js';
import { checkNewGrants } from './role-grants.js';
import { isEmail, logChange, readDescriptors } from './write-body.js';
import { ADMIN_ROLE, addServiceAccount, currentEpochSeconds, serviceAccountId } from './world.js';

/** Service account names the emulator accepts. */
const SERVICE_ACCOUNT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks the group exists and the caller administers it; returns its id. */
export function adminWrite(ctx: RouteContext): string {
  const group = requireGroup(ctx);
  requireAdmin(ctx, group.id);
  return group.id;
}

/**
 * A current member of `gid` by id, or 404 `NotFoundError`. A service account of `gid` is 400 (not
 * 404, which a client reads as "already removed"); another group's is 404 like any non-member.
 */
function requireMemberUser(ctx: RouteContext, gid: string, uid: string): SeedUser {
  if (ctx.world.serviceAccounts.get(uid)?.group === gid) {
    throw invalidArgument(
      `${uid} is a service account; service accounts cannot be removed through the API`,
    );
  }
  const user = ctx.world.users.get(uid);
  if (user === undefined || user.group !== gid)
    throw notFound(`User ${uid} is not a member of group ${gid}`);
  return user;
}

/** Endpoint 6: every email is checked first (400 not an email, 409 in another group). */
async function addUsers(ctx: RouteContext): Promise<ApiAnswer> {
  const gid = adminWrite(ctx);
  const items = await readDescriptors(ctx, ['user']);
  for (const item of items) {
    if (!isEmail(item.id)) throw invalidArgument(`Invalid email address: ${item.id}`);
    const user = ctx.world.byEmail.get(item.id.toLowerCase());
    if (user?.group !== undefined && user.group !== gid) {
      throw alreadyExists(`User ${item.id} already belongs to another group`);
    }
  }
  for (const item of items) {
    const email = item.id.toLowerCase();
    const user = ctx.world.byEmail.get(email);
    if (user !== undefined) {
      if (user.group === gid) continue;
      user.group = gid;
      logChange(ctx, gid, 'Add user to group', user.id);
    } else if (
      !ctx.world.invitations.some((inv) => inv.group === gid && inv.email.toLowerCase() === email)
    ) {
      ctx.world.invitations.push({
        group: gid,
        email: item.id,
        invited_by: ctx.caller.id,
        date: currentEpochSeconds(ctx.world),
      });
      logChange(ctx, gid, 'Invite user to group', item.id);
    }
  }
  return emptyAnswer();
}

/** Endpoint 10: emails of current members only. */
async function addAdministrators(ctx: RouteContext): Promise<ApiAnswer> {
  const gid = adminWrite(ctx);
  const group = requireGroup(ctx);
  const items = await readDescriptors(ctx, ['user']);
  const users = items.map((item) => {
    if (!isEmail(item.id)) throw invalidArgument(`Invalid email address: ${item.id}`);
    const user = ctx.world.byEmail.get(item.id.toLowerCase());
    if (user === undefined || user.group !== gid)
      throw invalidArgument(`User ${item.id} is not a member of group ${gid}`);
    checkNewGrants(group, item.id, user.roles ?? [], [ADMIN_ROLE]);
    return user;
  });
  for (const user of users) {
    const roles = user.roles ?? [];
    if (roles.includes(ADMIN_ROLE)) continue;
    user.roles = [...roles, ADMIN_ROLE];
    logChange(ctx, gid, 'Add admin to group', user.id);
  }
  return emptyAnswer();
}

/** Endpoint 13: names must be new (409 otherwise, a repeat inside the batch included). */
async function createServiceAccounts(ctx: RouteContext): Promise<ApiAnswer> {
  const gid = adminWrite(ctx);
  const items = await readDescriptors(ctx, ['service_account']);
  const seen = new Set<string>();
  for (const item of items) {
    if (!SERVICE_ACCOUNT_NAME.test(item.id))
      throw invalidArgument(`Invalid service account name: ${item.id}`);
    const id = serviceAccountId(gid, item.id);
    if (seen.has(id) || ctx.world.serviceAccounts.has(id) || ctx.world.users.has(id)) {
      throw alreadyExists(`Service account ${id} already exists`);
    }
    seen.add(id);
  }
  for (const item of items) {
    const id = serviceAccountId(gid, item.id);
    const apikey = createHash('sha256').update(`gti-sync-emulator:${id}`).digest('hex');
    addServiceAccount(ctx.world, {
      group: gid,
      name: item.id,
      apikey,
      status: 'active',
      user_since: currentEpochSeconds(ctx.world),
    });
    logChange(ctx, gid, 'Create service account', id);
  }
  return emptyAnswer();
}

/** Endpoints 6, 8, 10, 11 and 13. */
export const memberWriteRoutes: readonly Route[] = [
  { method: 'POST', template: '/groups/{gid}/relationships/users', handle: addUsers },
  {
    method: 'DELETE',
    template: '/groups/{gid}/relationships/users/{uid}',
    handle(ctx) {
      const gid = adminWrite(ctx);
      const user = requireMemberUser(ctx, gid, param(ctx, 'uid'));
      delete user.group;
      delete user.roles;
      logChange(ctx, gid, 'Remove user from group', user.id);
      return emptyAnswer();
    },
  },
  {
    method: 'POST',
    template: '/groups/{gid}/relationships/administrators',
    handle: addAdministrators,
  },
  {
    method: 'DELETE',
    template: '/groups/{gid}/relationships/administrators/{uid}',
    handle(ctx) {
      const gid = adminWrite(ctx);
      const uid = param(ctx, 'uid');
      const user = ctx.world.users.get(uid);
      const roles = user?.roles ?? [];
      if (user === undefined || user.group !== gid || !roles.includes(ADMIN_ROLE)) {
        throw notFound(`User ${uid} is not an administrator of group ${gid}`);
      }
      user.roles = roles.filter((role) => role !== ADMIN_ROLE);
      logChange(ctx, gid, 'Remove admin from group', uid);
      return emptyAnswer();
    },
  },
  {
    method: 'POST',
    template: '/groups/{gid}/relationships/service_accounts',
    handle: createServiceAccounts,
  },
];
