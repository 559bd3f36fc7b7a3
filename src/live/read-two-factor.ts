/**
 * Who lacks 2FA, as an administrator can learn it (gti-api.md §5, revision 2): `has_2fa` where the
 * members listing shows it; else one paged `filter=2fa_enabled:false` listing, started the moment
 * the members listing yields a member without `has_2fa` (so a service that shows it costs nothing
 * extra: design §7), running beside the other listings. Where the filter is refused (400) or
 * forbidden (403), 2FA is unknown and says why: never "nobody lacks 2FA" for lack of data.
 */
import { ApiError } from '../api/errors.js';
import type { ApiUser, GtiApi } from '../api/types.js';
import type { LiveMember, TwoFactorKnowledge } from '../model/live-group.js';

/** The filter VirusTotal's own admin script sends (gti-api.md §5). */
export const NO_2FA_FILTER = '2fa_enabled:false';

/** What the filter listing said: the ids without 2FA, or why it could not tell. */
type FilterOutcome = { ok: true; without: ReadonlySet<string> } | { ok: false; reason: string };

/** Watches the members listing and starts the filter listing when it is needed. */
export interface TwoFactorProbe {
  /** Sees each member as the listing yields it. */
  see(user: ApiUser): void;
  /**
   * Once the members are read: their `has2fa` and how it was learnt. Rejects with the filter
   * listing's error when that error is not a refusal (a 5xx after retries, a network failure).
   */
  settle(members: readonly LiveMember[]): Promise<{
    members: LiveMember[];
    twoFactor: TwoFactorKnowledge;
  }>;
}

/**
 * A probe for group `gid`; the filter listing goes out at most once, and only when needed. With
 * `wanted` false it never goes out: where the listing shows no `has_2fa`, 2FA is unknown.
 */
export function probeTwoFactor(api: GtiApi, gid: string, wanted = true): TwoFactorProbe {
  let filter: Promise<FilterOutcome> | undefined;
  return {
    see(user) {
      if (filter !== undefined || typeof user.attributes.has_2fa === 'boolean') return;
      filter = wanted
        ? readWithout2fa(api, gid)
        : Promise.resolve({ ok: false, reason: 'not asked for (policy.require_2fa is off)' });
      // Handled in settle; until then a rejection must not count as unhandled.
      filter.catch(() => undefined);
    },
    async settle(members) {
      if (filter === undefined) {
        return { members: [...members], twoFactor: { known: true, via: 'attribute' } };
      }
      const outcome = await filter;
      if (!outcome.ok) {
        return {
          members: members.map((m) => ({ ...m, has2fa: null })),
          twoFactor: { known: false, reason: outcome.reason },
        };
      }
      return {
        members: members.map((m) => ({ ...m, has2fa: !outcome.without.has(m.id) })),
        twoFactor: { known: true, via: 'filter' },
      };
    },
  };
}

async function readWithout2fa(api: GtiApi, gid: string): Promise<FilterOutcome> {
  const without = new Set<string>();
  try {
    for await (const user of api.listGroupUsers(gid, {
      attributes: ['email'],
      filter: NO_2FA_FILTER,
    })) {
      without.add(user.id);
    }
  } catch (error) {
    const reason = refusalReason(error);
    if (reason === undefined) throw error;
    return { ok: false, reason };
  }
  return { ok: true, without };
}

/** Why a refused filter leaves 2FA unknown; `undefined` for an error that is not a refusal. */
function refusalReason(error: unknown): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  const said =
    error.apiCode === undefined
      ? `${error.status ?? '?'}`
      : `${error.status ?? '?'} ${error.apiCode}`;
  const hidden = 'the members listing shows no has_2fa';
  if (error.status === 400)
    return `${hidden} and the API refused filter=${NO_2FA_FILTER} (${said})`;
  if (error.status === 403)
    return `${hidden} and the API key may not list members by filter=${NO_2FA_FILTER} (${said})`;
  return undefined;
}
