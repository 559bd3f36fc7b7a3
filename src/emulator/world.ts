/**
 * The emulator's world: a mutable copy of a seed with indexes (by id, API key and email), the
 * clock, and the lookups every route needs. `worldToSeed` turns it back into a seed.
 */
import { API_ROLE, ROLES } from '../model/roles.js';
import type {
  Seed,
  SeedActivityEntry,
  SeedGroup,
  SeedInvitation,
  SeedServiceAccount,
  SeedUser,
} from './types.js';
import { VARIANTS as VARIANT_ORDER } from './variants.js';
import type { Variant, Variants } from './variants.js';

/** The group administrator role. */
export const ADMIN_ROLE = API_ROLE.admin;
/** Every role the emulator may newly grant (gti-api.md §4, revision 2: six). */
export const KNOWN_ROLES: readonly string[] = ROLES.map((role) => API_ROLE[role]);

/** A service account with its id `<group>_<name>`. */
export interface ServiceAccountRecord extends SeedServiceAccount {
  id: string;
}

/** An activity log entry with its write order (equal dates list latest-written first). */
export interface ActivityRecord extends SeedActivityEntry {
  seq: number;
}

/** A principal: a person's account or a service account. */
export type Account =
  | { kind: 'user'; id: string; record: SeedUser }
  | { kind: 'service_account'; id: string; record: ServiceAccountRecord };

/** The mutable world. */
export interface World {
  /** The frozen instant of the seed's `now`, if any. */
  frozenNow: string | undefined;
  /** The variants in force (the seed's and the options'). */
  variants: Variants;
  groups: Map<string, SeedGroup>;
  users: Map<string, SeedUser>;
  serviceAccounts: Map<string, ServiceAccountRecord>;
  invitations: SeedInvitation[];
  activity: ActivityRecord[];
  nextSeq: number;
  byApikey: Map<string, Account>;
  /** Lower-cased email → user. */
  byEmail: Map<string, SeedUser>;
}

/** The id of a group's service account. */
export function serviceAccountId(group: string, name: string): string {
  return `${group}_${name}`;
}

/**
 * Builds a world from a (validated) seed. An invitation whose email already has an account makes
 * that account a member when it has no group (the seed "created the account"), and is dropped.
 */
export function buildWorld(seed: Seed, variants: readonly Variant[] = []): World {
  const copy = structuredClone(seed);
  const world: World = {
    frozenNow: copy.now,
    variants: new Set([...(copy.variants ?? []), ...variants]),
    groups: new Map((copy.groups ?? []).map((g) => [g.id, g])),
    users: new Map(),
    serviceAccounts: new Map(),
    invitations: [],
    activity: (copy.activity_log ?? []).map((entry, index) => ({ ...entry, seq: index + 1 })),
    nextSeq: (copy.activity_log?.length ?? 0) + 1,
    byApikey: new Map(),
    byEmail: new Map(),
  };
  for (const user of copy.users ?? []) addUser(world, user);
  for (const sa of copy.service_accounts ?? []) addServiceAccount(world, sa);
  for (const invitation of copy.invitations ?? []) {
    const user = world.byEmail.get(invitation.email.toLowerCase());
    if (user === undefined) world.invitations.push(invitation);
    else if (user.group === undefined) user.group = invitation.group;
  }
  return world;
}

/** Adds an account to the world and its indexes. */
export function addUser(world: World, user: SeedUser): void {
  world.users.set(user.id, user);
  world.byEmail.set(user.email.toLowerCase(), user);
  if (user.apikey !== undefined)
    world.byApikey.set(user.apikey, { kind: 'user', id: user.id, record: user });
}

/** Adds a service account to the world and its indexes; returns its record. */
export function addServiceAccount(world: World, sa: SeedServiceAccount): ServiceAccountRecord {
  const record: ServiceAccountRecord = { ...sa, id: serviceAccountId(sa.group, sa.name) };
  world.serviceAccounts.set(record.id, record);
  if (record.apikey !== undefined)
    world.byApikey.set(record.apikey, { kind: 'service_account', id: record.id, record });
  return record;
}

/** The whole world as a seed (valid against the seed schema). */
export function worldToSeed(world: World): Seed {
  const seed: Seed = {};
  if (world.frozenNow !== undefined) seed.now = world.frozenNow;
  seed.variants = VARIANT_ORDER.filter((variant) => world.variants.has(variant));
  seed.groups = [...world.groups.values()];
  seed.users = [...world.users.values()];
  seed.service_accounts = [...world.serviceAccounts.values()].map(({ id: _id, ...sa }) => sa);
  seed.invitations = world.invitations;
  seed.activity_log = world.activity.map(({ seq: _seq, ...entry }) => entry);
  return structuredClone(seed);
}

/** The emulator's current instant: the seed's `now`, or real time. */
export function currentInstant(world: World): Date {
  return world.frozenNow === undefined ? new Date() : new Date(world.frozenNow);
}

/** Epoch seconds of the current instant. */
export function currentEpochSeconds(world: World): number {
  return Math.floor(currentInstant(world).getTime() / 1000);
}

/** The account with this id (a user id or a service account id). */
export function findAccount(world: World, id: string): Account | undefined {
  const user = world.users.get(id);
  if (user !== undefined) return { kind: 'user', id, record: user };
  const sa = world.serviceAccounts.get(id);
  return sa === undefined ? undefined : { kind: 'service_account', id, record: sa };
}

/** Whether the account administers group `gid`. */
export function isAdminOf(account: Account, gid: string): boolean {
  return (
    account.kind === 'user' &&
    account.record.group === gid &&
    (account.record.roles ?? []).includes(ADMIN_ROLE)
  );
}

/** The members (people) of a group, in the world's order. */
export function membersOf(world: World, gid: string): SeedUser[] {
  return [...world.users.values()].filter((user) => user.group === gid);
}

/** The service accounts of a group, in the world's order. */
export function serviceAccountsOf(world: World, gid: string): ServiceAccountRecord[] {
  return [...world.serviceAccounts.values()].filter((sa) => sa.group === gid);
}

/** The roles a group may newly grant: its seed's `roles_available`, or all six. */
export function rolesAvailable(group: SeedGroup): readonly string[] {
  return group.roles_available ?? KNOWN_ROLES;
}

/** Appends an activity log entry (written now, so listed before older ones of the same date). */
export function recordActivity(world: World, entry: SeedActivityEntry): void {
  world.activity.push({ ...entry, seq: world.nextSeq });
  world.nextSeq += 1;
}
