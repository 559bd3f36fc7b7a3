import type { Variant } from './variants.js';

/**
 * The emulator's seed format (design §6, validated by schema/emulator-seed.schema.json) and the
 * public shape of an emulator. A seed is plain JSON data; `Emulator.state()` returns one.
 */

/** `{allowed, used}` of one quota. `used` defaults to 0. */
interface SeedQuota {
  allowed: number;
  used?: number;
}

/** Quota name (gti-api.md §5, or any other the service reports: §6) → value. */
export type SeedQuotas = Record<string, SeedQuota>;

/** Day `YYYY-MM-DD` → endpoint (e.g. `/api/v3/(files)`) → request count. */
export type SeedUsage = Record<string, Record<string, number>>;

/** A group. */
export interface SeedGroup {
  id: string;
  organization?: string;
  country?: string;
  domain_name?: string;
  industry?: string;
  /** Emails (or patterns) added automatically when they sign up; admins only. */
  auto_add_users?: string[];
  quotas?: SeedQuotas;
  privileges?: Record<string, unknown>;
  /** API role names the group's license lets it grant (gti-api.md §4); omitted: all six. */
  roles_available?: string[];
}

/** A user account (a person). */
export interface SeedUser {
  id: string;
  email: string;
  /** The key that authenticates as this user; without one, nobody can act as them. */
  apikey?: string;
  first_name?: string;
  last_name?: string;
  has_2fa?: boolean;
  /** `active` (default); any other value answers 401 `UserNotActiveError` to the user's key. */
  status?: string;
  last_login?: number;
  user_since?: number;
  /** The group the user belongs to; omitted: none. */
  group?: string;
  /** API role names; a role the emulator does not know (a future one) is kept as it is. */
  roles?: string[];
  quotas?: SeedQuotas;
  /** Requests that consume quota. */
  api_usage?: SeedUsage;
  /** Requests that do not consume quota (the `*_endpoints_not_consuming_quota` maps). */
  api_usage_not_consuming?: SeedUsage;
}

/** A service account of a group; its id is `<group>_<name>`. */
export interface SeedServiceAccount {
  group: string;
  name: string;
  apikey?: string;
  /** An identifier, not a mailbox; generated when omitted. */
  email?: string;
  status?: string;
  user_since?: number;
  /** API role names (never `USER_ROLE_GROUP_ADMIN`), read back in `context_attributes.roles`. */
  roles?: string[];
  quotas?: SeedQuotas;
  api_usage?: SeedUsage;
  api_usage_not_consuming?: SeedUsage;
}

/** A pending invitation: an email added to a group before it had an account. */
export interface SeedInvitation {
  group: string;
  email: string;
  /** Id of the administrator who invited. */
  invited_by?: string;
  /** Epoch seconds. */
  date?: number;
}

/** One activity log entry (gti-api.md §9): `actor` acted on `user` (an id or an email). */
export interface SeedActivityEntry {
  group: string;
  actor: string;
  action: string;
  user: string;
  /** Epoch seconds. */
  date: number;
  ip?: string;
}

/** A whole GTI world. */
export interface Seed {
  /** ISO 8601 instant that freezes the emulator's clock; omitted: real time. */
  now?: string;
  /** Variants in force (gti-api.md §13), besides those of the emulator's options. */
  variants?: Variant[];
  groups?: SeedGroup[];
  users?: SeedUser[];
  service_accounts?: SeedServiceAccount[];
  invitations?: SeedInvitation[];
  activity_log?: SeedActivityEntry[];
}

/** Options shared by `createEmulator` and `startEmulator`. */
export interface EmulatorOptions {
  /** Delay before every `/api/v3` answer, in milliseconds. */
  latencyMs?: number;
  /** Share (0..1) of `/api/v3` requests answered with a fault. */
  faultRate?: number;
  /** Seed of the fault generator (default 1): the same seed gives the same fault sequence. */
  faultSeed?: number;
  /** Requests a minute allowed per API key; past it, 429 `QuotaExceededError`. */
  rateLimit?: number;
  /**
   * Variants to serve (gti-api.md §13), added to the seed's `variants`. An unknown name throws
   * `GtiSyncError` `UNKNOWN_VARIANT`.
   */
  variants?: readonly string[];
}

/** Request counts: every `/api/v3` request, refused and faulted ones included. */
export interface EmulatorStats {
  requests: number;
  /** `METHOD /path/template` (e.g. `GET /groups/{gid}/users`) → count. */
  by_route: Record<string, number>;
}

/** What `createAccounts` did. */
export interface AccountsResult {
  created: string[];
  /** Accounts that became members of a group through a pending invitation. */
  joined: { id: string; group: string }[];
}

/** What the emulator reads of a request; a Fetch API `Request` is one. */
export interface EmulatorRequest {
  readonly method: string;
  /** The absolute URL (its origin makes the `links` of the answer). */
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** An answer: status, headers and JSON text (`null`: empty); `close` for a closed-connection fault. */
export type EmulatorAnswer =
  | { kind: 'answer'; status: number; headers: Record<string, string>; body: string | null }
  | { kind: 'close' };

/** One in-memory GTI world answering Fetch API requests (msw and the HTTP server alike). */
export interface Emulator {
  /**
   * Answers one request. A "closed connection" fault resolves `Response.error()` (type `error`):
   * the server destroys the socket, msw turns it into a network error.
   */
  handle(request: Request): Promise<Response>;
  /**
   * Answers one request without Fetch API objects: what `handle` does, for the HTTP server (a
   * `Response` in between cost a third of a listing page's time).
   */
  answer(request: EmulatorRequest): Promise<EmulatorAnswer>;
  /** The whole world, as a seed. */
  state(): Seed;
  stats(): EmulatorStats;
  /** Back to the seed: world, stats, rate-limit windows and the fault sequence. */
  reset(): void;
  /** Creates accounts; pending invitations for their emails become memberships. */
  createAccounts(users: readonly SeedUser[]): AccountsResult;
}
