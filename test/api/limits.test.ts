import { describe, expect, it } from 'vitest';
import { createGtiClient } from '../../src/api/client.js';
import { createRateLimiter, createSemaphore } from '../../src/api/rate-limit.js';
import { collect } from '../../src/api/paginate.js';
import { sendJson, startServer } from '../support/http-server.js';
import { KEY, createFakeClock, DEFAULT_RETRY, startTestClient } from '../support/client.js';

const GROUP = { data: { type: 'group', id: 'g', attributes: {} } };

/** A server that holds every answer for `ms`, so requests overlap. */
async function slowServer(ms: number) {
  return startServer((req, res) => {
    const timer = setTimeout(
      () =>
        req.url.includes('/users')
          ? sendJson(res, 200, { data: [{ type: 'user', id: 'u', attributes: {} }] })
          : sendJson(res, 200, GROUP),
      ms,
    );
    res.on('close', () => clearTimeout(timer));
  });
}

describe('concurrency limit', () => {
  it('never has more than `concurrency` requests in flight, shared by every call', async () => {
    const server = await slowServer(30);
    const client = startTestClient(server.baseUrl, KEY, { retry: DEFAULT_RETRY, concurrency: 3 });
    const c = client;
    await Promise.all([
      ...Array.from({ length: 10 }, () => c.getGroup('g')),
      ...Array.from({ length: 4 }, (_, i) => collect(c.listGroupUsers(`g${i}`))),
    ]);
    expect(server.requests).toHaveLength(14);
    expect(server.maxInFlight).toBeLessThanOrEqual(3);
    expect(server.maxInFlight).toBe(3);
    expect(client.stats.requests).toBe(14);
  });

  it('defaults to 8 in flight', async () => {
    const server = await slowServer(50);
    const client = startTestClient(server.baseUrl, KEY, { retry: DEFAULT_RETRY });
    const c = client;
    await Promise.all(Array.from({ length: 20 }, () => c.getGroup('g')));
    expect(server.maxInFlight).toBe(8);
  });

  it('a semaphore hands slots over in order and never exceeds its limit', async () => {
    const sem = createSemaphore(2);
    const order: number[] = [];
    let peak = 0;
    await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const release = await sem.acquire();
        peak = Math.max(peak, sem.active);
        order.push(i);
        await new Promise((r) => setTimeout(r, 5));
        release();
        release(); // a second release is harmless
      }),
    );
    expect(peak).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(sem.active).toBe(0);
  });
});

describe('request rate', () => {
  it('spaces requests to maxRps (token bucket on the injected clock)', async () => {
    const server = await startServer((_req, res) => sendJson(res, 200, GROUP));
    const clock = createFakeClock();
    const start = clock.time;
    const client = startTestClient(server.baseUrl, KEY, { retry: DEFAULT_RETRY, maxRps: 4, clock });
    const c = client;
    await Promise.all(Array.from({ length: 5 }, () => c.getGroup('g')));
    expect(server.requests).toHaveLength(5);
    expect(clock.time - start).toBe(1000); // 5 requests at 4/s: the 5th leaves 1 s after the 1st
    expect(clock.sleeps.every((ms) => ms <= 250)).toBe(true);
  });

  it('a limiter without a rate never waits', async () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter(undefined, clock);
    await Promise.all([limiter.take(), limiter.take(), limiter.take()]);
    expect(clock.sleeps).toEqual([]);
  });

  it('a fractional rate spaces requests more than a second apart', async () => {
    const clock = createFakeClock();
    const limiter = createRateLimiter(0.5, clock);
    await limiter.take();
    await limiter.take();
    expect(clock.sleeps).toEqual([2000]);
  });
});

describe('client options', () => {
  it('rejects nonsense numbers', () => {
    expect(() =>
      createGtiClient({ baseUrl: 'https://x.example', apiKey: KEY, concurrency: 0 }),
    ).toThrow(RangeError);
    expect(() => createGtiClient({ baseUrl: 'https://x.example', apiKey: KEY, maxRps: 0 })).toThrow(
      RangeError,
    );
    expect(() =>
      createGtiClient({ baseUrl: 'https://x.example', apiKey: KEY, timeoutMs: -1 }),
    ).toThrow(RangeError);
  });
});
