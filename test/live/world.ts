/** Seeds and helpers for the live-reader tests: a generated group, the demo seed, a stripping proxy. */
import { loadSeedFile } from '../../src/emulator/index.js';
import type { Seed, SeedActivityEntry, SeedUser } from '../../src/emulator/index.js';
import { startProxy } from '../support/http-server.js';
import { repoPath } from '../support/paths.js';

/** 2026-11-26T12:00:00Z, the frozen clock of every seed here. */
export const NOW = new Date('2026-11-26T12:00:00Z');
export const NOW_EPOCH = NOW.getTime() / 1000;
const DAY = 86_400;

/** The demo world (examples/emulator-seed.yaml), its relative dates resolved against NOW. */
export function demoSeed(): Promise<Seed> {
  return loadSeedFile(repoPath('examples/emulator-seed.yaml'), {
    GTI_SYNC_NOW: NOW.toISOString(),
  });
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

/**
 * A proxy in front of the emulator that strips `context_attributes` from every listing item (an
 * API that does not send them, which gti-api.md §4 says the client must tolerate).
 */
export function startStrippingProxy(
  target: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  return startProxy(target, {
    rewriteJson: (body) => {
      if (!isRecord(body) || !Array.isArray(body['data'])) return;
      for (const item of body['data']) if (isRecord(item)) delete item['context_attributes'];
    },
  });
}

/**
 * A proxy in front of the emulator that shows `has_2fa` only to its owner (gti-api.md §5, revision
 * 2): every listing item but `ownerId` loses it. The emulator behind it still answers the filter.
 */
export function startHiding2faProxy(
  target: string,
  ownerId: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  return startProxy(target, {
    rewriteJson: (body) => {
      if (!isRecord(body) || !Array.isArray(body['data'])) return;
      for (const item of body['data']) {
        if (!isRecord(item) || item['id'] === ownerId) continue;
        const attributes = item['attributes'];
        if (isRecord(attributes)) delete attributes['has_2fa'];
      }
    },
  });
}

/**
 * A proxy that shows `has_2fa` on every user item as `has2fa(id)` says (revision 1's reading, the
 * `visible-2fa` variant), whatever the emulator behind it shows by default.
 */
export function startRevealing2faProxy(
  target: string,
  has2fa: (id: string) => boolean,
): Promise<{ url: string; close: () => Promise<void> }> {
  return startProxy(target, {
    rewriteJson: (body) => {
      if (!isRecord(body) || !Array.isArray(body['data'])) return;
      for (const item of body['data']) {
        if (!isRecord(item) || item['type'] !== 'user' || typeof item['id'] !== 'string') continue;
        const attributes = item['attributes'];
        if (isRecord(attributes)) attributes['has_2fa'] = has2fa(item['id']);
      }
    },
  });
}

/** bigSeed's 2FA: every 7th member from m003 has none. */
export function bigSeedHas2fa(id: string): boolean {
  return Number(id.slice(1)) % 7 !== 3;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
