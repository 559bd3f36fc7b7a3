/**
 * User endpoints (gti-api.md §2, endpoints 14–16): read a user by id or API key, set caps the older
 * way (PATCH, an administrator of the user's group), and `overall_quotas` (§6 Decision).
 */
import { NO_PERSONAL_CAP } from '../model/quotas.js';
import { QUOTA_NAMES } from '../model/quotas.js';
import {
  badRequest,
  emptyAnswer,
  forbidden,
  invalidArgument,
  jsonAnswer,
  notFound,
} from './api-failure.js';
import { renderServiceAccount, renderUser } from './render.js';
import type { RenderedObject } from './render.js';
import { param, readJsonBody, renderOptionsFor, resolveAccount, viewOf } from './route-context.js';
import type { Route, RouteContext } from './route-context.js';
import { applyQuotaLimits, readQuotaLimits } from './role-grants.js';
import { isRecord, logChange } from './write-body.js';
import { findAccount, isAdminOf } from './world.js';
import type { Account } from './world.js';

/** An account by id or key that the caller may inspect closely (itself or its group's admin). */
export function resolveInspectable(ctx: RouteContext): Account {
  const target = resolveAccount(ctx, param(ctx, 'id'));
  if (viewOf(ctx.caller, target) === 'public') {
    throw forbidden(`Only ${target.id} and the administrators of their group may read this`);
  }
  return target;
}

function renderAccount(ctx: RouteContext, target: Account): RenderedObject {
  const options = renderOptionsFor(ctx, target);
  const object =
    target.kind === 'user'
      ? renderUser(target.record, options)
      : renderServiceAccount(target.record, options);
  const wanted = (ctx.url.searchParams.get('relationships') ?? '')
    .split(',')
    .map((name) => name.trim());
  if (wanted.includes('groups') && options.view === 'owner') {
    const gid = target.record.group;
    object.relationships = {
      groups: { data: gid === undefined ? [] : [{ type: 'group', id: gid }] },
    };
  }
  return object;
}

/** Reads the body of endpoint 15: `{"data": {"type", "attributes": {"quotas": {...}}}}`. */
async function readUserPatch(ctx: RouteContext, id: string): Promise<Record<string, number>> {
  const body = await readJsonBody(ctx.request);
  const data = isRecord(body) ? body['data'] : undefined;
  const attributes = isRecord(data) ? data['attributes'] : undefined;
  if (!isRecord(data) || !isRecord(attributes)) {
    throw badRequest('The body must be {"data": {"type": "user", "attributes": {...}}}');
  }
  const type = data['type'];
  if (type !== undefined && type !== 'user' && type !== 'service_account') {
    throw invalidArgument(`data has type ${JSON.stringify(type)}; expected user`);
  }
  const other = Object.keys(attributes).find((key) => key !== 'quotas');
  if (other !== undefined)
    throw invalidArgument(`Attribute ${other} cannot be changed by a group administrator`);
  return readQuotaLimits(id, attributes['quotas']);
}

/** A user's hourly `allowed` without a personal value: 6·10^10, beyond 32 bits (§6, rev 2). */
const DEFAULT_HOURLY_ALLOWED = 60_000_000_000;

/**
 * `overall_quotas` (§6): every §5 quota, then any other name the account or its group has in the
 * seed (e.g. `cases_creation_monthly`), passed through with its exact numbers.
 */
function overallQuotas(ctx: RouteContext, target: Account): Record<string, unknown> {
  const gid = target.record.group;
  const group = gid === undefined ? undefined : ctx.world.groups.get(gid);
  const names = new Set<string>([
    ...QUOTA_NAMES,
    ...Object.keys(target.record.quotas ?? {}),
    ...Object.keys(group?.quotas ?? {}),
  ]);
  const data: Record<string, unknown> = {};
  for (const name of names) {
    const own = target.record.quotas?.[name];
    const fallback = name === 'api_requests_hourly' ? DEFAULT_HOURLY_ALLOWED : NO_PERSONAL_CAP;
    const entry: Record<string, unknown> = {
      user:
        own === undefined
          ? { allowed: fallback, used: 0 }
          : { allowed: own.allowed, used: own.used ?? 0 },
    };
    const shared = group?.quotas?.[name];
    if (group !== undefined && shared !== undefined) {
      entry['group'] = {
        allowed: shared.allowed,
        used: shared.used ?? 0,
        inherited_from: group.id,
      };
    }
    data[name] = entry;
  }
  return data;
}

/** Endpoints 14, 15 and 16. */
export const userRoutes: readonly Route[] = [
  {
    method: 'GET',
    template: '/users/{id}',
    handle(ctx) {
      return jsonAnswer({ data: renderAccount(ctx, resolveAccount(ctx, param(ctx, 'id'))) });
    },
  },
  {
    method: 'PATCH',
    template: '/users/{uid}',
    async handle(ctx) {
      const uid = param(ctx, 'uid');
      const target = findAccount(ctx.world, uid);
      if (target === undefined) throw notFound(`User ${uid} not found`);
      const gid = target.record.group;
      if (gid === undefined || !isAdminOf(ctx.caller, gid)) {
        throw forbidden(`Only an administrator of ${uid}'s group may change their quotas`);
      }
      const limits = await readUserPatch(ctx, uid);
      if (applyQuotaLimits(target.record, limits)) logChange(ctx, gid, 'Change user quota', uid);
      return emptyAnswer();
    },
  },
  {
    method: 'GET',
    template: '/users/{id}/overall_quotas',
    handle(ctx) {
      return jsonAnswer({ data: overallQuotas(ctx, resolveInspectable(ctx)) });
    },
  },
];
