/**
 * Renders world records as API objects (gti-api.md §5): which attributes a caller may see, the
 * `attributes=` restriction, and the context attributes of group listings (§4 Decision).
 */
import { NO_PERSONAL_CAP } from '../model/quotas.js';
import type { ServiceAccountRecord } from './world.js';
import type { SeedGroup, SeedQuotas, SeedUser } from './types.js';

/** Very large `allowed` values (10^9 and more) mean "no personal cap". */

/** How much of an object a caller may see: its owner, an administrator of its group, anyone. */
export type View = 'owner' | 'admin' | 'public';

/** A rendered object. */
export interface RenderedObject {
  type: string;
  id: string;
  links: { self: string };
  attributes: Record<string, unknown>;
  context_attributes?: Record<string, unknown>;
  relationships?: Record<string, unknown>;
}

const PUBLIC_USER = ['first_name', 'last_name', 'status', 'user_since'];
// `has_2fa` is the owner's alone (gti-api.md §5, revision 2); `visible-2fa` shows it to admins.
const ADMIN_USER = [...PUBLIC_USER, 'email', 'last_login', 'quotas'];
const ADMIN_USER_2FA = [...ADMIN_USER, 'has_2fa'];
const OWNER_USER = [...ADMIN_USER, 'has_2fa', 'apikey'];
const PUBLIC_SA = ['first_name', 'status', 'user_since'];
const ADMIN_SA = [...PUBLIC_SA, 'email', 'quotas', 'apikey'];

const VISIBLE_USER: Readonly<Record<View, readonly string[]>> = {
  owner: OWNER_USER,
  admin: ADMIN_USER,
  public: PUBLIC_USER,
};
const VISIBLE_SA: Readonly<Record<View, readonly string[]>> = {
  owner: ADMIN_SA,
  admin: ADMIN_SA,
  public: PUBLIC_SA,
};

/** Options of one rendering. `attributes` restricts the attributes (from `attributes=`). */
export interface RenderOptions {
  origin: string;
  view: View;
  attributes?: ReadonlySet<string> | undefined;
  /** Administrators see `has_2fa` (the `visible-2fa` variant). */
  adminSees2fa?: boolean;
}

/** `{allowed, used}` for every quota the record sets. */
function normalizeQuotas(
  quotas: SeedQuotas | undefined,
): Record<string, { allowed: number; used: number }> {
  const out: Record<string, { allowed: number; used: number }> = {};
  for (const [name, value] of Object.entries(quotas ?? {}))
    out[name] = { allowed: value.allowed, used: value.used ?? 0 };
  return out;
}

/** Personal caps below 10^9, as `quota_limits` reads them back. */
function quotaLimits(
  quotas: SeedQuotas | undefined,
): Record<string, { allowed: number }> | undefined {
  const limits: Record<string, { allowed: number }> = {};
  for (const [name, value] of Object.entries(quotas ?? {})) {
    if (value.allowed < NO_PERSONAL_CAP) limits[name] = { allowed: value.allowed };
  }
  return Object.keys(limits).length > 0 ? limits : undefined;
}

/** The `context_attributes` of a member in a group listing; caps only for owner and admin views. */
export function memberContext(user: SeedUser, view: View): Record<string, unknown> {
  const context: Record<string, unknown> = { roles: [...(user.roles ?? [])] };
  const limits = view === 'public' ? undefined : quotaLimits(user.quotas);
  if (limits !== undefined) context['quota_limits'] = limits;
  return context;
}

/** The `context_attributes` of a service account in a group listing (§4: roles, caps). */
export function serviceAccountContext(
  sa: ServiceAccountRecord,
  view: View,
): Record<string, unknown> {
  const context: Record<string, unknown> = { roles: [...(sa.roles ?? [])] };
  const limits = view === 'public' ? undefined : quotaLimits(sa.quotas);
  if (limits !== undefined) context['quota_limits'] = limits;
  return context;
}

/** A user object. */
export function renderUser(
  user: SeedUser,
  options: RenderOptions,
  context?: Record<string, unknown>,
): RenderedObject {
  const all: Record<string, unknown> = {
    first_name: user.first_name ?? '',
    last_name: user.last_name ?? '',
    status: user.status ?? 'active',
    user_since: user.user_since,
    email: user.email,
    has_2fa: user.has_2fa ?? false,
    last_login: user.last_login,
    quotas: normalizeQuotas(user.quotas),
    apikey: user.apikey,
  };
  const object: RenderedObject = {
    type: 'user',
    id: user.id,
    links: { self: `${options.origin}/api/v3/users/${encodeURIComponent(user.id)}` },
    attributes: pick(
      all,
      options.view === 'admin' && options.adminSees2fa === true
        ? ADMIN_USER_2FA
        : VISIBLE_USER[options.view],
      options.attributes,
    ),
  };
  if (context !== undefined) object.context_attributes = context;
  return object;
}

/** A service account object. */
export function renderServiceAccount(
  sa: ServiceAccountRecord,
  options: RenderOptions,
  context?: Record<string, unknown>,
): RenderedObject {
  const all: Record<string, unknown> = {
    first_name: sa.name,
    status: sa.status ?? 'active',
    user_since: sa.user_since,
    email: serviceAccountEmail(sa),
    quotas: normalizeQuotas(sa.quotas),
    apikey: sa.apikey,
  };
  const object: RenderedObject = {
    type: 'service_account',
    id: sa.id,
    links: { self: `${options.origin}/api/v3/users/${encodeURIComponent(sa.id)}` },
    attributes: pick(all, VISIBLE_SA[options.view], options.attributes),
  };
  if (context !== undefined) object.context_attributes = context;
  return object;
}

/** A service account's email-like identifier (the seed's, or one derived from its id). */
export function serviceAccountEmail(sa: ServiceAccountRecord): string {
  return sa.email ?? `${sa.id}@service-accounts.gti.invalid`;
}

/** A group object; `auto_add_users` only for administrators. */
export function renderGroup(group: SeedGroup, origin: string, isAdmin: boolean): RenderedObject {
  const all: Record<string, unknown> = {
    organization: group.organization ?? group.id,
    country: group.country,
    domain_name: group.domain_name,
    industry: group.industry,
    quotas: normalizeQuotas(group.quotas),
    privileges: group.privileges ?? {},
    auto_add_users: isAdmin ? (group.auto_add_users ?? []) : undefined,
  };
  return {
    type: 'group',
    id: group.id,
    links: { self: `${origin}/api/v3/groups/${encodeURIComponent(group.id)}` },
    attributes: pick(all, Object.keys(all), undefined),
  };
}

/** The visible, requested, defined attributes. */
function pick(
  all: Record<string, unknown>,
  visible: readonly string[],
  requested: ReadonlySet<string> | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of visible) {
    if (requested !== undefined && !requested.has(name)) continue;
    const value = all[name];
    if (value !== undefined) out[name] = value;
  }
  return out;
}
