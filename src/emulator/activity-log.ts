/**
 * The activity log (gti-api.md §9, endpoint 20): how actions are spelt (words by default, the
 * documented enum values under `enum-actions`), which changes are logged, the `filter=` and
 * `relationships=` of a listing, and the rendering of one entry.
 *
 * Filter syntax (the emulator's own; §9 names the fields, not a grammar): space-separated terms
 * `NAME:VALUE`, all of which must hold; a value with spaces is double-quoted.
 * `date:YYYY-MM-DD` (that UTC day) or `date:YYYY-MM-DD..YYYY-MM-DD` (both inclusive);
 * `user:ID` (who acted); `target:ID_OR_EMAIL` (the affected account, any case);
 * `action:VALUE` in either spelling (`action:ADD_GROUP_ADMIN`, `action:"Add admin to group"`).
 */
import { badRequest } from './api-failure.js';
import type { RenderedObject } from './render.js';
import { isRealDay } from '../model/dates.js';
import type { Variants } from './variants.js';
import type { ActivityRecord } from './world.js';

/** The words of each action the emulator writes or knows, with its documented enum value. */
const ENUM_OF_WORDS: Readonly<Record<string, string>> = {
  'Add user to group': 'ADD_GROUP_USER',
  'Invite user to group': 'ADD_GROUP_USER',
  'Remove user from group': 'DELETE_GROUP_USER',
  'Add admin to group': 'ADD_GROUP_ADMIN',
  'Remove admin from group': 'DELETE_GROUP_ADMIN',
  'Create service account': 'ADD_GROUP_SERVICE_ACCOUNT',
  'Delete service account': 'DELETE_GROUP_SERVICE_ACCOUNT',
  'Create tenant': 'CREATE_TENANT',
  'Delete tenant': 'DELETE_TENANT',
};

/** The words of each enum value (an invitation reads back as an add). */
const WORDS_OF_ENUM: Readonly<Record<string, string>> = {
  ADD_GROUP_USER: 'Add user to group',
  DELETE_GROUP_USER: 'Remove user from group',
  ADD_GROUP_ADMIN: 'Add admin to group',
  DELETE_GROUP_ADMIN: 'Remove admin from group',
  ADD_GROUP_SERVICE_ACCOUNT: 'Create service account',
  DELETE_GROUP_SERVICE_ACCOUNT: 'Delete service account',
  CREATE_TENANT: 'Create tenant',
  DELETE_TENANT: 'Delete tenant',
};

/** Changes with no documented enum value: not logged at all under `enum-actions` (§9, §13). */
const UNDOCUMENTED: ReadonlySet<string> = new Set(['Change user roles', 'Change user quota']);

/** `action` as served: enum values under `enum-actions`, words otherwise; unknown ones as they are. */
function spellAction(action: string, variants: Variants): string {
  const spelt = variants.has('enum-actions') ? ENUM_OF_WORDS[action] : WORDS_OF_ENUM[action];
  return spelt ?? action;
}

/** Whether a change with this action is logged (and a seed entry with it listed). */
export function isLogged(action: string, variants: Variants): boolean {
  return !(variants.has('enum-actions') && UNDOCUMENTED.has(action));
}

/** The relationships an entry may carry. */
const RELATIONSHIPS: ReadonlySet<string> = new Set(['user', 'group', 'target']);

/** `relationships=a,b`: 400 `BadRequestError` for a name endpoint 20 does not have. */
export function readRelationships(url: URL): ReadonlySet<string> {
  const names = (url.searchParams.get('relationships') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const unknown = names.find((name) => !RELATIONSHIPS.has(name));
  if (unknown !== undefined) {
    throw badRequest(`Unknown relationship: ${unknown} (user, group, target)`);
  }
  return new Set(names);
}

/** A checked `filter=`: a test of an entry. */
export type ActivityFilter = (entry: ActivityRecord) => boolean;

const TERM = /^([a-z_]+):(?:"([^"]*)"|(\S+))(?:\s+|$)/;
const DAY_RANGE = /^(\d{4}-\d{2}-\d{2})(?:\.\.(\d{4}-\d{2}-\d{2}))?$/;
const DAY_SECONDS = 86_400;

function dayStart(day: string): number {
  return Date.parse(`${day}T00:00:00Z`) / 1000;
}

function readTerm(name: string, value: string, variants: Variants): ActivityFilter {
  switch (name) {
    case 'user':
      return (entry) => entry.actor === value;
    case 'target':
      return (entry) => entry.user.toLowerCase() === value.toLowerCase();
    case 'action':
      return (entry) =>
        entry.action === value ||
        spellAction(entry.action, variants) === value ||
        ENUM_OF_WORDS[entry.action] === value ||
        WORDS_OF_ENUM[entry.action] === value;
    case 'date': {
      const match = DAY_RANGE.exec(value);
      const from = match?.[1];
      const to = match?.[2] ?? from;
      if (from === undefined || to === undefined || !isRealDay(from) || !isRealDay(to) || to < from)
        throw badRequest(`Invalid date filter: ${value} (YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD)`);
      const start = dayStart(from);
      const end = dayStart(to) + DAY_SECONDS;
      return (entry) => entry.date >= start && entry.date < end;
    }
    default:
      throw badRequest(`Unsupported filter: ${name} (date, user, target, action)`);
  }
}

/** `filter=` of endpoint 20 (syntax above); 400 `BadRequestError` for anything else. */
export function readActivityFilter(url: URL, variants: Variants): ActivityFilter {
  let rest = (url.searchParams.get('filter') ?? '').trim();
  const tests: ActivityFilter[] = [];
  while (rest !== '') {
    const match = TERM.exec(rest);
    const name = match?.[1];
    const value = match?.[2] ?? match?.[3];
    if (match === null || name === undefined || value === undefined)
      throw badRequest(`Invalid filter: ${rest} (terms NAME:VALUE separated by spaces)`);
    tests.push(readTerm(name, value, variants));
    rest = rest.slice(match[0].length);
  }
  return (entry) => tests.every((test) => test(entry));
}

/** How to render entries of one listing. */
export interface ActivityRendering {
  origin: string;
  variants: Variants;
  relationships: ReadonlySet<string>;
  /** The descriptor type of an affected account (`user` or `service_account`). */
  typeOf(id: string): string;
}

/** One entry; `relationships` only those asked for (the actor only with `relationships=user`). */
export function renderActivity(entry: ActivityRecord, how: ActivityRendering): RenderedObject {
  const id = `${entry.group}-${entry.seq}`;
  const object: RenderedObject = {
    type: 'activity_log_entry',
    id,
    links: { self: `${how.origin}/api/v3/activity_log_entries/${encodeURIComponent(id)}` },
    attributes: {
      action: spellAction(entry.action, how.variants),
      date: entry.date,
      ip: entry.ip ?? '127.0.0.1',
      info: { user: entry.user },
    },
  };
  const relationships: Record<string, unknown> = {};
  if (how.relationships.has('user'))
    relationships['user'] = { data: { type: 'user', id: entry.actor } };
  if (how.relationships.has('group'))
    relationships['group'] = { data: { type: 'group', id: entry.group } };
  if (how.relationships.has('target'))
    relationships['target'] = { data: { type: how.typeOf(entry.user), id: entry.user } };
  if (Object.keys(relationships).length > 0) object.relationships = relationships;
  return object;
}
