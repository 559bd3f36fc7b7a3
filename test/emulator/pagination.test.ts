/** Pagination (gti-api.md §10): limit, opaque cursors, meta.cursor, meta.count, absolute links.next. */
import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../src/emulator/pagination.js';
import { bigSeed, client, collect, start } from './fixture.js';
import type { Json } from './fixture.js';

/** GET with an explicit Host header (fetch cannot set one). */
function getWithHost(origin: string, path: string, host: string): Promise<Json> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, headers: { host, 'x-apikey': 'key-boss' } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(JSON.parse(text)));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('limit', () => {
  it('defaults to 10 and serves up to 40', async () => {
    const server = await start(bigSeed(100));
    const boss = client(server, 'key-boss');
    const first = await boss.get('/groups/big/users');
    expect(first.body.data).toHaveLength(10);
    expect(first.body.meta.count).toBe(101);
    expect((await boss.get('/groups/big/users?limit=40')).body.data).toHaveLength(40);
    expect((await boss.get('/groups/big/relationships/users?limit=40')).body.data).toHaveLength(40);
  });

  it('answers limit=41 with 400 BadRequestError "Limit can\'t be larger than 40"', async () => {
    const server = await start(bigSeed(5));
    const r = await client(server, 'key-boss').get('/groups/big/users?limit=41');
    expect(r.status).toBe(400);
    expect(r.body.error).toEqual({
      code: 'BadRequestError',
      message: "Limit can't be larger than 40",
    });
  });

  it('answers 400 BadRequestError for a limit that is not a positive integer', async () => {
    const server = await start(bigSeed(5));
    for (const limit of ['0', '-1', 'ten', '2.5']) {
      const r = await client(server, 'key-boss').get(`/groups/big/users?limit=${limit}`);
      expect([limit, r.status, r.body.error.code]).toEqual([limit, 400, 'BadRequestError']);
    }
  });

  it('applies to every listing', async () => {
    const server = await start(bigSeed(5));
    for (const path of [
      '/groups/big/administrators',
      '/groups/big/service_accounts',
      '/groups/big/relationships/users',
      '/groups/big/relationships/administrators',
      '/groups/big/relationships/service_accounts',
      '/groups/big/activity_log_entries',
      '/groups/big/users_consuming_quota/api_requests_daily',
    ]) {
      const r = await client(server, 'key-boss').get(`${path}?limit=41`);
      expect([path, r.status]).toEqual([path, 400]);
    }
  });
});

describe('cursors and links.next', () => {
  it('walks 101 members in pages of 40 through links.next, each exactly once', async () => {
    const server = await start(bigSeed(100));
    const { items, pages } = await collect(server, '/groups/big/users?limit=40', 'key-boss');
    expect(pages).toBe(3);
    const seen = items.map((u) => u.id);
    expect(new Set(seen).size).toBe(101);
    expect(seen[0]).toBe('boss');
  });

  it('carries meta.cursor and an absolute links.next with the same query plus cursor; the last page has neither', async () => {
    const server = await start(bigSeed(15));
    const boss = client(server, 'key-boss');
    const first = await boss.get('/groups/big/users?limit=10&attributes=email');
    const cursor: string = first.body.meta.cursor;
    expect(typeof cursor).toBe('string');
    const next = new URL(first.body.links.next);
    expect(next.origin).toBe(server.origin);
    expect(next.pathname).toBe('/api/v3/groups/big/users');
    expect(next.searchParams.get('cursor')).toBe(cursor);
    expect(next.searchParams.get('limit')).toBe('10');
    expect(next.searchParams.get('attributes')).toBe('email');
    expect(first.body.links.self).toBe(`${server.url}/groups/big/users?limit=10&attributes=email`);
    const last = await boss.get(`/groups/big/users?limit=10&cursor=${encodeURIComponent(cursor)}`);
    expect(last.body.data).toHaveLength(6);
    expect(last.body.meta).toEqual({ count: 16 });
    expect(last.body.links).not.toHaveProperty('next');
  });

  it('builds links.next from the request’s Host header', async () => {
    const server = await start(bigSeed(15), { allowRemote: true });
    const body = await getWithHost(server.origin, '/api/v3/groups/big/users', 'gti.test:8443');
    expect(body.links.next).toMatch(
      /^http:\/\/gti\.test:8443\/api\/v3\/groups\/big\/users\?cursor=/,
    );
  });

  it('answers 400 BadRequestError for a cursor it did not issue', async () => {
    const server = await start(bigSeed(15));
    const r = await client(server, 'key-boss').get('/groups/big/users?cursor=not-a-cursor');
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('BadRequestError');
  });

  it('at exactly 40 and 80 members, the last full page has no cursor and no next', async () => {
    for (const [plain, pagesWanted] of [
      [39, 1],
      [79, 2],
      [80, 3],
    ] as const) {
      const server = await start(bigSeed(plain));
      const { items, pages } = await collect(server, '/groups/big/users?limit=40', 'key-boss');
      expect([plain + 1, pages]).toEqual([items.length, pagesWanted]);
      const cursor = encodeCursor(40 * (pagesWanted - 1));
      const last = await client(server, 'key-boss').get(
        `/groups/big/users?limit=40${pagesWanted > 1 ? `&cursor=${cursor}` : ''}`,
      );
      expect(last.body.meta).toEqual({ count: plain + 1 });
      expect(last.body.links).not.toHaveProperty('next');
    }
  });

  it('serves one page when everything fits: no cursor, no next', async () => {
    const server = await start(bigSeed(3));
    const r = await client(server, 'key-boss').get('/groups/big/users');
    expect(r.body.meta).toEqual({ count: 4 });
    expect(r.body.links).toEqual({ self: `${server.url}/groups/big/users` });
  });
});

describe('the DNS rebinding guard', () => {
  it('refuses a request whose Host is not a loopback name, before anything else', async () => {
    const server = await start(bigSeed(3));
    const body = await getWithHost(server.origin, '/api/v3/groups/big/users', 'attacker.example');
    expect(body.error.code).toBe('ForbiddenError');
    const loopback = await getWithHost(server.origin, '/api/v3/groups/big/users', 'localhost:1');
    expect(loopback.data.length).toBeGreaterThan(0);
    expect(loopback.error).toBeUndefined();
  });
});
