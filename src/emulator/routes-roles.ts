/**
 * Manage Roles (gti-api.md §4, endpoint 7): per entry `roles` (replace), `add_roles`,
 * `remove_roles` and `quota_limits`. All entries are checked before any is applied; an unknown
 * role, quota, attribute, or an id that is neither a member nor a service account of the group
 * rejects the whole request (400) and changes nothing. Service accounts take `quota_limits` only.
 */
import { QUOTA_NAMES } from '../model/quotas.js';
import { badRequest, emptyResponse, invalidArgument } from './api-failure.js';
import type { Route, RouteContext } from './route-context.js';
import { adminWrite } from './routes-members.js';
import type { SeedQuotas } from './types.js';
import { isRecord, logChange, readDescriptors } from './write-body.js';
import type { DescriptorItem } from './write-body.js';
import { ADMIN_ROLE, KNOWN_ROLES } from './world.js';
import type { Account } from './world.js';

const ROLE_KEYS = ['roles', 'add_roles', 'remove_roles'] as const;
const KNOWN_KEYS: ReadonlySet<string> = new Set([...ROLE_KEYS, 'quota_limits']);
const QUOTAS: ReadonlySet<string> = new Set(QUOTA_NAMES);

/** One checked entry, ready to apply. */
interface RoleChange {
  account: Account;
  roles: string[] | undefined;
  add: string[];
  remove: string[];
  limits: Record<string, number>;
}

function readRoleList(id: string, key: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((role): role is string => typeof role === 'string')) {
    throw badRequest(`${key} of ${id} must be a list of role names`);
  }
  const unknown = value.find((role) => !KNOWN_ROLES.includes(role));
  if (unknown !== undefined) throw invalidArgument(`Unknown role ${unknown} (for ${id})`);
  return value;
}

/** `quota_limits` → quota name → allowed; 400 for an unknown quota or a bad value. */
export function readQuotaLimits(id: string, value: unknown): Record<string, number> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw badRequest(`quota_limits of ${id} must be an object`);
  const limits: Record<string, number> = {};
  for (const [name, limit] of Object.entries(value)) {
    if (!QUOTAS.has(name)) throw invalidArgument(`Unknown quota ${name} (for ${id})`);
    const allowed = isRecord(limit) ? limit['allowed'] : undefined;
    if (typeof allowed !== 'number' || !Number.isSafeInteger(allowed) || allowed < 0) {
      throw badRequest(`${name}.allowed of ${id} must be a non-negative integer`);
    }
    if (isRecord(limit) && Object.keys(limit).some((key) => key !== 'allowed')) {
      throw invalidArgument(`Only ${name}.allowed can be set (for ${id})`);
    }
    limits[name] = allowed;
  }
  return limits;
}

function resolveTarget(ctx: RouteContext, gid: string, item: DescriptorItem): Account {
  const sa = ctx.world.serviceAccounts.get(item.id);
  if (sa !== undefined && sa.group === gid)
    return { kind: 'service_account', id: sa.id, record: sa };
  const user = item.type === 'service_account' ? undefined : ctx.world.users.get(item.id);
  if (user !== undefined && user.group === gid) return { kind: 'user', id: user.id, record: user };
  throw invalidArgument(`User ${item.id} is not a member of group ${gid}`);
}

function checkEntry(ctx: RouteContext, gid: string, item: DescriptorItem): RoleChange {
  const account = resolveTarget(ctx, gid, item);
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
    throw invalidArgument(`${item.id} is a service account; service accounts have no roles`);
  }
  return { account, roles, add, remove, limits: readQuotaLimits(item.id, context['quota_limits']) };
}

/** Sets `quotas.<name>.allowed`; whether anything changed. */
export function applyQuotaLimits(
  record: { quotas?: SeedQuotas },
  limits: Record<string, number>,
): boolean {
  let changed = false;
  for (const [name, allowed] of Object.entries(limits)) {
    const quotas = record.quotas ?? {};
    const current = quotas[name];
    if (current?.allowed === allowed) continue;
    quotas[name] = { allowed, used: current?.used ?? 0 };
    record.quotas = quotas;
    changed = true;
  }
  return changed;
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
      const items = await readDescriptors(ctx, ['user', 'service_account']);
      const changes = items.map((item) => checkEntry(ctx, gid, item));
      for (const change of changes) applyEntry(ctx, gid, change);
      return emptyResponse();
    },
  },
];
