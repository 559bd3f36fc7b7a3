/** The API's fixed sizes and gti-sync's defaults, named once (gti-api.md §10, design §4, §7). */

/** Items per listing page: the API's maximum `limit`. */
export const PAGE_SIZE = 40;

/** Items per write request (add members, Manage Roles, service accounts): the API's maximum. */
export const MAX_BATCH_SIZE = 40;

/** Requests in flight at once unless told otherwise (client, apply removals, reports). */
export const DEFAULT_CONCURRENCY = 8;

/**
 * The most bytes one API answer may have, counted as they arrive, both on the wire (compressed)
 * and after decompression (issue 11): past it the request is abandoned with RESPONSE_TOO_LARGE.
 * The largest real answer is a 40-item page, far under this.
 */
export const MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

/**
 * The most pages one listing may have: 100 000 members at 40 a page is 2 500, doubled for margin.
 * Past it the listing fails with TOO_MANY_PAGES (a server that invents new cursors for ever).
 */
export const MAX_LISTING_PAGES = 5_000;

/**
 * The time budget for all API work of one command unless `GTI_SYNC_MAX_TIME` (seconds) says
 * otherwise: past it no new request starts and the run fails with TIME_BUDGET_EXCEEDED.
 */
export const DEFAULT_MAX_TIME_MS = 30 * 60 * 1000;
