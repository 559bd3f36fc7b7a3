/**
 * Dates relative to the emulator's clock in seeds (docs/emulator.md, "Relative dates"), so a demo
 * world stays true on any day. Grammar: `now`, or one or more signed amounts with a unit, with an
 * optional leading `now`: `-3d`, `now-2mo`, `-1d-6h` (each term signed), `+2w`. Units: `y` (years), `mo` (months),
 * `w` (weeks), `d` (days), `h` (hours), `min` (minutes), `s` (seconds). Accepted where a seed holds
 * an instant (`last_login`, `user_since`, invitation and activity `date`: epoch seconds) and as the
 * day keys of `api_usage` / `api_usage_not_consuming` (the UTC day of that instant).
 */
import type { Problem } from '../model/errors.js';

const TERM = /([+-])(\d{1,6})(y|mo|w|d|h|min|s)/gy;
const SECONDS: Record<string, number> = { w: 604800, d: 86400, h: 3600, min: 60, s: 1 };
const INSTANT_KEYS = new Set(['last_login', 'user_since', 'date']);
const DAY_MAP_KEYS = new Set(['api_usage', 'api_usage_not_consuming']);

/** True when `text` looks like a relative date (starts with `now`, `+` or `-`). */
function looksRelative(text: string): boolean {
  return text === 'now' || /^(now)?[+-]/.test(text);
}

/** The instant `text` names relative to `base`, or undefined when it does not follow the grammar. */
export function resolveRelative(text: string, base: Date): Date | undefined {
  if (text === 'now') return new Date(base.getTime());
  const rest = text.startsWith('now') ? text.slice(3) : text;
  if (rest === '' || rest.length > 60) return undefined;
  const out = new Date(base.getTime());
  TERM.lastIndex = 0;
  let consumed = 0;
  for (let match = TERM.exec(rest); match !== null; match = TERM.exec(rest)) {
    const sign = match[1];
    const digits = match[2] ?? '';
    const unit = match[3] ?? '';
    const amount = (sign === '-' ? -1 : 1) * Number(digits);
    if (unit === 'y') out.setUTCFullYear(out.getUTCFullYear() + amount);
    else if (unit === 'mo') out.setUTCMonth(out.getUTCMonth() + amount);
    else out.setTime(out.getTime() + amount * (SECONDS[unit] ?? 0) * 1000);
    consumed = TERM.lastIndex;
  }
  return consumed === rest.length && !Number.isNaN(out.getTime()) ? out : undefined;
}

/** Where a problem was found: the path in the seed and whether it is the key or the value. */
export type DateLocator = (path: (string | number)[], target: 'key' | 'value') => Problem;

/**
 * Replaces every relative date of `value` (a parsed seed, changed in place) by its absolute form
 * against `base`; returns a SEED_BAD_DATE problem for each that does not follow the grammar.
 */
export function resolveSeedDates(value: unknown, base: Date, locate: DateLocator): Problem[] {
  const problems: Problem[] = [];
  const bad = (path: (string | number)[], target: 'key' | 'value', text: string) =>
    problems.push({
      ...locate(path, target),
      code: 'SEED_BAD_DATE',
      message: `"${text.slice(0, 60)}" is not a relative date (e.g. now, -3d, now-2mo, -1d-6h)`,
    });
  const walk = (node: unknown, path: (string | number)[]): void => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, [...path, i]));
    if (!isRecord(node)) return;
    const record = node;
    for (const key of Object.keys(record)) {
      const child = record[key];
      if (INSTANT_KEYS.has(key) && typeof child === 'string' && looksRelative(child)) {
        const at = resolveRelative(child, base);
        if (at === undefined) bad([...path, key], 'value', child);
        else record[key] = Math.floor(at.getTime() / 1000);
      } else if (DAY_MAP_KEYS.has(key) && isRecord(child)) {
        record[key] = resolveDayKeys(child, [...path, key]);
      } else {
        walk(child, [...path, key]);
      }
    }
  };
  const resolveDayKeys = (days: Record<string, unknown>, path: (string | number)[]) => {
    const out: Record<string, unknown> = {};
    for (const [day, counts] of Object.entries(days)) {
      if (!looksRelative(day)) {
        out[day] = counts;
        continue;
      }
      const at = resolveRelative(day, base);
      if (at === undefined) bad([...path, day], 'key', day);
      else out[at.toISOString().slice(0, 10)] = counts;
    }
    return out;
  };
  walk(value, []);
  return problems;
}

/** True for a plain object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
