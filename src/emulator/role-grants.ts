/**
 * What Manage Roles (7) and the service-account PATCH (21) share (gti-api.md §4): the batch limit,
 * role lists, the check of newly granted roles against the six known ones and the group's
 * `roles_available` ("held roles" Decision), and `quota_limits`.
 */
import { MAX_BATCH_SIZE } from '../model/limits.js';
import { QUOTA_NAMES } from '../model/quotas.js';
import { badRequest, invalidArgument } from './api-failure.js';
import type { RouteContext } from './route-context.js';
import type { SeedGroup, SeedQuotas } from './types.js';
import { isRecord, readDescriptors } from './write-body.js';
import type { DescriptorItem } from './write-body.js';
import { KNOWN_ROLES, rolesAvailable } from './world.js';

const QUOTAS: ReadonlySet<string> = new Set(QUOTA_NAMES);

/** The items of a role write: at most 40 (400 `BadRequestError` beyond). */
export async function readRoleBatch(
  ctx: RouteContext,
  allowedTypes: readonly string[],
): Promise<DescriptorItem[]> {
  const items = await readDescriptors(ctx, allowedTypes);
  if (items.length > MAX_BATCH_SIZE)
    throw badRequest(`At most ${MAX_BATCH_SIZE} items per request, got ${items.length}`);
  return items;
}

/** A list of role strings (any string: whether it may be granted is checked separately). */
export function readRoleList(id: string, key: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((role): role is string => typeof role === 'string')) {
    throw badRequest(`${key} of ${id} must be a list of role names`);
  }
  return value;
}

/**
 * 400 `InvalidArgumentError` for the first role of `wanted` that `held` lacks and that is unknown
 * or outside the group's `roles_available`. A held role passes whatever it is.
 */
export function checkNewGrants(
  group: SeedGroup,
  id: string,
  held: readonly string[],
  wanted: readonly string[],
): void {
  const available = rolesAvailable(group);
  for (const role of wanted) {
    if (held.includes(role)) continue;
    if (!KNOWN_ROLES.includes(role)) throw invalidArgument(`Unknown role ${role} (for ${id})`);
    if (!available.includes(role))
      throw invalidArgument(`Role ${role} is not available for group ${group.id}`);
  }
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

/** Whether two role sets hold the same roles (order aside). */
export function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return set.size === new Set(b).size && b.every((role) => set.has(role));
}
