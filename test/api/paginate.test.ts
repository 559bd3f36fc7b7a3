import { describe, expect, it } from 'vitest';
import { collect } from '../../src/api/paginate.js';
import { sendJson, startServer, type Handler } from '../support/http-server.js';
import {
  KEY,
  createFakeClock,
  apiFailure,
  DEFAULT_RETRY,
  startTestClient,
} from '../support/client.js';

async function setup(handler: Handler) {
  const server = await startServer(handler);
  const client = startTestClient(server.baseUrl, KEY, {
    retry: DEFAULT_RETRY,
    clock: createFakeClock(),
  });
  return { server, client };
}

const user = (id: string) => ({ type: 'user', id, attributes: { email: `${id}@acme.example` } });

/** Pages of users u0..u(n-1), `size` a page; the cursor is the offset. */
function pages(n: number, size: number, style: 'links' | 'cursor' | 'both'): Handler {
  return (req, res) => {
    const url = new URL(req.url, `http://${req.headers.host}`);
    const offset = Number(url.searchParams.get('cursor') ?? '0');
    const data = Array.from({ length: Math.max(0, Math.min(size, n - offset)) }, (_, i) =>
      user(`u${offset + i}`),
    );
    const more = offset + size < n;
    const next = new URL(url.href);
    next.searchParams.set('cursor', String(offset + size));
    sendJson(res, 200, {
      data,
      meta: more && style !== 'links' ? { cursor: String(offset + size), count: n } : { count: n },
      links: { self: url.href, ...(more && style !== 'cursor' ? { next: next.href } : {}) },
    });
  };
}

describe('pagination', () => {
  it('follows links.next with limit=40 and the query kept', async () => {
    const { server, client } = await setup(pages(95, 40, 'links'));
    const users = await collect(
      client.listGroupUsers('acme_soc', {
        attributes: ['email', 'has_2fa'],
        filter: 'has_2fa:false',
      }),
    );
    expect(users.map((u) => u.id)).toEqual(Array.from({ length: 95 }, (_, i) => `u${i}`));
    expect(server.requests).toHaveLength(3);
    const first = new URL(server.requests[0]?.url ?? '', server.origin);
    expect(first.pathname).toBe('/api/v3/groups/acme_soc/users');
    expect(Object.fromEntries(first.searchParams)).toEqual({
      limit: '40',
      attributes: 'email,has_2fa',
      filter: 'has_2fa:false',
    });
    const last = new URL(server.requests[2]?.url ?? '', server.origin);
    expect(last.searchParams.get('cursor')).toBe('80');
    expect(client.stats.byRoute).toEqual({ 'GET /groups/{gid}/users': 3 });
  });

  it('follows meta.cursor when there is no links.next', async () => {
    const { server, client } = await setup(pages(81, 40, 'cursor'));
    expect(await collect(client.listGroupAdministrators('acme_soc'))).toHaveLength(81);
    expect(
      server.requests.map((r) => new URL(r.url, server.origin).searchParams.get('cursor')),
    ).toEqual([null, '40', '80']);
    expect(server.requests.every((r) => r.url.includes('limit=40'))).toBe(true);
  });

  it('stops on a page with neither (an exact multiple of 40, and an empty listing)', async () => {
    const full = pages(80, 40, 'both');
    const { server, client } = await setup((req, res, i) =>
      req.url.includes('/empty/')
        ? sendJson(res, 200, { data: [], links: { self: req.url } })
        : full(req, res, i),
    );
    expect(await collect(client.listGroupServiceAccounts('acme_soc'))).toHaveLength(80);
    expect(server.requests).toHaveLength(2);
    expect(await collect(client.listActivityLog('empty'))).toEqual([]);
    expect(server.requests).toHaveLength(3);
  });

  it('adds limit=40 to a next link that lacks it', async () => {
    const { server, client } = await setup((req, res, i) =>
      sendJson(res, 200, {
        data: [user(`u${i}`)],
        links: i === 0 ? { next: `${server?.baseUrl}/groups/g/users?cursor=c1` } : {},
      }),
    );
    expect(await collect(client.listGroupUsers('g'))).toHaveLength(2);
    expect(server.requests[1]?.url).toContain('limit=40');
  });

  it('refuses a repeated cursor with BAD_RESPONSE instead of looping', async () => {
    const { server, client } = await setup((req, res) =>
      sendJson(res, 200, { data: [user('a')], meta: { cursor: 'same' } }),
    );
    const error = await apiFailure(collect(client.listGroupUsers('g')));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(server.requests).toHaveLength(2);
  });

  it('does not follow a next link to another origin; uses its cursor on the API instead', async () => {
    const { server, client } = await setup((req, res, i) =>
      sendJson(res, 200, {
        data: [user(`u${i}`)],
        links:
          i === 0 ? { next: 'https://evil.example/api/v3/groups/g/users?cursor=c1&limit=40' } : {},
      }),
    );
    expect(await collect(client.listGroupUsers('g'))).toHaveLength(2);
    expect(server.requests[1]?.url).toBe('/api/v3/groups/g/users?limit=40&cursor=c1');
  });

  it('a next link outside the API without any cursor is BAD_RESPONSE', async () => {
    const { client } = await setup((_req, res) =>
      sendJson(res, 200, { data: [user('a')], links: { next: 'https://evil.example/other' } }),
    );
    expect((await apiFailure(collect(client.listGroupUsers('g')))).code).toBe('BAD_RESPONSE');
  });

  it('a page without a data list, or with a malformed item, is BAD_RESPONSE', async () => {
    const { client } = await setup((req, res) =>
      sendJson(
        res,
        200,
        req.url.includes('/users') ? { data: { type: 'user' } } : { data: [{ id: 3 }] },
      ),
    );
    expect((await apiFailure(collect(client.listGroupUsers('g')))).code).toBe('BAD_RESPONSE');
    expect((await apiFailure(collect(client.listGroupAdministrators('g')))).code).toBe(
      'BAD_RESPONSE',
    );
  });

  it('stops fetching when the consumer stops iterating', async () => {
    const { server, client } = await setup(pages(200, 40, 'links'));
    for await (const u of client.listGroupUsers('g')) {
      if (u.id === 'u45') break;
    }
    expect(server.requests).toHaveLength(2);
  });
});
