/**
 * The variants of gti-api.md §13 not covered elsewhere (2FA: two-factor.test.ts; actions:
 * activity-log.test.ts): context roles, the `api_usage` shapes, how variants are named and
 * reported, and the refusal of an unknown one.
 */
import { describe, expect, it } from 'vitest';
import { createEmulator, VARIANTS } from '../../src/emulator/index.js';
import { GtiSyncError } from '../../src/model/errors.js';
import { readState } from '../support/emulator.js';
import { client, start, testSeed } from './fixture.js';
import type { Json } from './fixture.js';

describe('no-context-roles', () => {
  it('leaves context_attributes out of every listing; roles still come through administrators', async () => {
    const server = await start(testSeed(), { variants: ['no-context-roles'] });
    const ada = client(server, 'key-ada');
    for (const path of [
      '/groups/acme/users',
      '/groups/acme/administrators',
      '/groups/acme/service_accounts',
      '/groups/acme/relationships/users',
      '/groups/acme/relationships/administrators',
      '/groups/acme/relationships/service_accounts',
    ]) {
      const r = await ada.get(path);
      expect(r.body.data.length).toBeGreaterThan(0);
      for (const item of r.body.data) expect(item, path).not.toHaveProperty('context_attributes');
    }
    const admins = await ada.get('/groups/acme/administrators');
    expect(admins.body.data.map((u: Json) => u.id)).toEqual(['ada', 'bea']);
    const users = await ada.get('/groups/acme/users?limit=40');
    expect(users.body.data[0].attributes.quotas.api_requests_daily).toEqual({
      allowed: 20000,
      used: 812,
    });
    // users_consuming_quota keeps its consumption: it is not a roles or caps context.
    const consuming = await ada.get('/groups/acme/users_consuming_quota/api_requests_daily');
    expect(consuming.body.data[0].context_attributes).toHaveProperty('quota_consumed_from_group');
  });
});

describe('api_usage shapes', () => {
  const range = '?start_date=20261124&end_date=20261126';

  it('by default: wrapped in data, keys /api/v3/(…), idle days as {}', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get(`/users/ada/api_usage${range}`);
    expect(Object.keys(r.body)).toEqual(['data']);
    expect(r.body.data.daily).toEqual({
      '2026-11-24': {},
      '2026-11-25': { '/api/v3/(files)': 600, '/api/v3/(intelligence_search)': 212 },
      '2026-11-26': {},
    });
  });

  it('unwrapped-usage, plain-endpoint-keys and sparse-usage-days together (user 17 and group 18)', async () => {
    const server = await start(testSeed(), {
      variants: ['unwrapped-usage', 'plain-endpoint-keys', 'sparse-usage-days'],
    });
    const ada = client(server, 'key-ada');
    const user = await ada.get(`/users/ada/api_usage${range}`);
    expect(user.body).toEqual({
      daily: { '2026-11-25': { files: 600, intelligence_search: 212 } },
      total: { files: 600, intelligence_search: 212 },
      daily_endpoints_not_consuming_quota: { '2026-11-25': { users: 3 } },
      total_endpoints_not_consuming_quota: { users: 3 },
    });
    const group = await ada.get(`/groups/acme/api_usage${range}`);
    expect(group.body.daily).toEqual({ '2026-11-25': { files: 750, intelligence_search: 212 } });
    expect(group.body).not.toHaveProperty('data');
  });

  it('each one alone changes only its own part', async () => {
    const sparse = await start(testSeed(), { variants: ['sparse-usage-days'] });
    const a = await client(sparse, 'key-ada').get(`/users/ada/api_usage${range}`);
    expect(Object.keys(a.body.data.daily)).toEqual(['2026-11-25']);
    expect(a.body.data.daily['2026-11-25']).toHaveProperty(['/api/v3/(files)']);
    const plain = await start(testSeed(), { variants: ['plain-endpoint-keys'] });
    const b = await client(plain, 'key-ada').get(`/users/ada/api_usage${range}`);
    expect(Object.keys(b.body.data.daily)).toHaveLength(3);
    expect(b.body.data.total).toEqual({ files: 600, intelligence_search: 212 });
    const unwrapped = await start(testSeed(), { variants: ['unwrapped-usage'] });
    const c = await client(unwrapped, 'key-ada').get(`/users/ada/api_usage${range}`);
    expect(c.body.total).toEqual({ '/api/v3/(files)': 600, '/api/v3/(intelligence_search)': 212 });
  });
});

describe('naming variants', () => {
  it('/_emulator/state names the variants in force (seed and options), in §13 order, across reset', async () => {
    const server = await start(
      { ...testSeed(), variants: ['enum-actions'] },
      { variants: ['visible-2fa', 'enum-actions'] },
    );
    expect((await readState(server)).variants).toEqual(['visible-2fa', 'enum-actions']);
    await fetch(`${server.origin}/_emulator/reset`, { method: 'POST' });
    expect((await readState(server)).variants).toEqual(['visible-2fa', 'enum-actions']);
    const plain = await start();
    expect((await readState(plain)).variants).toEqual([]);
  });

  it('refuses an unknown variant with UNKNOWN_VARIANT', () => {
    expect(() => createEmulator(testSeed(), { variants: ['visible-2fa', 'shiny'] })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_VARIANT' }),
    );
    expect(() => createEmulator(testSeed(), { variants: ['shiny'] })).toThrow(GtiSyncError);
  });

  it('serves exactly the seven variants of §13', () => {
    expect([...VARIANTS]).toEqual([
      'no-context-roles',
      'visible-2fa',
      'unwrapped-usage',
      'plain-endpoint-keys',
      'sparse-usage-days',
      'enum-actions',
      'no-2fa-filter',
    ]);
  });
});
