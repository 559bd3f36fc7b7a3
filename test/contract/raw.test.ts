/**
 * Contract: `GtiApi.getRaw` (what `doctor` reads through) against the emulator: one page, the body
 * as the API sent it, the stats route, and `{apikey}` filled with the client's own key.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { GtiApi } from '../../src/api/types.js';
import { apiFailure } from '../support/client.js';
import { startWorldWithClients } from './world.js';

let alice: GtiApi;
beforeAll(async () => {
  ({ alice } = await startWorldWithClients());
});

describe('getRaw', () => {
  it('reads one page as sent (meta.cursor and links.next kept), counted by route', async () => {
    const before = alice.stats.byRoute['GET /groups/{gid}/users'] ?? 0;
    const body = (await alice.getRaw({
      route: '/groups/{gid}/users',
      params: { gid: 'acme_soc' },
      query: { limit: '40', attributes: 'email' },
    })) as { data: unknown[]; meta: { cursor?: string }; links: { next?: string } };
    expect(body.data).toHaveLength(40);
    expect(typeof body.meta.cursor).toBe('string');
    expect(body.links.next).toContain('cursor=');
    expect(alice.stats.byRoute['GET /groups/{gid}/users']).toBe(before + 1);
  });

  it('{apikey} is the caller; failures are the typed ApiError', async () => {
    const me = (await alice.getRaw({ route: '/users/{apikey}' })) as { data: { id: string } };
    expect(me.data.id).toBe('alice');
    const error = await apiFailure(
      alice.getRaw({ route: '/groups/{gid}', params: { gid: 'nope' } }),
    );
    expect(error.code).toBe('API_NotFoundError');
    await expect(alice.getRaw({ route: '/groups/{gid}' })).rejects.toThrow(RangeError);
  });
});
