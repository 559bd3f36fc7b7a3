/**
 * Consumption endpoints (gti-api.md 16–20): overall_quotas, api_usage of users and groups with the
 * date rules, users_consuming_quota, and the activity log's order. The seed's clock is 2026-11-26.
 */
import { describe, expect, it } from 'vitest';
import { QUOTA_NAMES } from '../../src/model/quotas.js';
import { client, NOW_EPOCH, start, testSeed } from './fixture.js';
import type { Json } from './fixture.js';

describe('GET /users/{id}/overall_quotas (16)', () => {
  it('has every §5 quota: the personal value or 10^9/0 (hourly 6·10^10), and the group value where the group has one', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get('/users/ada/overall_quotas');
    expect(r.status).toBe(200);
    expect(Object.keys(r.body.data).sort()).toEqual([...QUOTA_NAMES].sort());
    expect(r.body.data.api_requests_daily).toEqual({
      user: { allowed: 20000, used: 812 },
      group: { allowed: 100000, used: 5120, inherited_from: 'acme' },
    });
    expect(r.body.data.api_requests_hourly).toEqual({ user: { allowed: 60000000000, used: 0 } });
    expect(r.body.data.intelligence_searches_monthly.group).toEqual({
      allowed: 10000,
      used: 3200,
      inherited_from: 'acme',
    });
  });

  it('answers by API key for the caller, and has no group part for an account in no group', async () => {
    const server = await start();
    const r = await client(server, 'key-lone').get('/users/key-lone/overall_quotas');
    for (const name of QUOTA_NAMES) {
      const allowed = name === 'api_requests_hourly' ? 60000000000 : 1000000000;
      expect(r.body.data[name]).toEqual({ user: { allowed, used: 0 } });
    }
  });

  it('is for the user and the administrators of the user’s group only (403), 404 for no such user', async () => {
    const server = await start();
    expect((await client(server, 'key-ada').get('/users/cy/overall_quotas')).status).toBe(200);
    expect((await client(server, 'key-ada').get('/users/key-cy/overall_quotas')).status).toBe(200);
    expect((await client(server, 'key-cy').get('/users/ada/overall_quotas')).status).toBe(403);
    expect((await client(server, 'key-zed').get('/users/ada/overall_quotas')).status).toBe(403);
    expect((await client(server, 'key-ada').get('/users/nobody/overall_quotas')).status).toBe(404);
  });
});

describe('GET /users/{id}/api_usage (17)', () => {
  it('defaults to the 30 days ending today, every day present, {} for idle days', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get('/users/ada/api_usage');
    expect(r.status).toBe(200);
    const days = Object.keys(r.body.data.daily);
    expect(days).toHaveLength(30);
    expect(days[0]).toBe('2026-10-28');
    expect(days.at(-1)).toBe('2026-11-26');
    expect(r.body.data.daily['2026-11-25']).toEqual({
      '/api/v3/(files)': 600,
      '/api/v3/(intelligence_search)': 212,
    });
    expect(r.body.data.daily['2026-11-26']).toEqual({});
    expect(r.body.data.total).toEqual({
      '/api/v3/(files)': 600,
      '/api/v3/(intelligence_search)': 212,
      '/api/v3/(urls)': 5,
    });
    expect(Object.keys(r.body.data.daily_endpoints_not_consuming_quota)).toEqual(days);
    expect(r.body.data.daily_endpoints_not_consuming_quota['2026-11-25']).toEqual({
      '/api/v3/(users)': 3,
    });
    expect(r.body.data.total_endpoints_not_consuming_quota).toEqual({ '/api/v3/(users)': 3 });
  });

  it('takes start_date and end_date (YYYYMMDD, both inclusive)', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get(
      '/users/key-ada/api_usage?start_date=20261001&end_date=20261030',
    );
    expect(Object.keys(r.body.data.daily)).toHaveLength(30);
    expect(r.body.data.daily['2026-10-01']).toEqual({ '/api/v3/(files)': 7 });
    expect(r.body.data.total).toEqual({ '/api/v3/(files)': 7 });
    expect(r.body.data.total_endpoints_not_consuming_quota).toEqual({});
  });

  it('keeps 60 days: a start 59 days ago is served, 60 days ago is 400 saying so', async () => {
    const server = await start();
    const ok = await client(server, 'key-ada').get(
      '/users/ada/api_usage?start_date=20260928&end_date=20261001',
    );
    expect(ok.status).toBe(200);
    const old = await client(server, 'key-ada').get(
      '/users/ada/api_usage?start_date=20260927&end_date=20261001',
    );
    expect([old.status, old.body.error.code]).toEqual([400, 'BadRequestError']);
    expect(old.body.error.message).toMatch(/59 days before today/);
  });

  it('answers a span over 30 days, a start after the end, and bad dates with 400 naming the rule', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    const wide = await ada.get('/users/ada/api_usage?start_date=20261026&end_date=20261126');
    expect([wide.status, wide.body.error.code]).toEqual([400, 'BadRequestError']);
    expect(wide.body.error.message).toMatch(/spans 32 days/);
    const reversed = await ada.get('/users/ada/api_usage?start_date=20261120&end_date=20261110');
    expect(reversed.body.error.message).toMatch(/after end_date/);
    for (const date of ['2026-11-01', '20261131', 'yesterday']) {
      const bad = await ada.get(`/users/ada/api_usage?start_date=${date}`);
      expect([date, bad.status, bad.body.error.code]).toEqual([date, 400, 'BadRequestError']);
    }
  });

  it('is for the user and its group’s administrators only', async () => {
    const server = await start();
    expect((await client(server, 'key-cy').get('/users/ada/api_usage')).status).toBe(403);
    expect((await client(server, 'key-bea').get('/users/ada/api_usage')).status).toBe(200);
    expect((await client(server, 'key-bot').get('/users/key-bot/api_usage')).status).toBe(200);
  });
});

describe('GET /groups/{gid}/api_usage (18)', () => {
  it('sums current members and service accounts; a removed member no longer counts', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    const r = await ada.get('/groups/acme/api_usage?start_date=20261101&end_date=20261126');
    expect(r.body.data.daily['2026-11-25']).toEqual({
      '/api/v3/(files)': 750,
      '/api/v3/(intelligence_search)': 212,
    });
    expect(r.body.data.total).toEqual({
      '/api/v3/(files)': 1750,
      '/api/v3/(intelligence_search)': 212,
      '/api/v3/(urls)': 5,
    });
    await ada.del('/groups/acme/relationships/users/cy');
    const after = await ada.get('/groups/acme/api_usage?start_date=20261101&end_date=20261126');
    expect(after.body.data.total).toEqual({
      '/api/v3/(files)': 650,
      '/api/v3/(intelligence_search)': 212,
      '/api/v3/(urls)': 5,
    });
  });

  it('needs an administrator of the group; applies the same date rules', async () => {
    const server = await start();
    expect((await client(server, 'key-cy').get('/groups/acme/api_usage')).status).toBe(403);
    expect((await client(server, 'key-ada').get('/groups/nope/api_usage')).status).toBe(404);
    expect(
      (await client(server, 'key-ada').get('/groups/acme/api_usage?start_date=20261001')).status,
    ).toBe(400);
  });
});

describe('GET /groups/{gid}/users_consuming_quota/{quota} (19)', () => {
  const rows = (body: Json) =>
    body.data.map((u: Json) => [u.id, u.context_attributes.quota_consumed_from_group]);

  it('sorts this month’s api_usage sums, biggest first, service accounts included, idle accounts left out', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get(
      '/groups/acme/users_consuming_quota/api_requests_daily',
    );
    expect(r.status).toBe(200);
    expect(rows(r.body)).toEqual([
      ['cy', 1100],
      ['ada', 817],
      ['acme_bot', 50],
    ]);
    expect(r.body.data[2].type).toBe('service_account');
    expect(r.body.data[0].attributes.email).toBe('cy@acme.example');
    const asc = await client(server, 'key-ada').get(
      '/groups/acme/users_consuming_quota/api_requests_monthly?order=asc',
    );
    expect(rows(asc.body)).toEqual([
      ['acme_bot', 50],
      ['ada', 817],
      ['cy', 1100],
    ]);
  });

  it('takes a period: a day, or one of the current month and the two before it', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    expect(
      rows(
        (await ada.get('/groups/acme/users_consuming_quota/api_requests_daily?period=2026-11-25'))
          .body,
      ),
    ).toEqual([
      ['ada', 812],
      ['cy', 100],
      ['acme_bot', 50],
    ]);
    expect(
      rows(
        (await ada.get('/groups/acme/users_consuming_quota/api_requests_monthly?period=2026-10'))
          .body,
      ),
    ).toEqual([
      ['ada', 7],
      ['cy', 4],
    ]);
    expect(
      (await ada.get('/groups/acme/users_consuming_quota/api_requests_daily?period=2026-09')).body
        .data,
    ).toEqual([]);
    for (const bad of ['2026-08', '2026-12', '2026-13', 'last-month', '2026-11-31']) {
      const r = await ada.get(
        `/groups/acme/users_consuming_quota/api_requests_daily?period=${bad}`,
      );
      expect([bad, r.status, r.body.error.code]).toEqual([bad, 400, 'BadRequestError']);
    }
  });

  it('uses this month’s quotas.<quota>.used for the other quotas', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    const r = await ada.get('/groups/acme/users_consuming_quota/intelligence_searches_monthly');
    expect(rows(r.body)).toEqual([
      ['cy', 90],
      ['ada', 40],
    ]);
    expect(
      (
        await ada.get(
          '/groups/acme/users_consuming_quota/intelligence_searches_monthly?period=2026-10',
        )
      ).body.data,
    ).toEqual([]);
  });

  it('answers 400 for an unknown quota, a wrong kind of period, a bad order; 403 for a non-admin', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    for (const path of [
      '/groups/acme/users_consuming_quota/api_requests_hourly',
      '/groups/acme/users_consuming_quota/api_requests_weekly',
      '/groups/acme/users_consuming_quota/intelligence_hunting_rules?period=2026-11',
      '/groups/acme/users_consuming_quota/private_scans_monthly?period=2026-11-01',
      '/groups/acme/users_consuming_quota/api_requests_daily?order=sideways',
    ]) {
      const r = await ada.get(path);
      expect([path, r.status, r.body.error.code]).toEqual([path, 400, 'BadRequestError']);
    }
    expect(
      (await ada.get('/groups/acme/users_consuming_quota/intelligence_hunting_rules')).status,
    ).toBe(200);
    expect(
      (await client(server, 'key-cy').get('/groups/acme/users_consuming_quota/api_requests_daily'))
        .status,
    ).toBe(403);
  });
});

describe('GET /groups/{gid}/activity_log_entries (20)', () => {
  it('lists the group’s entries newest first, equal dates latest-written first', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get(
      '/groups/acme/activity_log_entries?relationships=user',
    );
    expect(r.body.data.map((e: Json) => e.attributes.info.user)).toEqual(['bea', 'dan', 'cy']);
    expect(r.body.data[0]).toMatchObject({
      type: 'activity_log_entry',
      attributes: { action: 'Add admin to group', date: NOW_EPOCH - 500, info: { user: 'bea' } },
      relationships: { user: { data: { type: 'user', id: 'bea' } } },
    });
    expect(typeof r.body.data[0].attributes.ip).toBe('string');
  });

  it('puts a write made now first, with the caller as actor', async () => {
    const server = await start();
    await client(server, 'key-bea').del('/groups/acme/relationships/users/eve');
    const r = await client(server, 'key-ada').get(
      '/groups/acme/activity_log_entries?limit=1&relationships=user',
    );
    expect(r.body.data[0].attributes).toMatchObject({
      action: 'Remove user from group',
      date: NOW_EPOCH,
      info: { user: 'eve' },
    });
    expect(r.body.data[0].relationships.user.data.id).toBe('bea');
    expect(r.body.meta.count).toBe(4);
  });

  it('is for administrators of the group only', async () => {
    const server = await start();
    expect((await client(server, 'key-cy').get('/groups/acme/activity_log_entries')).status).toBe(
      403,
    );
    expect((await client(server, 'key-zed').get('/groups/acme/activity_log_entries')).status).toBe(
      403,
    );
    const other = await client(server, 'key-zed').get('/groups/other/activity_log_entries');
    expect(other.body.data.map((e: Json) => e.attributes.info.user)).toEqual(['oli']);
  });
});

describe('the clock', () => {
  it('follows real time when the seed has no `now`', async () => {
    const seed = testSeed();
    delete seed.now;
    const server = await start(seed);
    const before = new Date().toISOString().slice(0, 10);
    const r = await client(server, 'key-ada').get('/users/ada/api_usage');
    const after = new Date().toISOString().slice(0, 10);
    expect([before, after]).toContain(Object.keys(r.body.data.daily).at(-1));
    const startedAt = Math.floor(Date.now() / 1000);
    await client(server, 'key-ada').del('/groups/acme/relationships/users/eve');
    const log = await client(server, 'key-ada').get('/groups/acme/activity_log_entries?limit=1');
    expect(log.body.data[0].attributes.date).toBeGreaterThanOrEqual(startedAt);
    expect(server.emulator.state()).not.toHaveProperty('now');
  });
});
