/**
 * Contract: the client's retry, backoff, Retry-After, timeout and redaction against the real
 * emulator with its latency, faults and rate limit; counts, not wall time.
 */
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../src/api/client.js';
import { collect } from '../../src/api/paginate.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { apiFailure, createFakeClock } from '../support/client.js';
import { readStats } from '../support/emulator.js';
import { ACME_MEMBERS, NOW, clientFor, startWorld } from './world.js';

describe('faults', () => {
  it('with 30% faults (503, 429, closed connections) and latency, reads and writes still converge', async () => {
    const emu = await startWorld({ faultRate: 0.3, faultSeed: 7, latencyMs: 5 });
    const events: ClientEvent[] = [];
    const client = clientFor(emu, 'key-alice', { retry: { maxRetries: 8 } }, events);
    const c = client;
    expect(await collect(c.listGroupUsers('acme_soc'))).toHaveLength(ACME_MEMBERS);
    await c.addGroupUsers('acme_soc', ['erin@free.example']);
    await c.manageRoles('acme_soc', [{ id: 'bob', add_roles: ['USER_ROLE_GROUP_ADMIN'] }]);
    await Promise.all(
      ['carol', 'm00', 'm01', 'm02', 'm03'].map((id) => c.removeGroupUser('acme_soc', id)),
    );
    const admins = (await collect(c.listGroupAdministrators('acme_soc'))).map((u) => u.id).sort();
    expect(admins).toEqual(['alice', 'bob']);
    expect(await collect(c.listGroupUsers('acme_soc'))).toHaveLength(ACME_MEMBERS + 1 - 5);

    const stats = await readStats(emu);
    expect(c.stats.retries).toBeGreaterThan(0);
    expect(stats.requests).toBe(c.stats.requests);
    const retried = new Set(events.flatMap((e) => (e.type === 'retry' ? [e.code] : [])));
    expect(
      [...retried].every((code) =>
        ['API_TransientError', 'API_TooManyRequestsError', 'NETWORK_ERROR'].includes(code),
      ),
    ).toBe(true);
    expect(retried.size).toBeGreaterThan(1);
  });

  it('gives up after maxRetries when the emulator keeps failing', async () => {
    const emu = await startWorld({ faultRate: 1 });
    const client = clientFor(emu, 'key-alice', { retry: { maxRetries: 3 } });
    const error = await apiFailure(client.getGroup('acme_soc'));
    expect(['API_TransientError', 'API_TooManyRequestsError', 'NETWORK_ERROR']).toContain(
      error.code,
    );
    expect((await readStats(emu)).requests).toBe(4);
  });

  it('a rate limit that persists ends in QUOTA_EXCEEDED after the bounded retries, honouring Retry-After', async () => {
    const emu = await startWorld({ rateLimit: 2 });
    const clock = createFakeClock(Date.parse(NOW));
    const client = clientFor(emu, 'key-alice', {
      clock,
      retry: { quotaRetries: 2, budgetMs: 10 * 60_000 },
    });
    await client.getCaller();
    await client.getCaller();
    const error = await apiFailure(client.getGroup('acme_soc'));
    expect(error).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      status: 429,
      apiCode: 'QuotaExceededError',
    });
    // The emulator's limit is per minute, so no daily reset time is promised.
    expect(error.message).not.toMatch(/00:00 UTC/);
    expect((await readStats(emu)).requests).toBe(2 + 3);
    // The waits were the emulator's Retry-After (whole seconds within a minute), not guesses.
    expect(clock.sleeps).toHaveLength(2);
    expect(clock.sleeps.every((ms) => ms > 0 && ms <= 60_000 && ms % 1000 === 0)).toBe(true);
  });

  it('latency above the timeout: TIMEOUT after the retries, every attempt counted', async () => {
    const emu = await startWorld({ latencyMs: 300 });
    const client = clientFor(emu, 'key-alice', { timeoutMs: 50, retry: { maxRetries: 2 } });
    const error = await apiFailure(client.getGroup('acme_soc'));
    expect(error.code).toBe('TIMEOUT');
    expect(client.stats.requests).toBe(3);
    await new Promise((r) => setTimeout(r, 400)); // let the emulator finish the abandoned answers
    expect((await readStats(emu)).requests).toBe(3);
  });
});

describe('the key never appears in any error text', () => {
  it('across 401/403/404/400/409, the key echoed as an id, timeouts and faults', async () => {
    const emu = await startWorld();
    /** Each client's error renderings and events, to check against that client's own key. */
    const seen = new Map<string, string[]>();
    const open = (
      server: RunningEmulator,
      key: string,
      options: Parameters<typeof clientFor>[2] = {},
    ) => {
      const texts = seen.get(key) ?? [];
      seen.set(key, texts);
      const events: ClientEvent[] = [];
      const c = clientFor(server, key, options, events);
      const record = async (promise: Promise<unknown>) => {
        const error = await apiFailure(promise);
        texts.push(
          String(error),
          error.stack ?? '',
          inspect(error, { depth: 10, showHidden: true }),
        );
        texts.push(JSON.stringify(error), JSON.stringify(events));
      };
      return { c, record };
    };
    const alice = open(emu, 'key-alice');
    const bob = open(emu, 'key-bob');
    const wrong = open(emu, 'key-wrong-s3cret');
    await wrong.record(wrong.c.getCaller());
    await wrong.record(wrong.c.getOverallQuotas('key-wrong-s3cret'));
    await bob.record(bob.c.getGroupApiUsage('acme_soc'));
    await bob.record(bob.c.getUser('key-bob-as-id'));
    await bob.record(bob.c.getUserApiUsage('key-bob', { from: '2026-01-01', to: '2026-01-02' }));
    await alice.record(alice.c.getUser('key-alice/../x'));
    await alice.record(alice.c.addGroupUsers('acme_soc', ['key-alice']));
    await alice.record(alice.c.addGroupUsers('acme_soc', ['frank@other.example']));
    await alice.record(collect(alice.c.listGroupUsers('acme_soc', { filter: 'key-alice' })));
    await Promise.all([alice.c.close(), bob.c.close(), wrong.c.close()]);
    await emu.close();

    const faultyEmu = await startWorld({ faultRate: 1, latencyMs: 100 });
    const slow = open(faultyEmu, 'key-alice', { timeoutMs: 20, retry: { maxRetries: 1 } });
    await slow.record(slow.c.getCaller());
    const faulty = open(faultyEmu, 'key-alice', { retry: { maxRetries: 1 } });
    await faulty.record(faulty.c.getOverallQuotas('key-alice'));
    await Promise.all([slow.c.close(), faulty.c.close()]);

    const all = [...seen.values()].flat().join('\n');
    expect(all).toContain('<apikey>');
    for (const [key, texts] of seen) {
      expect(texts.length).toBeGreaterThan(0);
      expect(texts.join('\n')).not.toContain(key);
    }
  });
});
