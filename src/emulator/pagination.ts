/**
 * Collections (gti-api.md §10): `limit` (default 10, at most 40), opaque cursors, `meta.cursor`,
 * `meta.count` and an absolute `links.next` built from the request's own URL (hence its Host).
 */
import { PAGE_SIZE } from '../model/limits.js';
import { badRequest } from './api-failure.js';

/** Page size when `limit` is absent. */
const DEFAULT_LIMIT = 10;
/** The largest page the API serves. */

/** A collection body. */
export interface CollectionBody {
  data: unknown[];
  meta: { count: number; cursor?: string };
  links: { self: string; next?: string };
}

/** Reads `limit` from the query: 400 `BadRequestError` when it is not 1..40. */
function readLimit(url: URL): number {
  const text = url.searchParams.get('limit');
  if (text === null || text === '') return DEFAULT_LIMIT;
  if (!/^[0-9]+$/.test(text) || Number(text) < 1) throw badRequest(`Invalid limit: ${text}`);
  const limit = Number(text);
  if (limit > PAGE_SIZE) throw badRequest(`Limit can't be larger than ${PAGE_SIZE}`);
  return limit;
}

/** Reads `cursor`: the offset it stands for (0 without one); 400 for a cursor it did not issue. */
function readCursor(url: URL): number {
  const cursor = url.searchParams.get('cursor');
  if (cursor === null || cursor === '') return 0;
  const decoded = Buffer.from(cursor, 'base64url').toString('utf8');
  const match = /^offset:([0-9]{1,9})$/.exec(decoded);
  if (match?.[1] === undefined) throw badRequest(`Invalid cursor: ${cursor}`);
  return Number(match[1]);
}

/** Encodes an offset as an opaque cursor. */
export function encodeCursor(offset: number): string {
  return Buffer.from(`offset:${offset}`, 'utf8').toString('base64url');
}

/** One page of `items` for this request, each rendered by `render`. */
export function paginate<T>(
  items: readonly T[],
  url: URL,
  render: (item: T) => unknown,
): CollectionBody {
  const limit = readLimit(url);
  const offset = readCursor(url);
  const page = items.slice(offset, offset + limit);
  const body: CollectionBody = {
    data: page.map(render),
    meta: { count: items.length },
    links: { self: url.href },
  };
  const nextOffset = offset + limit;
  if (nextOffset < items.length) {
    const cursor = encodeCursor(nextOffset);
    const next = new URL(url.href);
    next.searchParams.set('cursor', cursor);
    body.meta.cursor = cursor;
    body.links.next = next.href;
  }
  return body;
}
