/**
 * The control endpoints (design §6), faults, the rate limit, and the same handlers serving msw.
 */
import { getResponse } from 'msw';
import { setupServer } from 'msw/node';
import { describe, expect, it } from 'vitest';
import { createEmulator, parseSeed } from '../../src/emulator/index.js';
import { emulatorHandlers } from '../support/msw-handlers.js';
import { call, client, NOW_EPOCH, start, testSeed } from './fixture.js';
import type { Json } from './fixture.js';

const control = async (origin: string, method: string, path: string, body?: unknown) =>
  call(origin, method, `/_emulator/${path}`, undefined, body);

describe('GET /_emulator/state', () => {
  it('is the whole world as a seed that parseSeed accepts and that rebuilds the same world', async () => {
    const server = await start();
    await client(server, 'key-ada').post('/groups/acme/relationships/users', {
      data: [{ type: 'user', id: 'x@acme.example' }],
    });
    const r = await control(server.origin, 'GET', 'state');
    expect(r.status).toBe(200);
    expect(r.body.now).toBe('2026-11-26T12:00:00Z');
    expect(r.body.invitations).toHaveLength(2);
    const again = createEmulator(parseSeed(JSON.stringify(r.body), 'state.json'));
    expect(again.state()).toEqual(r.body);
  });
});

describe('GET /_emulator/stats', () => {
  it('counts every /api/v3 request by METHOD /template, refused ones included, control calls not', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    await ada.get('/groups/acme/users');
    await ada.get('/groups/acme/users?limit=41');
    await client(server, undefined).get('/groups/acme/users');
    await ada.del('/groups/acme/relationships/users/cy');
    await ada.del('/groups/acme/relationships/users/cy');
    await ada.get('/users/key-ada');
    await ada.patch('/users/dan', {
      data: { attributes: { quotas: { api_requests_daily: { allowed: 5 } } } },
    });
    await ada.get('/users/ada/api_usage');
    await ada.get('/groups/acme/users_consuming_quota/api_requests_daily');
    await ada.get('/no/such/path');
    await control(server.origin, 'GET', 'state');
    const r = await control(server.origin, 'GET', 'stats');
    expect(r.body).toEqual({
      requests: 10,
      by_route: {
        'GET /groups/{gid}/users': 3,
        'DELETE /groups/{gid}/relationships/users/{uid}': 2,
        'GET /users/{id}': 1,
        'PATCH /users/{uid}': 1,
        'GET /users/{id}/api_usage': 1,
        'GET /groups/{gid}/users_consuming_quota/{quota}': 1,
        'GET (unknown)': 1,
      },
    });
    expect(server.emulator.stats()).toEqual(r.body);
  });
});

describe('POST /_emulator/reset', () => {
  it('goes back to the seed: world and counts', async () => {
    const server = await start();
    await client(server, 'key-ada').del('/groups/acme/relationships/users/cy');
    const r = await control(server.origin, 'POST', 'reset');
    expect(r.status).toBe(200);
    expect(server.emulator.state()).toEqual(createEmulator(testSeed()).state());
    expect((await control(server.origin, 'GET', 'stats')).body).toEqual({
      requests: 0,
      by_route: {},
    });
    expect(
      (await client(server, 'key-ada').get('/groups/acme/relationships/users/cy')).body.data,
    ).toBe(true);
  });
});

describe('POST /_emulator/accounts', () => {
  it('creates accounts; a pending invitation becomes a membership with an activity log entry', async () => {
    const server = await start();
    const r = await control(server.origin, 'POST', 'accounts', {
      users: [
        { id: 'pen', email: 'Pending@acme.example', apikey: 'key-pen', has_2fa: true },
        { id: 'newbie', email: 'newbie@nowhere.example' },
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({
      created: ['pen', 'newbie'],
      joined: [{ id: 'pen', group: 'acme' }],
    });
    const ada = client(server, 'key-ada');
    expect((await ada.get('/groups/acme/relationships/users/pen')).body.data).toBe(true);
    expect((await ada.get('/groups/acme/relationships/users/newbie')).body.data).toBe(false);
    expect(server.emulator.state().invitations).toEqual([]);
    const log = await ada.get('/groups/acme/activity_log_entries?limit=1&relationships=user');
    expect(log.body.data[0].attributes).toMatchObject({
      action: 'Add user to group',
      date: NOW_EPOCH,
      info: { user: 'pen' },
    });
    expect(log.body.data[0].relationships.user.data.id).toBe('ada');
    expect((await client(server, 'key-pen').get('/users/key-pen')).body.data.id).toBe('pen');
  });

  it('the invitation flow end to end: add an unknown email, create the account, it is a member', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    await ada.post('/groups/acme/relationships/users', {
      data: [{ type: 'user', id: 'fresh@acme.example' }],
    });
    expect((await ada.get('/groups/acme/users?limit=40')).body.meta.count).toBe(6);
    server.emulator.createAccounts([{ id: 'fresh', email: 'fresh@acme.example' }]);
    const listed = await ada.get('/groups/acme/users?limit=40');
    expect(listed.body.data.map((u: Json) => u.id)).toContain('fresh');
  });

  it('answers 409 for a taken id, email or key and 400 for a bad body; nothing is created', async () => {
    const server = await start();
    const before = server.emulator.state();
    for (const [users, status] of [
      [
        [
          { id: 'ok1', email: 'ok1@x.example' },
          { id: 'cy', email: 'other@x.example' },
        ],
        409,
      ],
      [[{ id: 'ok1', email: 'CY@acme.example' }], 409],
      [[{ id: 'ok1', email: 'ok1@x.example', apikey: 'key-ada' }], 409],
      [
        [
          { id: 'ok1', email: 'ok1@x.example' },
          { id: 'ok1', email: 'ok2@x.example' },
        ],
        409,
      ],
      [[{ id: 'ok1', email: 'not-an-email' }], 400],
      [[{ id: 'ok1', email: 'ok1@x.example', group: 'nope' }], 400],
      [[{ id: 'ok1', email: 'ok1@x.example', colour: 'red' }], 400],
    ] as const) {
      const r = await control(server.origin, 'POST', 'accounts', { users });
      expect([JSON.stringify(users), r.status]).toEqual([JSON.stringify(users), status]);
    }
    expect((await control(server.origin, 'POST', 'accounts', { people: [] })).status).toBe(400);
    expect(server.emulator.state()).toEqual(before);
  });

  it('answers 404 for an unknown control endpoint', async () => {
    const server = await start();
    expect((await control(server.origin, 'GET', 'nothing')).status).toBe(404);
  });
});

describe('faults', () => {
  async function statuses(seed: number, count: number): Promise<(number | string)[]> {
    const server = await start(testSeed(), { faultRate: 0.5, faultSeed: seed });
    const out: (number | string)[] = [];
    for (let i = 0; i < count; i += 1) {
      try {
        out.push((await client(server, 'key-ada').get('/groups/acme')).status);
      } catch {
        out.push('closed');
      }
    }
    return out;
  }

  it('answers a share of requests with 503, 429 or a closed connection, the same sequence for the same seed', async () => {
    const first = await statuses(7, 40);
    expect(await statuses(7, 40)).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 503, 429, 'closed']));
    expect(await statuses(8, 40)).not.toEqual(first);
  });

  it('answers with the §11 bodies: TransientError and TooManyRequestsError', async () => {
    const server = await start(testSeed(), { faultRate: 1, faultSeed: 3 });
    const codes = new Set<string>();
    for (let i = 0; i < 20; i += 1) {
      const r = await call(server.url, 'GET', '/groups/acme', 'key-ada').catch(() => undefined);
      if (r !== undefined) codes.add(`${r.status} ${r.body.error.code}`);
    }
    expect(codes).toEqual(new Set(['503 TransientError', '429 TooManyRequestsError']));
  });

  it('changes nothing when a write is refused by a fault, and counts it', async () => {
    const server = await start(testSeed(), { faultRate: 1 });
    const before = server.emulator.state();
    for (let i = 0; i < 10; i += 1) {
      await client(server, 'key-ada')
        .del('/groups/acme/relationships/users/cy')
        .catch(() => undefined);
    }
    expect(server.emulator.state()).toEqual(before);
    expect(server.emulator.stats().by_route['DELETE /groups/{gid}/relationships/users/{uid}']).toBe(
      10,
    );
  });

  it('restarts the same fault sequence after reset', async () => {
    const emulator = createEmulator(testSeed(), { faultRate: 0.5, faultSeed: 11 });
    const run = async () => {
      const out: string[] = [];
      for (let i = 0; i < 20; i += 1) {
        const r = await emulator.handle(
          new Request('http://emu/api/v3/groups/acme', { headers: { 'x-apikey': 'key-ada' } }),
        );
        out.push(r.type === 'error' ? 'closed' : String(r.status));
      }
      return out;
    };
    const first = await run();
    emulator.reset();
    expect(await run()).toEqual(first);
  });

  it('refuses bad options', () => {
    expect(() => createEmulator(testSeed(), { faultRate: 2 })).toThrow(
      expect.objectContaining({ code: 'BAD_EMULATOR_OPTION' }),
    );
    expect(() => createEmulator(testSeed(), { rateLimit: 0 })).toThrow(
      expect.objectContaining({ code: 'BAD_EMULATOR_OPTION' }),
    );
    expect(() => createEmulator(testSeed(), { latencyMs: -1 })).toThrow(
      expect.objectContaining({ code: 'BAD_EMULATOR_OPTION' }),
    );
  });
});

describe('rate limit', () => {
  it('answers 429 QuotaExceededError with Retry-After past N requests a minute per key', async () => {
    const server = await start(testSeed(), { rateLimit: 3 });
    const ada = client(server, 'key-ada');
    for (let i = 0; i < 3; i += 1) expect((await ada.get('/groups/acme')).status).toBe(200);
    const refused = await ada.get('/groups/acme');
    expect([refused.status, refused.body.error.code]).toEqual([429, 'QuotaExceededError']);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await client(server, 'key-bea').get('/groups/acme')).status).toBe(200);
    expect(server.emulator.stats().requests).toBe(5);
  });

  it('changes nothing when it refuses a write', async () => {
    const server = await start(testSeed(), { rateLimit: 1 });
    await client(server, 'key-ada').get('/groups/acme');
    const before = server.emulator.state();
    const r = await client(server, 'key-ada').del('/groups/acme/relationships/users/cy');
    expect(r.status).toBe(429);
    expect(server.emulator.state()).toEqual(before);
  });
});

describe('latency', () => {
  it('still answers every request (counted, not timed)', async () => {
    const server = await start(testSeed(), { latencyMs: 5 });
    const answers = await Promise.all(
      [1, 2, 3].map(() => client(server, 'key-ada').get('/groups/acme')),
    );
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(server.emulator.stats().requests).toBe(3);
  });
});

describe('the same handlers serve msw', () => {
  it('answers through getResponse without any interception', async () => {
    const emulator = createEmulator(testSeed());
    const handlers = emulatorHandlers(emulator);
    const response = await getResponse(
      handlers,
      new Request('https://www.virustotal.com/api/v3/groups/acme/users?limit=2', {
        headers: { 'x-apikey': 'key-ada' },
      }),
    );
    expect(response?.status).toBe(200);
    const body: Json = await response?.json();
    expect(body.data.map((u: Json) => u.id)).toEqual(['ada', 'bea']);
    expect(body.links.next).toMatch(
      /^https:\/\/www\.virustotal\.com\/api\/v3\/groups\/acme\/users\?limit=2&cursor=/,
    );
  });

  it('serves global fetch under setupServer, writes included; a closed connection is a network error', async () => {
    const emulator = createEmulator(testSeed());
    const server = setupServer(...emulatorHandlers(emulator, 'https://gti.test'));
    server.listen({ onUnhandledRequest: 'error' });
    try {
      const r = await fetch('https://gti.test/api/v3/groups/acme/relationships/users/cy', {
        method: 'DELETE',
        headers: { 'x-apikey': 'key-ada' },
      });
      expect(r.status).toBe(200);
      expect(emulator.stats().by_route).toEqual({
        'DELETE /groups/{gid}/relationships/users/{uid}': 1,
      });
      const faulty = createEmulator(testSeed(), { faultRate: 1, faultSeed: 1 });
      server.use(...emulatorHandlers(faulty, 'https://faulty.test'));
      const outcomes = new Set<string>();
      for (let i = 0; i < 12; i += 1) {
        outcomes.add(
          await fetch('https://faulty.test/api/v3/groups/acme', {
            headers: { 'x-apikey': 'key-ada' },
          }).then(
            (a) => String(a.status),
            () => 'network error',
          ),
        );
      }
      expect(outcomes).toContain('network error');
    } finally {
      server.close();
    }
  });
});
