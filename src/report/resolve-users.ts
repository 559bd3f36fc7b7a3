/**
 * Resolves the user ids a report names (`--user ID...`) to id and email, one `GET /users/{id}`
 * each (concurrently), before any usage request: an unknown id stops the report with
 * `UNKNOWN_USER` and nothing more is asked.
 */
import type { GtiApi } from '../api/types.js';
import { GtiSyncError, isGtiSyncError } from '../errors.js';
import { mapConcurrent } from './map-concurrent.js';

/** A user a report is about. */
export interface ReportUser {
  id: string;
  email: string | null;
}

/** Which members a report covers: none (the group only), named ids, or every member. */
export type UserSelection =
  { kind: 'none' } | { kind: 'ids'; ids: readonly string[] } | { kind: 'all' };

/** How many requests a report keeps in flight at most. */
export const REPORT_CONCURRENCY = 8;

/**
 * Looks up each id (duplicates once); a service account gets `email: null`. Throws GtiSyncError `UNKNOWN_USER` naming every unknown id
 * (the API answered 404); other API failures pass through unchanged.
 */
export async function resolveUsers(api: GtiApi, ids: readonly string[]): Promise<ReportUser[]> {
  const unique = [...new Set(ids)];
  const found = await mapConcurrent(unique, REPORT_CONCURRENCY, async (id) => {
    try {
      const user = await api.getUser(id);
      // A service account's email is an identifier, not a mailbox (as in every other listing).
      const email = user.type === 'service_account' ? null : (user.attributes.email ?? null);
      return { id: user.id, email };
    } catch (error) {
      if (isGtiSyncError(error) && error.code === 'API_NotFoundError') return null;
      throw error;
    }
  });
  const unknown = unique.filter((_, i) => found[i] === null);
  if (unknown.length > 0) {
    throw new GtiSyncError('UNKNOWN_USER', `no such user: ${unknown.join(', ')}`);
  }
  return found.filter((user): user is ReportUser => user !== null);
}
