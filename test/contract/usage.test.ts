/**
 * Contract: the quota and usage endpoints (16–19) through the real client against the emulator.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../src/api/paginate.js';
import type { GtiApi } from '../../src/api/types.js';
import { apiFailure } from '../support/client.js';
import { startWorldWithClients } from './world.js';

let alice: GtiApi;
let bob: GtiApi;
let dave: GtiApi;

beforeAll(async () => {
  ({ alice, bob, dave } = await startWorldWithClients());
});

const QUOTA_NAMES = [
  'api_requests_hourly',
  'api_requests_daily',
  'api_requests_monthly',
  'intelligence_searches_monthly',
  'intelligence_downloads_monthly',
  'intelligence_hunting_rules',
  'intelligence_retrohunt_jobs_monthly',
  'intelligence_vtdiff_creation_monthly',
  'private_scans_monthly',
  'private_urlscans_monthly',
];

describe('GET /users/{id}/overall_quotas (16)', () => {
  it('has every quota, the user value and the group value where the group has one', async () => {
    const quotas = await alice.getOverallQuotas('alice');
    expect(Object.keys(quotas).sort()).toEqual([...QUOTA_NAMES].sort());
    expect(quotas['api_requests_daily']).toEqual({
      user: { allowed: 20000, used: 812 },
      group: { allowed: 100000, used: 5120, inherited_from: 'acme_soc' },
    });
    expect(quotas['private_scans_monthly']?.user).toEqual({ allowed: 1000000000, used: 0 });
  });

  it('by key as well as by id; an unknown user: API_NotFoundError', async () => {
    expect(
      (await bob.getOverallQuotas('key-bob'))['api_requests_daily']?.group?.inherited_from,
    ).toBe('acme_soc');
    expect((await apiFailure(alice.getOverallQuotas('nobody'))).code).toBe('API_NotFoundError');
  });
});

describe('GET /users/{id}/api_usage and /groups/{gid}/api_usage (17, 18)', () => {
  it('per day, with {} for idle days, for the range asked', async () => {
    const usage = await alice.getUserApiUsage('alice', { from: '2026-11-23', to: '2026-11-25' });
    expect(usage.daily).toEqual({
      '2026-11-23': {},
      '2026-11-24': { '/api/v3/(files)': 100, '/api/v3/(intelligence_search)': 10 },
      '2026-11-25': { '/api/v3/(files)': 600, '/api/v3/(intelligence_search)': 212 },
    });
    expect(usage.total).toEqual({ '/api/v3/(files)': 700, '/api/v3/(intelligence_search)': 222 });
    expect(Object.keys(usage.daily_endpoints_not_consuming_quota).sort()).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
    ]);
  });

  it('without a range: the 30 days ending today', async () => {
    const usage = await alice.getUserApiUsage('alice');
    expect(Object.keys(usage.daily)).toHaveLength(30);
    expect(Object.keys(usage.daily).sort().at(-1)).toBe('2026-11-26');
  });

  it('the group form sums members and service accounts', async () => {
    const usage = await alice.getGroupApiUsage('acme_soc', {
      from: '2026-11-25',
      to: '2026-11-25',
    });
    expect(usage.total['/api/v3/(files)']).toBe(600 + 50 + 1000);
  });

  it('refuses a span over 30 days, a start over 59 days ago, a start after the end: API_BadRequestError', async () => {
    for (const range of [
      { from: '2026-10-01', to: '2026-11-25' },
      { from: '2026-09-01', to: '2026-09-10' },
      { from: '2026-11-25', to: '2026-11-20' },
    ]) {
      expect((await apiFailure(alice.getUserApiUsage('alice', range))).code).toBe(
        'API_BadRequestError',
      );
    }
  });

  it('the group form needs an administrator: API_ForbiddenError; unknown group: API_NotFoundError', async () => {
    expect((await apiFailure(bob.getGroupApiUsage('acme_soc'))).code).toBe('API_ForbiddenError');
    expect((await apiFailure(dave.getGroupApiUsage('acme_soc'))).code).toBe('API_ForbiddenError');
    expect((await apiFailure(alice.getGroupApiUsage('nope'))).code).toBe('API_NotFoundError');
  });
});

describe('GET /groups/{gid}/users_consuming_quota/{quota} (19)', () => {
  it('lists consumers by consumption, with quota_consumed_from_group', async () => {
    const users = await collect(
      alice.listUsersConsumingQuota('acme_soc', 'api_requests_monthly', { period: '2026-11' }),
    );
    expect(users.map((u) => u.id)).toEqual(['acme_soc_soar_ingest', 'alice', 'bob']);
    expect(users.map((u) => u.context_attributes?.quota_consumed_from_group)).toEqual([
      1000, 922, 50,
    ]);
    const ascending = await collect(
      alice.listUsersConsumingQuota('acme_soc', 'api_requests_monthly', {
        period: '2026-11',
        order: 'asc',
      }),
    );
    expect(ascending.map((u) => u.id)).toEqual(['bob', 'alice', 'acme_soc_soar_ingest']);
  });

  it('a feature quota reads the current month’s used', async () => {
    const users = await collect(
      alice.listUsersConsumingQuota('acme_soc', 'intelligence_searches_monthly'),
    );
    expect(users.map((u) => [u.id, u.context_attributes?.quota_consumed_from_group])).toEqual([
      ['alice', 40],
    ]);
  });

  it('needs an administrator: API_ForbiddenError', async () => {
    expect(
      (await apiFailure(collect(bob.listUsersConsumingQuota('acme_soc', 'api_requests_daily'))))
        .code,
    ).toBe('API_ForbiddenError');
  });
});
