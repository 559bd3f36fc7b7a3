import { describe, expect, it } from 'vitest';
import { type ClientEvent, type GtiClientOptions } from '../../src/api/client.js';
import { parseRetryAfter } from '../../src/api/retry.js';
import { apiError, sendJson, startServer, type Handler } from '../support/http-server.js';
import {
  KEY,
  createFakeClock,
  apiFailure,
  DEFAULT_RETRY,
  startTestClient,
} from '../support/client.js';

const GROUP = { data: { type: 'group', id: 'acme_soc', attributes: { organization: 'ACME' } } };

async function setup(handler: Handler, options: Partial<GtiClientOptions> = {}) {
  const server = await startServer(handler);
  const clock = createFakeClock();
  const events: ClientEvent[] = [];
  const client = startTestClient(server.baseUrl, KEY, {
    retry: DEFAULT_RETRY,
    clock,
    random: () => 0.5,
    onEvent: (e) => events.push(e),
    ...options,
  });
  return { server, client, clock, events };
}

describe('retries', () => {
  it('retries a 503 and succeeds, with one retry event and a bounded wait', async () => {
    const { server, client, clock, events } = await setup((_req, res, i) =>
      i === 0
        ? sendJson(res, 503, apiError('TransientError', 'try later'))
        : sendJson(res, 200, GROUP),
    );
    const group = await client.getGroup('acme_soc');
    expect(group.id).toBe('acme_soc');
    expect(server.requests).toHaveLength(2);
    expect(client.stats).toMatchObject({
      requests: 2,
      retries: 1,
      byRoute: { 'GET /groups/{gid}': 2 },
    });
    expect(clock.sleeps).toEqual([125]); // full jitter: 0.5 × min(20000, 250 × 2^0)
    expect(events.filter((e) => e.type === 'retry')).toEqual([
      expect.objectContaining({
        code: 'API_TransientError',
        status: 503,
        retry: 1,
        path: '/groups/acme_soc',
      }),
    ]);
  });

  it('retries 504 and 502 too', async () => {
    const { server, client } = await setup((_req, res, i) =>
      i === 0
        ? sendJson(res, 504, apiError('DeadlineExceededError', 'slow'))
        : i === 1
          ? (res.writeHead(502), res.end('<html>'))
          : sendJson(res, 200, GROUP),
    );
    await client.getGroup('acme_soc');
    expect(server.requests).toHaveLength(3);
  });

  it('honours Retry-After in seconds on a 429 TooManyRequestsError', async () => {
    const { server, client, clock } = await setup((_req, res, i) =>
      i === 0
        ? sendJson(res, 429, apiError('TooManyRequestsError', 'slow down'), { 'retry-after': '7' })
        : sendJson(res, 200, GROUP),
    );
    await client.getGroup('acme_soc');
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([7000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const clock = createFakeClock();
    const at = new Date(clock.time + 4000).toUTCString();
    const { server, client } = await setup(
      (_req, res, i) =>
        i === 0
          ? sendJson(res, 503, apiError('TransientError', 'x'), { 'retry-after': at })
          : sendJson(res, 200, GROUP),
      { clock },
    );
    await client.getGroup('acme_soc');
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([4000]);
  });

  it('keeps retrying a TooManyRequestsError up to maxRetries, with exponential bounded backoff', async () => {
    const { server, client, clock } = await setup(
      (_req, res) => sendJson(res, 429, apiError('TooManyRequestsError', 'busy')),
      {
        random: () => 0.999,
        retry: { maxRetries: 4, baseDelayMs: 100, maxDelayMs: 500, budgetMs: 60_000 },
      },
    );
    const error = await apiFailure(client.getGroup('acme_soc'));
    expect(error.code).toBe('API_TooManyRequestsError');
    expect(error.status).toBe(429);
    expect(server.requests).toHaveLength(5);
    expect(clock.sleeps).toHaveLength(4);
    const ceilings = [100, 200, 400, 500];
    clock.sleeps.forEach((ms, n) => expect(ms).toBeLessThanOrEqual(ceilings[n] ?? 0));
    expect(clock.sleeps[3]).toBeGreaterThan(400); // capped at maxDelayMs, not 800
  });

  it('stops at QUOTA_EXCEEDED after the bounded quota retries, saying when quotas reset', async () => {
    const { server, client, clock } = await setup(
      (_req, res) => sendJson(res, 429, apiError('QuotaExceededError', 'Daily quota exceeded')),
      { retry: { quotaRetries: 2, quotaDelayMs: 1000 } },
    );
    const error = await apiFailure(client.getGroup('acme_soc'));
    expect(error.code).toBe('QUOTA_EXCEEDED');
    expect(error.apiCode).toBe('QuotaExceededError');
    // The API said "Daily": the next daily reset, not the monthly one.
    expect(error.message).toContain('2026-11-27T00:00:00Z');
    expect(error.message).not.toContain('2026-12-01T00:00:00Z');
    expect(server.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([1000, 1000]);
  });

  it('a per-minute QuotaExceededError that clears is retried and succeeds', async () => {
    const { server, client } = await setup((_req, res, i) =>
      i === 0
        ? sendJson(res, 429, apiError('QuotaExceededError', 'minute quota'), {
            'retry-after': '30',
          })
        : sendJson(res, 200, GROUP),
    );
    await client.getGroup('acme_soc');
    expect(server.requests).toHaveLength(2);
  });

  it('gives up when the next wait would exceed the budget', async () => {
    const { server, client, clock } = await setup(
      (_req, res) => sendJson(res, 503, apiError('TransientError', 'down'), { 'retry-after': '3' }),
      { retry: { budgetMs: 10_000 } },
    );
    const error = await apiFailure(client.getGroup('acme_soc'));
    expect(error.code).toBe('API_TransientError');
    expect(server.requests).toHaveLength(4); // waits of 3 s at 0, 3, 6; a fourth would end at 12 s
    expect(clock.sleeps).toEqual([3000, 3000, 3000]);
  });

  it('does not sleep through a Retry-After beyond the budget: it gives up at once', async () => {
    const { server, client, clock } = await setup((req, res) =>
      req.url.includes('/users/')
        ? sendJson(res, 429, apiError('QuotaExceededError', 'Daily quota exceeded'), {
            'retry-after': '86400',
          })
        : sendJson(res, 503, apiError('TransientError', 'down'), {
            'retry-after': 'Fri, 31 Dec 9999 23:59:59 GMT',
          }),
    );
    expect((await apiFailure(client.getGroup('acme_soc'))).code).toBe('API_TransientError');
    expect((await apiFailure(client.getUser('bob'))).code).toBe('QUOTA_EXCEEDED');
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([]);
  });

  it('reads Retry-After as seconds or an HTTP date, and ignores anything else', () => {
    const now = Date.UTC(2026, 10, 26, 12, 0, 0);
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter(' 1.5 ', now)).toBe(1500);
    expect(parseRetryAfter(new Date(now + 4000).toUTCString(), now)).toBe(4000);
    expect(parseRetryAfter(new Date(now - 4000).toUTCString(), now)).toBe(0);
    for (const junk of ['-5', 'soon', '1e3', ''])
      expect(parseRetryAfter(junk, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  it('backs off on junk Retry-After values instead of retrying at once', async () => {
    const { server, client, clock } = await setup((_req, res, i) =>
      i === 0
        ? sendJson(res, 503, apiError('TransientError', 'x'), { 'retry-after': '-5' })
        : sendJson(res, 200, GROUP),
    );
    await client.getGroup('acme_soc');
    expect(server.requests).toHaveLength(2);
    expect(clock.sleeps).toEqual([125]); // the backoff (0.5 × 250), not 0
  });

  it('never retries other 4xx answers', async () => {
    for (const [status, code] of [
      [400, 'BadRequestError'],
      [401, 'WrongCredentialsError'],
      [403, 'ForbiddenError'],
      [404, 'NotFoundError'],
      [409, 'AlreadyExistsError'],
      [424, 'FailedDependencyError'],
    ] as const) {
      const s = await startServer((_req, res) => sendJson(res, status, apiError(code, 'no')));
      const c = startTestClient(s.baseUrl, KEY, { retry: DEFAULT_RETRY, clock: createFakeClock() });
      const error = await apiFailure(c.getGroup('acme_soc'));
      expect(error.code).toBe(`API_${code}`);
      expect(error.status).toBe(status);
      expect(s.requests).toHaveLength(1);
      await c.close();
      await s.close();
    }
  });

  it('retries a write (POST) after a 503: the API refused before changing anything', async () => {
    const { server, client } = await setup((_req, res, i) =>
      i === 0
        ? sendJson(res, 503, apiError('TransientError', 'x'))
        : (res.writeHead(200), res.end()),
    );
    await client.addGroupUsers('acme_soc', ['a@acme.example']);
    expect(server.requests.map((r) => r.method)).toEqual(['POST', 'POST']);
    expect(server.requests[1]?.body).toBe(server.requests[0]?.body);
  });
});

describe('network failures and timeouts', () => {
  it('retries a connection destroyed mid-request, then succeeds', async () => {
    const { server, client } = await setup((_req, res, i) => {
      if (i === 0) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        res.write('{"data": {"type"');
        res.socket?.destroy();
        return;
      }
      sendJson(res, 200, GROUP);
    });
    await client.getGroup('acme_soc');
    expect(server.requests).toHaveLength(2);
    expect(client.stats.retries).toBe(1);
  });

  it('a connection that always closes ends in NETWORK_ERROR with a cause', async () => {
    const { server, client } = await setup((_req, res) => res.socket?.destroy(), {
      retry: { maxRetries: 2 },
    });
    const error = await apiFailure(client.getGroup('acme_soc'));
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.method).toBe('GET');
    expect(error.path).toBe('/groups/acme_soc');
    expect(server.requests).toHaveLength(3);
  });

  it('does not retry a refused connection', async () => {
    const s = await startServer((_req, res) => sendJson(res, 200, GROUP));
    const baseUrl = s.baseUrl;
    await s.close();
    const events: ClientEvent[] = [];
    const client = startTestClient(baseUrl, KEY, {
      retry: DEFAULT_RETRY,
      clock: createFakeClock(),
      onEvent: (e) => events.push(e),
    });
    const error = await apiFailure(client.getGroup('acme_soc'));
    expect(error.code).toBe('NETWORK_ERROR');
    expect(client.stats.requests).toBe(1);
    expect(events.some((e) => e.type === 'retry')).toBe(false);
  });

  it('close() closes the pool it owns: later calls fail at once with NETWORK_ERROR', async () => {
    const { server, client } = await setup((_req, res) => sendJson(res, 200, GROUP));
    await client.getGroup('acme_soc');
    await client.close();
    await client.close(); // idempotent
    const error = await apiFailure(client.getGroup('acme_soc'));
    expect(error.code).toBe('NETWORK_ERROR');
    expect(client.stats.retries).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  it('a slow server ends in TIMEOUT after the retries', async () => {
    const { server, client } = await setup(
      (_req, res) => {
        const timer = setTimeout(() => sendJson(res, 200, GROUP), 2000);
        res.on('close', () => clearTimeout(timer));
      },
      { timeoutMs: 50, retry: { maxRetries: 1 } },
    );
    const error = await apiFailure(client.getGroup('acme_soc'));
    expect(error.code).toBe('TIMEOUT');
    expect(server.requests).toHaveLength(2);
  });

  it('a slow server that answers in time on the retry succeeds', async () => {
    const { server, client } = await setup(
      (_req, res, i) => {
        const timer = setTimeout(() => sendJson(res, 200, GROUP), i === 0 ? 2000 : 0);
        res.on('close', () => clearTimeout(timer));
      },
      { timeoutMs: 200 },
    );
    await client.getGroup('acme_soc');
    expect(server.requests).toHaveLength(2);
  });
});
