/**
 * The shapes of call the endpoints are made of (read one object, list, write, delete, check),
 * each a thin layer over `sendRequest` that checks the answer and names a bad one.
 */
import type { ApiUsage, OverallQuotas } from './types.js';
import type { DateRange } from '../model/dates.js';
import { isRealDay } from '../model/dates.js';
import { ApiError, BadResponseError, TooManyPagesError } from './errors.js';
import { GtiSyncError } from '../model/errors.js';
import { displayPath, sendRequest, type HttpMethod, type RequesterDeps } from './request.js';
import { paginate } from './paginate.js';
import { PAGE_SIZE } from '../model/limits.js';
import { normalizeObject, readData, readOverallQuotas } from './shape.js';
import { normalizeApiUsage } from './normalize-api-usage.js';

/** Query parameters; `undefined` ones are left out. */
type Query = Record<string, string | undefined>;

/** A guard for one checked item. */
type Check<T> = (value: unknown) => value is T;

/** The call shapes, bound to one client's requester. `route` is the path template. */
export interface Calls {
  getObject<T>(path: string, route: string, check: Check<T>): Promise<T>;
  list<T>(path: string, route: string, check: Check<T>, query?: Query): AsyncIterable<T>;
  write(method: 'POST' | 'PATCH', path: string, route: string, body: unknown): Promise<void>;
  /** DELETE; `false` when the API answers 404 (not a member, not an admin: already done). */
  remove(path: string, route: string): Promise<boolean>;
  /** GET `{"data": <boolean>}`. */
  check(path: string, route: string): Promise<boolean>;
  overallQuotas(path: string, route: string): Promise<OverallQuotas>;
  /** `api_usage` in any documented shape, normalised (see normalize-api-usage.ts). */
  usage(path: string, route: string, range: DateRange | undefined): Promise<ApiUsage>;
  /** GET `path` with `query` (one page, no `limit` added) and the parsed body, unchecked. */
  raw(path: string, route: string, query?: Query): Promise<unknown>;
}

/** Binds the call shapes to `deps`. */
export function createCalls(deps: RequesterDeps): Calls {
  const basePath = deps.baseUrl.pathname.replace(/\/+$/, '');

  const urlOf = (path: string, query: Query = {}): URL => {
    const url = new URL(`${deps.baseUrl.origin}${basePath}${path}`);
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined) url.searchParams.set(key, value);
    }
    return url;
  };

  const bad = (url: URL, message: string): BadResponseError => {
    const path = displayPath(deps, url);
    const text = `GET ${path}: the API answered ${message}`;
    return new BadResponseError(text, { method: 'GET', path });
  };

  const tooManyPages = (url: URL, maxPages: number): TooManyPagesError => {
    const path = displayPath(deps, url);
    const text = `GET ${path}: the listing goes on past ${maxPages} pages; stopped`;
    return new TooManyPagesError(text, { method: 'GET', path });
  };

  const getJson = async (url: URL, route: string): Promise<unknown> => {
    const body = await sendRequest(deps, {
      method: 'GET',
      url,
      route: `GET ${route}`,
      expect: 'json',
    });
    return body.kind === 'json' ? body.value : undefined;
  };

  /** GET `{"data": ...}` and read `data` with `read`, which says `undefined` for a bad shape. */
  const getData = async <T>(
    url: URL,
    route: string,
    read: (data: unknown) => T | undefined,
    what: string,
  ) => {
    const value = read(readData(await getJson(url, route)));
    if (value === undefined) throw bad(url, `${what} of an unexpected shape`);
    return value;
  };

  const send = async (method: HttpMethod, path: string, route: string, body?: unknown) => {
    await sendRequest(deps, {
      method,
      url: urlOf(path),
      route: `${method} ${route}`,
      body,
      expect: 'any',
    });
  };

  return {
    getObject: (path, route, check) =>
      getData(
        urlOf(path),
        route,
        (data) => {
          const object = normalizeObject(data);
          return check(object) ? object : undefined;
        },
        'an object',
      ),
    list: (path, route, check, query = {}) =>
      paginate(
        { fetchPage: (url) => getJson(url, route), badResponse: bad, tooManyPages },
        urlOf(path, { limit: String(PAGE_SIZE), ...query }),
        deps.baseUrl,
        (raw) => {
          const item = normalizeObject(raw);
          return check(item) ? item : undefined;
        },
        deps.maxPages,
      ),
    write: (method, path, route, body) => send(method, path, route, body),
    remove: async (path, route) => {
      try {
        await send('DELETE', path, route);
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) return false;
        throw error;
      }
    },
    check: (path, route) =>
      getData(
        urlOf(path),
        route,
        (data) => (typeof data === 'boolean' ? data : undefined),
        'a check',
      ),
    overallQuotas: (path, route) =>
      getData(urlOf(path), route, readOverallQuotas, 'an overall_quotas'),
    usage: async (path, route, range) => {
      const query = range
        ? { start_date: toApiDate(range.from), end_date: toApiDate(range.to) }
        : {};
      const url = urlOf(path, query);
      // Not through getData: an answer without the `data` wrapper is one of the documented shapes.
      const usage = normalizeApiUsage(await getJson(url, route), range);
      if (usage === undefined) throw bad(url, 'an api_usage of an unexpected shape');
      return usage;
    },
    raw: (path, route, query = {}) => getJson(urlOf(path, query), route),
  };
}

/** `YYYY-MM-DD` → `YYYYMMDD`; anything else is refused (BAD_DATE) before a request is sent. */
export function toApiDate(date: string): string {
  if (!isRealDay(date)) throw new GtiSyncError('BAD_DATE', `not a date (YYYY-MM-DD): ${date}`);
  return date.replaceAll('-', '');
}
