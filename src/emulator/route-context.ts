/**
 * What a route handler gets, and the checks every route makes in the order gti-api.md §2 fixes:
 * the key (401), then the group or user named in the path (404), then permission (403).
 */
import { ApiFailure, badRequest, forbidden, notFound } from './api-failure.js';
import type { ApiAnswer } from './api-failure.js';
import { serviceAccountEmail } from './render.js';
import type { RenderOptions, View } from './render.js';
import type { EmulatorRequest, SeedGroup } from './types.js';
import { findAccount, isAdminOf } from './world.js';
import type { Account, World } from './world.js';

/** One request, seen by a route. */
export interface RouteContext {
  world: World;
  request: EmulatorRequest;
  url: URL;
  /** `http://host:port` of the request, for absolute links. */
  origin: string;
  /** Path parameters (`gid`, `uid`, `id`, `quota`), decoded. */
  params: Readonly<Record<string, string>>;
  caller: Account;
}

/** A route: method, path template under `/api/v3`, handler. */
export interface Route {
  method: string;
  template: string;
  handle(ctx: RouteContext): ApiAnswer | Promise<ApiAnswer>;
}

/** The caller named by `x-apikey`: 401 without a key, with an unknown one, or an inactive account. */
export function authenticate(world: World, request: EmulatorRequest): Account {
  const key = request.headers.get('x-apikey');
  if (key === null || key === '') {
    throw new ApiFailure(
      401,
      'AuthenticationRequiredError',
      'An API key is required (x-apikey header)',
    );
  }
  const account = world.byApikey.get(key);
  if (account === undefined) throw new ApiFailure(401, 'WrongCredentialsError', 'Wrong API key');
  if ((account.record.status ?? 'active') !== 'active') {
    throw new ApiFailure(401, 'UserNotActiveError', `User ${account.id} is not active`);
  }
  return account;
}

/** A path parameter (the router guarantees it exists). */
export function param(ctx: RouteContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw badRequest(`Missing path parameter ${name}`);
  return value;
}

/** The group named in the path: 404 `NotFoundError` when it does not exist. */
export function requireGroup(ctx: RouteContext): SeedGroup {
  const gid = param(ctx, 'gid');
  const group = ctx.world.groups.get(gid);
  if (group === undefined) throw notFound(`Group ${gid} not found`);
  return group;
}

/** 403 unless the caller belongs to the group (people and service accounts alike). */
export function requireMember(ctx: RouteContext, gid: string): void {
  if (ctx.caller.record.group !== gid) throw forbidden(`You are not a member of group ${gid}`);
}

/** 403 unless the caller administers the group. */
export function requireAdmin(ctx: RouteContext, gid: string): void {
  if (!isAdminOf(ctx.caller, gid)) throw forbidden(`You are not an administrator of group ${gid}`);
}

/** What the caller may see of `target`, an account of group `gid` (or of none). */
export function viewOf(caller: Account, target: Account): View {
  if (caller.kind === target.kind && caller.id === target.id) return 'owner';
  const gid = target.record.group;
  if (gid !== undefined && isAdminOf(caller, gid)) return 'admin';
  return 'public';
}

/** The `attributes=a,b,c` restriction, if the request carries one. */
function requestedAttributes(url: URL): ReadonlySet<string> | undefined {
  const text = url.searchParams.get('attributes');
  if (text === null || text.trim() === '') return undefined;
  return new Set(
    text
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  );
}

/**
 * Render options for `target` as this caller sees it. In listings (`listing: true`) a caller sees
 * its own record as an administrator would: API keys of people appear only in endpoint 14.
 */
export function renderOptionsFor(
  ctx: RouteContext,
  target: Account,
  listing = false,
): RenderOptions {
  const view = viewOf(ctx.caller, target);
  return {
    origin: ctx.origin,
    view: listing && view === 'owner' ? 'admin' : view,
    attributes: requestedAttributes(ctx.url),
    adminSees2fa: ctx.world.variants.has('visible-2fa'),
  };
}

/**
 * The `context_attributes` a listing item carries (roles, caps): none at all under the
 * `no-context-roles` variant.
 */
export function listingContext(
  ctx: RouteContext,
  context: Record<string, unknown>,
): Record<string, unknown> | undefined {
  return ctx.world.variants.has('no-context-roles') ? undefined : context;
}

/**
 * An account named by id or by API key. By key, only the caller's own key or the key of an account
 * of a group the caller administers resolves; any other key is 404, so keys cannot be probed.
 */
export function resolveAccount(ctx: RouteContext, idOrKey: string): Account {
  const byId = findAccount(ctx.world, idOrKey);
  if (byId !== undefined) return byId;
  const byKey = ctx.world.byApikey.get(idOrKey);
  if (byKey !== undefined && viewOf(ctx.caller, byKey) !== 'public') return byKey;
  const bySaEmail = [...ctx.world.serviceAccounts.values()].find(
    (sa) => serviceAccountEmail(sa) === idOrKey,
  );
  if (bySaEmail !== undefined)
    return { kind: 'service_account', id: bySaEmail.id, record: bySaEmail };
  throw notFound(
    `User ${idOrKey === ctx.request.headers.get('x-apikey') ? '<apikey>' : idOrKey} not found`,
  );
}

/** Reads the JSON body: 400 `BadRequestError` when it is absent or not JSON. */
export async function readJsonBody(request: EmulatorRequest): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') throw badRequest('A JSON body is required');
  try {
    const value: unknown = JSON.parse(text);
    return value;
  } catch {
    throw badRequest('The body is not valid JSON');
  }
}
