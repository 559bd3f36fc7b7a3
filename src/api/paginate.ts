/**
 * Listings as async iterables (gti-api.md §10, octokit's paginate as the model): pages of 40,
 * following `links.next` (absolute) or else `meta.cursor`, until a page carries neither.
 */
import { MAX_LISTING_PAGES, PAGE_SIZE } from '../model/limits.js';
import { isRecord } from './body.js';

/** The maximum page size the API allows (§10). */

/** How `paginate` fetches a page and reports a page it cannot use. */
export interface PageSource {
  /** GET `url` and return its parsed JSON body. */
  fetchPage(url: URL): Promise<unknown>;
  /** The error for an unusable page (a `BadResponseError` naming the request). */
  badResponse(url: URL, message: string): Error;
  /** The error for a listing past its page limit (a `TooManyPagesError`). */
  tooManyPages?(url: URL, maxPages: number): Error;
}

/**
 * Yields every item of every page, starting at `firstUrl` (which carries `limit` and the other
 * query parameters). `toItem` checks one item, returning `undefined` when it is unusable. A next
 * link that leaves the API (another origin or outside the base path) is not followed, so the key
 * is never sent elsewhere; its cursor is used instead. A cursor or link seen before ends the
 * listing with an error rather than looping, and so does a page past `maxPages` (a server that
 * invents a new cursor for every page).
 */
export async function* paginate<T>(
  source: PageSource,
  firstUrl: URL,
  baseUrl: URL,
  toItem: (raw: unknown) => T | undefined,
  maxPages: number = MAX_LISTING_PAGES,
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>([firstUrl.href]);
  let url: URL | undefined = firstUrl;
  let pages = 0;
  while (url) {
    if (pages >= maxPages) {
      throw (
        source.tooManyPages?.(url, maxPages) ??
        source.badResponse(url, `a listing of more than ${maxPages} pages`)
      );
    }
    pages += 1;
    const page = await source.fetchPage(url);
    const data = isRecord(page) ? page['data'] : undefined;
    if (!Array.isArray(data)) throw source.badResponse(url, 'a listing without a "data" list');
    for (const raw of data) {
      const item = toItem(raw);
      if (item === undefined)
        throw source.badResponse(url, 'a listing item of an unexpected shape');
      yield item;
    }
    const next = findNextUrl(page, url, firstUrl, baseUrl);
    if (next === 'outside')
      throw source.badResponse(url, 'a next link outside the API and no cursor');
    if (next && seen.has(next.href))
      throw source.badResponse(url, 'a next page it already returned (a repeated cursor)');
    if (next) seen.add(next.href);
    url = next;
  }
}

/** Gathers every item of a listing. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function findNextUrl(
  page: unknown,
  current: URL,
  firstUrl: URL,
  baseUrl: URL,
): URL | 'outside' | undefined {
  const links = isRecord(page) ? page['links'] : undefined;
  const meta = isRecord(page) ? page['meta'] : undefined;
  const next = isRecord(links) ? nonEmptyString(links['next']) : undefined;
  const cursor = isRecord(meta) ? nonEmptyString(meta['cursor']) : undefined;
  if (next !== undefined) {
    const url = parseUrl(next, current);
    if (url && isInsideApi(url, baseUrl)) {
      if (!url.searchParams.has('limit')) url.searchParams.set('limit', String(PAGE_SIZE));
      return url;
    }
    const fallback = cursor ?? url?.searchParams.get('cursor') ?? undefined;
    return fallback ? withCursor(firstUrl, fallback) : 'outside';
  }
  return cursor === undefined ? undefined : withCursor(firstUrl, cursor);
}

function withCursor(firstUrl: URL, cursor: string): URL {
  const url = new URL(firstUrl.href);
  url.searchParams.set('cursor', cursor);
  return url;
}

function isInsideApi(url: URL, baseUrl: URL): boolean {
  const basePath = baseUrl.pathname.replace(/\/+$/, '');
  return url.origin === baseUrl.origin && url.pathname.startsWith(`${basePath}/`);
}

function parseUrl(text: string, base: URL): URL | undefined {
  try {
    return new URL(text, base);
  } catch {
    return undefined;
  }
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
