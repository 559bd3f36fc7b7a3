/** Seeds and helpers for the live-reader tests: a generated group, the demo seed, a stripping proxy. */
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { loadSeedFile } from '../../src/emulator/index.js';
import type { Seed, SeedActivityEntry, SeedUser } from '../../src/emulator/index.js';

/** 2026-11-26T12:00:00Z, the frozen clock of every seed here. */
export const NOW = new Date('2026-11-26T12:00:00Z');
export const NOW_EPOCH = NOW.getTime() / 1000;
const DAY = 86_400;

/** The demo world (examples/emulator-seed.yaml). */
export function demoSeed(): Promise<Seed> {
  return loadSeedFile(resolve(import.meta.dirname, '../../examples/emulator-seed.yaml'));
}

/**
 * Group `big`: `members` members of whom the first `admins` are administrators (boss = m000, the
 * caller), `accounts` service accounts, and `recentLog` activity entries within the last 30 days
 * followed by one old entry.
 */
export function bigSeed(opts: {
  members: number;
  admins: number;
  accounts: number;
  recentLog: number;
}): Seed {
  const users: SeedUser[] = [];
  for (let i = 0; i < opts.members; i++) {
    const id = `m${String(i).padStart(3, '0')}`;
    users.push({
      id,
      email: `${id}@big.example`,
      apikey: `key-${id}`,
      has_2fa: i % 7 !== 3,
      group: 'big',
      roles:
        i < opts.admins
          ? ['USER_ROLE_GROUP_ADMIN']
          : i % 5 === 0
            ? ['USER_ROLE_PRIVATE_SCANNING']
            : [],
      quotas:
        i % 3 === 0
          ? { api_requests_daily: { allowed: 500 + i, used: i } }
          : { api_requests_daily: { allowed: 1_000_000_000, used: i } },
    });
  }
  const log: SeedActivityEntry[] = [];
  for (let i = 0; i < opts.recentLog; i++) {
    log.push({
      group: 'big',
      actor: 'm000',
      action: 'Change user quota',
      user: `m00${i % 10}`,
      date: NOW_EPOCH - 20 * DAY + i,
    });
  }
  log.push({
    group: 'big',
    actor: 'm000',
    action: 'Invite user to group',
    user: 'old@big.example',
    date: NOW_EPOCH - 40 * DAY,
  });
  return {
    now: NOW.toISOString(),
    groups: [{ id: 'big', organization: 'Big' }],
    users,
    service_accounts: Array.from({ length: opts.accounts }, (_, i) => ({
      group: 'big',
      name: `sa${i}`,
      quotas: { api_requests_daily: { allowed: 100 * (i + 1), used: 1 } },
    })),
    activity_log: log,
  };
}

/** What the emulator counted, from `GET /_emulator/stats`. */
export async function emulatorStats(
  origin: string,
): Promise<{ requests: number; by_route: Record<string, number> }> {
  const response = await fetch(`${origin}/_emulator/stats`);
  return (await response.json()) as { requests: number; by_route: Record<string, number> };
}

/**
 * A tiny HTTP proxy in front of the emulator that strips `context_attributes` from every listing
 * item (an API that does not send them, which gti-api.md §4 says the client must tolerate).
 */
export async function startStrippingProxy(
  target: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          let body = Buffer.concat(chunks).toString('utf8');
          try {
            const json = JSON.parse(body) as { data?: unknown };
            if (Array.isArray(json.data))
              for (const item of json.data)
                delete (item as Record<string, unknown>)['context_attributes'];
            body = JSON.stringify(json);
          } catch {
            // not JSON: pass through
          }
          res.writeHead(answer.statusCode ?? 500, { 'content-type': 'application/json' });
          res.end(body);
        });
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/v3`,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
