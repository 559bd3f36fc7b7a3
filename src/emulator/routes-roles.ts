/**
 * Manage Roles (gti-api.md §4, endpoint 7): per entry `roles` (replace), `add_roles`,
 * `remove_roles` and `quota_limits`. All entries (at most 40) are checked before any is applied; a
 * newly granted role that is unknown or outside the group's `roles_available`, an unknown quota or
 * attribute, or an id that is neither a member nor a service account of the group rejects the
 * whole request (400) and changes nothing. Held roles may be re-sent whatever they are. Service
 * accounts take `quota_limits` only here (their roles go through endpoint 21).
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
} from './role-grants.js';
import { adminWrite } from './routes-members.js';
import type { SeedGroup } from './types.js';
import { logChange } from './write-body.js';
import type { DescriptorItem } from './write-body.js';
import { ADMIN_ROLE, KNOWN_ROLES } from './world.js';
import type { Account } from './world.js';

const KNOWN_KEYS: ReadonlySet<string> = new Set([
  'roles',
  'add_roles',
  'remove_roles',
  'quota_limits',
]);

/** One checked entry, ready to apply. */
interface RoleChange {
  account: Account;
  roles: string[] | undefined;
  add: string[];
  remove: string[];
  limits: Record<string, number>;
}

function resolveTarget(ctx: RouteContext, gid: string, item: DescriptorItem): Account {
  const sa = ctx.world.serviceAccounts.get(item.id);
  if (sa !== undefined && sa.group === gid)
    return { kind: 'service_account', id: sa.id, record: sa };
  const user = item.type === 'service_account' ? undefined : ctx.world.users.get(item.id);
  if (user !== undefined && user.group === gid) return { kind: 'user', id: user.id, record: user };
  throw invalidArgument(`User ${item.id} is not a member of group ${gid}`);
}

function checkEntry(ctx: RouteContext, group: SeedGroup, item: DescriptorItem): RoleChange {
  const account = resolveTarget(ctx, group.id, item);
  const context = item.context_attributes ?? {};
  const unknownKey = Object.keys(context).find((key) => !KNOWN_KEYS.has(key));
  if (unknownKey !== undefined)
    throw invalidArgument(`Unknown context attribute ${unknownKey} (for ${item.id})`);
  const roles =
    context['roles'] === undefined ? undefined : readRoleList(item.id, 'roles', context['roles']);
  const add = readRoleList(item.id, 'add_roles', context['add_roles']);
  const remove = readRoleList(item.id, 'remove_roles', context['remove_roles']);
  if (
    account.kind === 'service_account' &&
    ((roles?.length ?? 0) > 0 || add.length > 0 || remove.length > 0)
  ) {
    throw invalidArgument(
      `${item.id} is a service account; set its roles with PATCH /groups/${group.id}/relationships/service_accounts`,
    );
  }
  const held = account.kind === 'user' ? (account.record.roles ?? []) : [];
  checkNewGrants(group, item.id, held, [...(roles ?? []), ...add]);
  const strange = remove.find((role) => !held.includes(role) && !KNOWN_ROLES.includes(role));
  if (strange !== undefined) throw invalidArgument(`Unknown role ${strange} (for ${item.id})`);
  return { account, roles, add, remove, limits: readQuotaLimits(item.id, context['quota_limits']) };
}

function applyEntry(ctx: RouteContext, gid: string, change: RoleChange): void {
  const { account } = change;
  if (account.kind === 'user') {
    const before = account.record.roles ?? [];
    const replaced = change.roles ?? before;
    const after = [...new Set([...replaced, ...change.add])].filter(
      (role) => !change.remove.includes(role),
    );
    const hadAdmin = before.includes(ADMIN_ROLE);
    const hasAdmin = after.includes(ADMIN_ROLE);
    const others = (roles: string[]) =>
      roles
        .filter((role) => role !== ADMIN_ROLE)
        .sort()
        .join(',');
    account.record.roles = after;
    if (!hadAdmin && hasAdmin) logChange(ctx, gid, 'Add admin to group', account.id);
    if (hadAdmin && !hasAdmin) logChange(ctx, gid, 'Remove admin from group', account.id);
    if (others(before) !== others(after)) logChange(ctx, gid, 'Change user roles', account.id);
  }
  if (applyQuotaLimits(account.record, change.limits))
    logChange(ctx, gid, 'Change user quota', account.id);
}

/** Endpoint 7. */
export const manageRolesRoutes: readonly Route[] = [
  {
    method: 'PATCH',
    template: '/groups/{gid}/relationships/users',
    async handle(ctx) {
      const gid = adminWrite(ctx);
      const group = requireGroup(ctx);
      const items = await readRoleBatch(ctx, ['user', 'service_account']);
      const changes = items.map((item) => checkEntry(ctx, group, item));
      for (const change of changes) applyEntry(ctx, gid, change);
      return emptyAnswer();
    },
  },
];
