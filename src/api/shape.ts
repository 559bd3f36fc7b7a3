/**
 * Checks that a parsed answer has the shape the client promises its callers (src/api/types.ts),
 * without trusting it: type guards instead of casts. They check what gti-sync relies on and let
 * everything else through untouched.
 */
import type {
  ApiActivityLogEntry,
  ApiGroup,
  ApiServiceAccount,
  ApiUser,
  Descriptor,
  OverallQuotas,
  QuotaValue,
} from './types.js';
import { isRecord } from './body.js';
import { readCount } from './normalize-api-usage.js';

/**
 * Normalises a jsonapi object in place before it is checked: a missing `attributes` becomes `{}`,
 * attributes whose value is `null` are dropped (the types say "optional", never "null"), and the
 * quota numbers are read with `readCount` (gti-api.md §6 rev 2: values beyond 32 bits, perhaps
 * written as strings). A quota of any name passes through; one without a readable `allowed` and
 * `used` is dropped rather than failing the whole object (its shape is not one gti-sync knows).
 */
export function normalizeObject(value: unknown): unknown {
  if (!isRecord(value)) return value;
  if (value['attributes'] === undefined) value['attributes'] = {};
  const attributes = value['attributes'];
  if (isRecord(attributes)) {
    for (const key of Object.keys(attributes)) if (attributes[key] === null) delete attributes[key];
    if (isRecord(attributes['quotas'])) attributes['quotas'] = readQuotaMap(attributes['quotas']);
  }
  const context = value['context_attributes'];
  if (isRecord(context)) {
    if (isRecord(context['quota_limits']))
      context['quota_limits'] = readLimits(context['quota_limits']);
    const consumed = readCount(context['quota_consumed_from_group']);
    if (consumed !== undefined) context['quota_consumed_from_group'] = consumed;
  }
  return value;
}

/**
 * `{allowed, used}` read with `readCount`, or `undefined`. A value that already is exactly that in
 * numbers (nearly every quota of a user listing, a map per user) is kept, not copied.
 */
function readQuotaValue(value: unknown): QuotaValue | undefined {
  if (isPlainQuotaValue(value)) return value;
  if (!isRecord(value)) return undefined;
  const allowed = readCount(value['allowed']);
  const used = readCount(value['used']);
  return allowed === undefined || used === undefined ? undefined : { allowed, used };
}

/** `{allowed, used}` with finite numbers and no other key. */
function isPlainQuotaValue(value: unknown): value is QuotaValue {
  if (!isRecord(value) || !isNumber(value['allowed']) || !isNumber(value['used'])) return false;
  let keys = 0;
  for (const key in value) if (Object.hasOwn(value, key)) keys += 1;
  return keys === 2;
}

/**
 * The keys of a map from an answer, but an own `__proto__` (JSON.parse makes one): assigning it
 * to a new object would set its prototype.
 */
function keysOf(map: Record<string, unknown>): string[] {
  return Object.keys(map).filter((key) => key !== '__proto__');
}

function readQuotaMap(map: Record<string, unknown>): Record<string, QuotaValue> {
  const out: Record<string, QuotaValue> = {};
  for (const name of keysOf(map)) {
    const quota = readQuotaValue(map[name]);
    if (quota !== undefined) out[name] = quota;
  }
  return out;
}

function readLimits(map: Record<string, unknown>): Record<string, { allowed: number }> {
  const out: Record<string, { allowed: number }> = {};
  for (const name of keysOf(map)) {
    const entry = map[name];
    const allowed = isRecord(entry) ? readCount(entry['allowed']) : undefined;
    if (allowed !== undefined) out[name] = { allowed };
  }
  return out;
}

function isApiObjectLike(
  value: unknown,
): value is Record<string, unknown> & { attributes: Record<string, unknown> } {
  return (
    isRecord(value) &&
    typeof value['type'] === 'string' &&
    typeof value['id'] === 'string' &&
    isRecord(value['attributes']) &&
    (value['context_attributes'] === undefined || isRecord(value['context_attributes']))
  );
}

function optional(value: unknown, check: (v: unknown) => boolean): boolean {
  return value === undefined || check(value);
}

function isString(value: unknown): value is string {
  return typeof value === 'string';
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(isString);
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** `{allowed, used}`. */
function isQuotaValue(value: unknown): value is QuotaValue {
  return isRecord(value) && isNumber(value['allowed']) && isNumber(value['used']);
}

function isQuotaMap(value: unknown): boolean {
  return isRecord(value) && Object.values(value).every(isQuotaValue);
}

/** A user object (§5): `email`, `has_2fa`, `quotas` and `context_attributes.roles` well typed when present. */
export function isApiUser(value: unknown): value is ApiUser {
  if (!isApiObjectLike(value)) return false;
  const a = value.attributes;
  const context = value['context_attributes'];
  return (
    optional(a['email'], isString) &&
    optional(a['has_2fa'], (v) => typeof v === 'boolean') &&
    optional(a['quotas'], isQuotaMap) &&
    (!isRecord(context) || optional(context['roles'], isStringArray))
  );
}

/** A service account object (§5). */
export function isApiServiceAccount(value: unknown): value is ApiServiceAccount {
  return isApiObjectLike(value) && optional(value.attributes['quotas'], isQuotaMap);
}

/** A group object (§5). */
export function isApiGroup(value: unknown): value is ApiGroup {
  return isApiObjectLike(value);
}

/** A relationship descriptor `{type, id, context_attributes?}`. */
export function isDescriptor(value: unknown): value is Descriptor {
  return (
    isRecord(value) &&
    isString(value['type']) &&
    isString(value['id']) &&
    (value['context_attributes'] === undefined || isRecord(value['context_attributes']))
  );
}

/** An activity log entry (§9): `action` and `date` present. */
export function isActivityLogEntry(value: unknown): value is ApiActivityLogEntry {
  return (
    isApiObjectLike(value) &&
    isString(value.attributes['action']) &&
    isNumber(value.attributes['date'])
  );
}

/** `data` of `{"data": ...}`, or `undefined`. */
export function readData(value: unknown): unknown {
  return isRecord(value) ? value['data'] : undefined;
}

/**
 * `overall_quotas` (§6). Entries without a readable `user` value are left out; `group` is kept
 * only when it is a readable `{allowed, used}`.
 */
export function readOverallQuotas(data: unknown): OverallQuotas | undefined {
  if (!isRecord(data)) return undefined;
  const out: OverallQuotas = {};
  for (const [name, entry] of Object.entries(data)) {
    const user = isRecord(entry) ? readQuotaValue(entry['user']) : undefined;
    if (!isRecord(entry) || user === undefined) continue;
    const group = readQuotaValue(entry['group']);
    const inherited = isRecord(entry['group']) ? entry['group']['inherited_from'] : undefined;
    out[name] = {
      user,
      ...(group !== undefined
        ? {
            group: {
              allowed: group.allowed,
              used: group.used,
              ...(isString(inherited) ? { inherited_from: inherited } : {}),
            },
          }
        : {}),
    };
  }
  return out;
}
