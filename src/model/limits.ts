/** The API's fixed sizes and gti-sync's defaults, named once (gti-api.md §10, design §4, §7). */

/** Items per listing page: the API's maximum `limit`. */
export const PAGE_SIZE = 40;

/** Items per write request (add members, Manage Roles, service accounts): the API's maximum. */
export const MAX_BATCH_SIZE = 40;

/** Requests in flight at once unless told otherwise (client, apply removals, reports). */
export const DEFAULT_CONCURRENCY = 8;
