/**
 * What the raw answers of `doctor` say about the service (gti-api.md §13): pure functions of the
 * parsed bodies, whatever served them (the real API, the emulator under any variant, a test
 * server). Each says `null` where the answer cannot tell.
 */
import { isRecord } from '../api/body.js';
import {
  isActivityLogEntry,
  isApiServiceAccount,
  isApiUser,
  normalizeObject,
} from '../api/shape.js';
import type { ApiActivityLogEntry, ApiServiceAccount, ApiUser } from '../api/types.js';

/** The items of one listing page, each normalised and checked; `undefined` when not a listing. */
function readPage<T>(
  body: unknown,
  check: (value: unknown) => value is T,
): { items: T[]; more: boolean } | undefined {
  if (!isRecord(body) || !Array.isArray(body['data'])) return undefined;
  const items: T[] = [];
  for (const raw of body['data']) {
    // Normalise a copy: the raw body is kept as the API sent it, for the recording.
    const item = normalizeObject(structuredClone(raw));
    if (!check(item)) return undefined;
    items.push(item);
  }
  const meta = body['meta'];
  const links = body['links'];
  const more =
    (isRecord(meta) && typeof meta['cursor'] === 'string' && meta['cursor'] !== '') ||
    (isRecord(links) && typeof links['next'] === 'string');
  return { items, more };
}

/** Users of a listing page. */
export function readUsers(body: unknown): { items: ApiUser[]; more: boolean } | undefined {
  return readPage(body, isApiUser);
}

/** Service accounts of a listing page. */
export function readServiceAccounts(
  body: unknown,
): { items: ApiServiceAccount[]; more: boolean } | undefined {
  return readPage(body, isApiServiceAccount);
}

/** Activity log entries of a listing page. */
export function readActivity(
  body: unknown,
): { items: ApiActivityLogEntry[]; more: boolean } | undefined {
  return readPage(body, isActivityLogEntry);
}

/** Whether listings show `has_2fa` of members other than the caller (who always sees their own). */
export function observeHas2fa(members: readonly ApiUser[], callerId: string): boolean | null {
  const others = members.filter((m) => m.id !== callerId);
  if (others.length === 0) return null;
  return others.some((m) => typeof m.attributes.has_2fa === 'boolean');
}

/** Whether listing items carry `context_attributes.roles`. */
export function observeContextRoles(
  items: readonly (ApiUser | ApiServiceAccount)[],
): boolean | null {
  if (items.length === 0) return null;
  return items.some((item) => Array.isArray(item.context_attributes?.['roles']));
}

/** Whether entries name who acted (`relationships.user.data.id`). */
export function observeActor(entries: readonly ApiActivityLogEntry[]): boolean | null {
  if (entries.length === 0) return null;
  return entries.some((e) => typeof e.relationships?.user?.data?.id === 'string');
}

/** `enum` for `ADD_GROUP_USER`-style actions, `words` for `Add user to group`; the majority. */
export function observeActionSpelling(
  entries: readonly ApiActivityLogEntry[],
): 'words' | 'enum' | null {
  if (entries.length === 0) return null;
  const enums = entries.filter((e) => /^[A-Z][A-Z0-9_]*$/.test(e.attributes.action)).length;
  return enums * 2 > entries.length ? 'enum' : 'words';
}
