/**
 * Checks that a parsed answer has the shape the client promises its callers (src/api/types.ts),
 * without trusting it: type guards instead of casts. They check what gti-sync relies on and let
 * everything else through untouched.
 */
import type {
  ApiActivityLogEntry,
  ApiGroup,
  ApiServiceAccount,
  ApiUsage,
  ApiUser,
  Descriptor,
  OverallQuotas,
  QuotaValue,
} from './types.js';
import { isRecord } from './body.js';

/**
 * Normalises a jsonapi object in place before it is checked: a missing `attributes` becomes `{}`
 * and attributes whose value is `null` are dropped (the types say "optional", never "null").
 */
export function normalizeObject(value: unknown): unknown {
  if (!isRecord(value)) return value;
  if (value['attributes'] === undefined) value['attributes'] = {};
  const attributes = value['attributes'];
  if (isRecord(attributes)) {
    for (const [key, v] of Object.entries(attributes)) if (v === null) delete attributes[key];
  }
  return value;
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
export function isQuotaValue(value: unknown): value is QuotaValue {
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
    if (!isRecord(entry) || !isQuotaValue(entry['user'])) continue;
    const { allowed, used } = entry['user'];
    const group = entry['group'];
    const inherited = isRecord(group) ? group['inherited_from'] : undefined;
    out[name] = {
      user: { allowed, used },
      ...(isQuotaValue(group)
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

function isCountMap(value: unknown): value is Record<string, number> {
  return isRecord(value) && Object.values(value).every(isNumber);
}

function isDailyMap(value: unknown): value is Record<string, Record<string, number>> {
  return isRecord(value) && Object.values(value).every(isCountMap);
}

/** `api_usage` (§7); the `*_not_consuming_quota` maps default to empty when absent. */
export function readApiUsage(data: unknown): ApiUsage | undefined {
  if (!isRecord(data)) return undefined;
  const daily = data['daily'] ?? {};
  const total = data['total'] ?? {};
  const dailyNot = data['daily_endpoints_not_consuming_quota'] ?? {};
  const totalNot = data['total_endpoints_not_consuming_quota'] ?? {};
  if (!isDailyMap(daily) || !isCountMap(total) || !isDailyMap(dailyNot) || !isCountMap(totalNot))
    return undefined;
  return {
    daily,
    total,
    daily_endpoints_not_consuming_quota: dailyNot,
    total_endpoints_not_consuming_quota: totalNot,
  };
}
