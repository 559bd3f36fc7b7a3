/**
 * Group reads (gti-api.md §2, endpoints 1–5, 9 and 12): the group, its users, administrators and
 * service accounts (objects or descriptors), and the membership checks. All need membership; a
 * member who is not an administrator does not see other users' admin-only attributes.
 */
import { badRequest, forbidden, jsonAnswer } from './api-failure.js';
import type { ApiAnswer } from './api-failure.js';
import { paginate } from './pagination.js';
import {
  memberContext,
  renderGroup,
  renderServiceAccount,
  renderUser,
  serviceAccountContext,
} from './render.js';
import {
  listingContext,
  param,
  renderOptionsFor,
  requireGroup,
  requireMember,
  viewOf,
} from './route-context.js';
import type { Route, RouteContext } from './route-context.js';
import type { SeedGroup, SeedUser } from './types.js';
import { ADMIN_ROLE, isAdminOf, membersOf, serviceAccountsOf } from './world.js';
import type { Account, ServiceAccountRecord } from './world.js';

/** The filters of endpoint 2 (gti-api.md §5 Decision): both spellings, `:true` and `:false`. */
const TWO_FA_FILTER = /^(?:2fa_enabled|has_2fa):(true|false)$/;

function userAccount(user: SeedUser): Account {
  return { kind: 'user', id: user.id, record: user };
}

function saAccount(sa: ServiceAccountRecord): Account {
  return { kind: 'service_account', id: sa.id, record: sa };
}

function isAdminUser(user: SeedUser): boolean {
  return (user.roles ?? []).includes(ADMIN_ROLE);
}

/** Checks the group exists and the caller belongs to it; returns the group's id. */
function memberRead(ctx: RouteContext): string {
  return memberReadGroup(ctx).id;
}

function memberReadGroup(ctx: RouteContext): SeedGroup {
  const group = requireGroup(ctx);
  requireMember(ctx, group.id);
  return group;
}

function listUsers(ctx: RouteContext, users: readonly SeedUser[]): ApiAnswer {
  return jsonAnswer(
    paginate(users, ctx.url, (user) => {
      const target = userAccount(user);
      return renderUser(
        user,
        renderOptionsFor(ctx, target, true),
        listingContext(ctx, memberContext(user, viewOf(ctx.caller, target))),
      );
    }),
  );
}

/**
 * Applies `filter=` of endpoint 2 (the attribute stays hidden); 400 for any other filter, and for
 * every filter under `no-2fa-filter`; 403 for a caller who is not an administrator of the group.
 */
function filterUsers(ctx: RouteContext, gid: string, users: SeedUser[]): SeedUser[] {
  const filter = ctx.url.searchParams.get('filter');
  if (filter === null || filter.trim() === '') return users;
  const match = ctx.world.variants.has('no-2fa-filter') ? null : TWO_FA_FILTER.exec(filter.trim());
  if (match === null) throw badRequest(`Unsupported filter: ${filter}`);
  if (!isAdminOf(ctx.caller, gid)) throw forbidden('Only group administrators may filter by 2FA');
  const wanted = match[1] === 'true';
  return users.filter((user) => (user.has_2fa ?? false) === wanted);
}

function descriptor(type: string, id: string, context: Record<string, unknown> | undefined) {
  return context === undefined ? { type, id } : { type, id, context_attributes: context };
}

function descriptorOfUser(ctx: RouteContext, user: SeedUser): unknown {
  const context = memberContext(user, viewOf(ctx.caller, userAccount(user)));
  return descriptor('user', user.id, listingContext(ctx, context));
}

function descriptorOfServiceAccount(ctx: RouteContext, sa: ServiceAccountRecord): unknown {
  const context = serviceAccountContext(sa, viewOf(ctx.caller, saAccount(sa)));
  return descriptor('service_account', sa.id, listingContext(ctx, context));
}

/** Endpoints 1–5, 9 and 12. */
export const groupReadRoutes: readonly Route[] = [
  {
    method: 'GET',
    template: '/groups/{gid}',
    handle(ctx) {
      const group = memberReadGroup(ctx);
      return jsonAnswer({
        data: renderGroup(group, ctx.origin, isAdminOf(ctx.caller, group.id)),
      });
    },
  },
  {
    method: 'GET',
    template: '/groups/{gid}/users',
    handle(ctx) {
      const gid = memberRead(ctx);
      return listUsers(ctx, filterUsers(ctx, gid, membersOf(ctx.world, gid)));
    },
  },
  {
    method: 'GET',
    template: '/groups/{gid}/administrators',
    handle(ctx) {
      const gid = memberRead(ctx);
      return listUsers(ctx, membersOf(ctx.world, gid).filter(isAdminUser));
    },
  },
  {
    method: 'GET',
    template: '/groups/{gid}/service_accounts',
    handle(ctx) {
      const gid = memberRead(ctx);
      return jsonAnswer(
        paginate(serviceAccountsOf(ctx.world, gid), ctx.url, (sa) => {
          const target = saAccount(sa);
          return renderServiceAccount(
            sa,
            renderOptionsFor(ctx, target, true),
            listingContext(ctx, serviceAccountContext(sa, viewOf(ctx.caller, target))),
          );
        }),
      );
    },
  },
  {
    method: 'GET',
    template: '/groups/{gid}/relationships/users',
    handle(ctx) {
      const gid = memberRead(ctx);
      return jsonAnswer(
        paginate(membersOf(ctx.world, gid), ctx.url, (user) => descriptorOfUser(ctx, user)),
      );
    },
  },
  {
    method: 'GET',
    template: '/groups/{gid}/relationships/administrators',
    handle(ctx) {
      const gid = memberRead(ctx);
      const admins = membersOf(ctx.world, gid).filter(isAdminUser);
      return jsonAnswer(paginate(admins, ctx.url, (user) => descriptorOfUser(ctx, user)));
    },
  },
  {
    method: 'GET',
    template: '/groups/{gid}/relationships/service_accounts',
    handle(ctx) {
      const gid = memberRead(ctx);
      return jsonAnswer(
        paginate(serviceAccountsOf(ctx.world, gid), ctx.url, (sa) =>
          descriptorOfServiceAccount(ctx, sa),
        ),
      );
    },
  },
  {
    method: 'GET',
    template: '/groups/{gid}/relationships/users/{uid}',
    handle(ctx) {
      const gid = memberRead(ctx);
      const user = ctx.world.users.get(param(ctx, 'uid'));
      return jsonAnswer({ data: user?.group === gid });
    },
  },
  {
    method: 'GET',
    template: '/groups/{gid}/relationships/administrators/{uid}',
    handle(ctx) {
      const gid = memberRead(ctx);
      const user = ctx.world.users.get(param(ctx, 'uid'));
      return jsonAnswer({ data: user !== undefined && user.group === gid && isAdminUser(user) });
    },
  },
];
