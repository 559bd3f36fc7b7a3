/**
 * Service-account roles and caps (gti-api.md §4, endpoint 21):
 * PATCH `/groups/{gid}/relationships/service_accounts` with, per entry, `roles` (replaces the
 * whole set) and `quota_limits`. Like 7: at most 40 entries, all checked before any is applied,
 * 400 `InvalidArgumentError` naming the first bad one. `USER_ROLE_GROUP_ADMIN` is refused; a newly
 * granted role must be known and in the group's `roles_available`; held roles pass.
 */
import { emptyAnswer, invalidArgument } from './api-failure.js';
import type { Route, RouteContext } from './route-context.js';
import { requireGroup } from './route-context.js';
import {
  applyQuotaLimits,
  checkNewGrants,
  readQuotaLimits,
  readRoleBatch,
  readRoleList,
  sameRoles,
} from './role-grants.js';
import { adminWrite } from './routes-members.js';
import type { SeedGroup } from './types.js';
import { logChange } from './write-body.js';
import type { DescriptorItem } from './write-body.js';
import { ADMIN_ROLE } from './world.js';
import type { ServiceAccountRecord } from './world.js';

const KNOWN_KEYS: ReadonlySet<string> = new Set(['roles', 'quota_limits']);

interface AccountChange {
  sa: ServiceAccountRecord;
  roles: string[] | undefined;
  limits: Record<string, number>;
}

function checkEntry(ctx: RouteContext, group: SeedGroup, item: DescriptorItem): AccountChange {
  const sa = ctx.world.serviceAccounts.get(item.id);
  if (sa === undefined || sa.group !== group.id)
    throw invalidArgument(`${item.id} is not a service account of group ${group.id}`);
  const context = item.context_attributes ?? {};
  const unknownKey = Object.keys(context).find((key) => !KNOWN_KEYS.has(key));
  if (unknownKey !== undefined)
    throw invalidArgument(`Unknown context attribute ${unknownKey} (for ${item.id})`);
  const roles =
    context['roles'] === undefined ? undefined : readRoleList(item.id, 'roles', context['roles']);
  if (roles?.includes(ADMIN_ROLE) === true)
    throw invalidArgument(`A service account cannot hold ${ADMIN_ROLE} (for ${item.id})`);
  if (roles !== undefined) checkNewGrants(group, item.id, sa.roles ?? [], roles);
  return { sa, roles, limits: readQuotaLimits(item.id, context['quota_limits']) };
}

function applyEntry(ctx: RouteContext, gid: string, change: AccountChange): void {
  const { sa, roles } = change;
  if (roles !== undefined && !sameRoles(sa.roles ?? [], roles)) {
    sa.roles = [...new Set(roles)];
    logChange(ctx, gid, 'Change user roles', sa.id);
  }
  if (applyQuotaLimits(sa, change.limits)) logChange(ctx, gid, 'Change user quota', sa.id);
}

/** Endpoint 21. */
export const serviceAccountRoleRoutes: readonly Route[] = [
  {
    method: 'PATCH',
    template: '/groups/{gid}/relationships/service_accounts',
    async handle(ctx) {
      const gid = adminWrite(ctx);
      const group = requireGroup(ctx);
      const items = await readRoleBatch(ctx, ['service_account']);
      const changes = items.map((item) => checkEntry(ctx, group, item));
      for (const change of changes) applyEntry(ctx, gid, change);
      return emptyAnswer();
    },
  },
];
