import { MockAgent } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGtiClient } from '../../src/api/client.js';
import { ApiError } from '../../src/api/errors.js';
import { collect } from '../../src/api/paginate.js';
import type { GtiApi } from '../../src/api/types.js';
import { VERSION } from '../../src/version.js';
import { KEY, createFakeClock } from '../support/client.js';

const ORIGIN = 'https://www.virustotal.com';

interface Seen {
  method: string;
  path: string;
  body: unknown;
  headers: Record<string, string>;
}

type Answer = { statusCode: number; data?: unknown };

let agent: MockAgent;
let client: GtiApi;
let seen: Seen[];
let answer: (method: string, path: string) => Answer;

const user = (id: string) => ({
  type: 'user',
  id,
  attributes: { email: `${id}@acme.example`, has_2fa: true },
});
const list = (...items: unknown[]) => ({
  statusCode: 200,
  data: { data: items, links: { self: 'x' } },
});

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  seen = [];
  answer = () => ({ statusCode: 200 });
  agent
    .get(ORIGIN)
    .intercept({ path: () => true, method: () => true })
    .reply((opts) => {
      const headers = Object.fromEntries(new Headers(opts.headers as Record<string, string>));
      const body = typeof opts.body === 'string' ? JSON.parse(opts.body) : undefined;
      seen.push({ method: opts.method, path: opts.path, body, headers: lower(headers) });
      const a = answer(opts.method, opts.path);
      return {
        statusCode: a.statusCode,
        data: a.data === undefined ? '' : JSON.stringify(a.data),
        responseOptions: { headers: { 'content-type': 'application/json' } },
      };
    })
    .persist();
  client = createGtiClient({
    baseUrl: `${ORIGIN}/api/v3/`,
    apiKey: KEY,
    dispatcher: agent,
    clock: createFakeClock(),
  });
});

afterEach(async () => {
  await client.close();
  await agent.close();
});

function lower(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

describe('endpoints (through an injected MockAgent)', () => {
  it('sends x-apikey, x-tool and a gti-sync User-Agent on every request', async () => {
    answer = () => ({ statusCode: 200, data: { data: user('me') } });
    const me = await client.getCaller();
    expect(me.id).toBe('me');
    expect(seen[0]?.path).toBe(`/api/v3/users/${KEY}`);
    expect(seen[0]?.headers).toMatchObject({
      'x-apikey': KEY,
      'x-tool': `gti-sync/${VERSION}`,
      'user-agent': `gti-sync/${VERSION} (+node)`,
    });
    expect(client.stats.byRoute).toEqual({ 'GET /users/{id}': 1 });
  });

  it('reads objects: group, user, overall_quotas, api_usage', async () => {
    answer = (_m, path) => {
      if (path.startsWith('/api/v3/groups/acme_soc/api_usage'))
        return { statusCode: 200, data: { data: { daily: { '2026-11-01': {} }, total: {} } } };
      if (path.startsWith('/api/v3/groups/'))
        return {
          statusCode: 200,
          data: { data: { type: 'group', id: 'acme_soc', attributes: {} } },
        };
      if (path.endsWith('/overall_quotas'))
        return {
          statusCode: 200,
          data: {
            data: {
              api_requests_daily: {
                user: { allowed: 10, used: 2 },
                group: { allowed: 100, used: 50, inherited_from: 'acme_soc' },
              },
              private_scans_monthly: { user: { allowed: 1e9, used: 0 } },
              broken: { group: { allowed: 1, used: 1 } },
            },
          },
        };
      if (path.includes('/api_usage'))
        return {
          statusCode: 200,
          data: {
            data: {
              daily: { '2026-11-25': { '/api/v3/(files)': 3 } },
              total: { '/api/v3/(files)': 3 },
            },
          },
        };
      return {
        statusCode: 200,
        data: { data: { ...user('bob'), attributes: { email: 'b@x', last_login: null } } },
      };
    };
    expect((await client.getGroup('acme_soc')).id).toBe('acme_soc');
    const bob = await client.getUser('bob');
    expect(bob.attributes).toEqual({ email: 'b@x' }); // null attributes dropped
    expect(await client.getOverallQuotas('bob')).toEqual({
      api_requests_daily: {
        user: { allowed: 10, used: 2 },
        group: { allowed: 100, used: 50, inherited_from: 'acme_soc' },
      },
      private_scans_monthly: { user: { allowed: 1e9, used: 0 } },
    });
    const usage = await client.getUserApiUsage('bob', { from: '2026-11-01', to: '2026-11-25' });
    expect(usage.total).toEqual({ '/api/v3/(files)': 3 });
    // Absent maps are empty, and every day of the range asked is present (a missing day is 0).
    const notConsuming = usage.daily_endpoints_not_consuming_quota;
    expect(Object.keys(notConsuming)).toHaveLength(25);
    expect(Object.values(notConsuming).every((d) => Object.keys(d).length === 0)).toBe(true);
    expect(usage.daily['2026-11-24']).toEqual({});
    await client.getGroupApiUsage('acme_soc');
    expect(seen.map((s) => `${s.method} ${s.path}`)).toEqual([
      'GET /api/v3/groups/acme_soc',
      'GET /api/v3/users/bob',
      'GET /api/v3/users/bob/overall_quotas',
      'GET /api/v3/users/bob/api_usage?start_date=20261101&end_date=20261125',
      'GET /api/v3/groups/acme_soc/api_usage',
    ]);
  });

  it('refuses a malformed date before sending anything', async () => {
    await expect(
      client.getUserApiUsage('bob', { from: '2026-02-30', to: '2026-03-01' }),
    ).rejects.toMatchObject({ code: 'BAD_DATE' });
    await expect(
      client.getGroupApiUsage('g', { from: '20260201', to: '2026-03-01' }),
    ).rejects.toMatchObject({ code: 'BAD_DATE' });
    expect(seen).toHaveLength(0);
  });

  it('lists with the right paths and queries', async () => {
    answer = (_m, path) =>
      path.includes('/relationships/')
        ? list({ type: 'user', id: 'a', context_attributes: { roles: [] } })
        : path.includes('activity_log')
          ? list({
              type: 'activity_log_entry',
              id: '1',
              attributes: { action: 'Add user to group', date: 1 },
            })
          : list(user('a'));
    await collect(
      client.listGroupUsers('g', { attributes: ['email'], filter: '2fa_enabled:false' }),
    );
    await collect(client.listGroupAdministrators('g', { attributes: ['email', 'has_2fa'] }));
    await collect(client.listGroupServiceAccounts('g'));
    for (const rel of ['users', 'administrators', 'service_accounts'] as const)
      await collect(client.listGroupRelationship('g', rel));
    await collect(
      client.listUsersConsumingQuota('g', 'api_requests_monthly', {
        period: '2026-11',
        order: 'desc',
        attributes: ['email'],
      }),
    );
    const log = await collect(client.listActivityLog('g'));
    expect(log[0]?.attributes.action).toBe('Add user to group');
    expect(seen.map((s) => decodeURIComponent(s.path))).toEqual([
      '/api/v3/groups/g/users?limit=40&attributes=email&filter=2fa_enabled:false',
      '/api/v3/groups/g/administrators?limit=40&attributes=email,has_2fa',
      '/api/v3/groups/g/service_accounts?limit=40',
      '/api/v3/groups/g/relationships/users?limit=40',
      '/api/v3/groups/g/relationships/administrators?limit=40',
      '/api/v3/groups/g/relationships/service_accounts?limit=40',
      '/api/v3/groups/g/users_consuming_quota/api_requests_monthly?limit=40&period=2026-11&order=desc&attributes=email',
      '/api/v3/groups/g/activity_log_entries?limit=40',
    ]);
    expect(client.stats.byRoute).toMatchObject({
      'GET /groups/{gid}/relationships/administrators': 1,
      'GET /groups/{gid}/users_consuming_quota/{quota}': 1,
    });
  });

  it('writes the bodies of gti-api.md §2 exactly', async () => {
    await client.addGroupUsers('g', ['a@x.example', 'b@x.example']);
    await client.manageRoles('g', [
      {
        id: 'alice',
        add_roles: ['USER_ROLE_GROUP_ADMIN'],
        quota_limits: { api_requests_daily: { allowed: 20000 } },
      },
      { id: 'bob', roles: [] },
    ]);
    await client.addGroupAdministrators('g', ['a@x.example']);
    await client.createServiceAccounts('g', ['soar']);
    await client.patchUserQuotas('alice', {
      api_requests_daily: 500,
      intelligence_searches_monthly: 10,
    });
    expect(seen.map(({ method, path, body }) => ({ method, path, body }))).toEqual([
      {
        method: 'POST',
        path: '/api/v3/groups/g/relationships/users',
        body: {
          data: [
            { type: 'user', id: 'a@x.example' },
            { type: 'user', id: 'b@x.example' },
          ],
        },
      },
      {
        method: 'PATCH',
        path: '/api/v3/groups/g/relationships/users',
        body: {
          data: [
            {
              type: 'user',
              id: 'alice',
              context_attributes: {
                add_roles: ['USER_ROLE_GROUP_ADMIN'],
                quota_limits: { api_requests_daily: { allowed: 20000 } },
              },
            },
            { type: 'user', id: 'bob', context_attributes: { roles: [] } },
          ],
        },
      },
      {
        method: 'POST',
        path: '/api/v3/groups/g/relationships/administrators',
        body: { data: [{ type: 'user', id: 'a@x.example' }] },
      },
      {
        method: 'POST',
        path: '/api/v3/groups/g/relationships/service_accounts',
        body: { data: [{ type: 'service_account', id: 'soar' }] },
      },
      {
        method: 'PATCH',
        path: '/api/v3/users/alice',
        body: {
          data: {
            type: 'user',
            attributes: {
              quotas: {
                api_requests_daily: { allowed: 500 },
                intelligence_searches_monthly: { allowed: 10 },
              },
            },
          },
        },
      },
    ]);
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(client.stats.byRoute['PATCH /users/{uid}']).toBe(1);
  });

  it('sends nothing for empty batches and refuses batches over 40', async () => {
    await client.addGroupUsers('g', []);
    await client.manageRoles('g', []);
    await client.patchUserQuotas('u', {});
    expect(seen).toHaveLength(0);
    const many = Array.from({ length: 41 }, (_, i) => `u${i}@x.example`);
    await expect(client.addGroupUsers('g', many)).rejects.toThrow(RangeError);
  });

  it('DELETE answers true, or false on 404; other errors throw', async () => {
    answer = (_m, path) =>
      path.endsWith('/gone')
        ? { statusCode: 404, data: { error: { code: 'NotFoundError', message: 'not a member' } } }
        : path.endsWith('/boss')
          ? { statusCode: 403, data: { error: { code: 'ForbiddenError', message: 'no' } } }
          : { statusCode: 200 };
    expect(await client.removeGroupUser('g', 'bob')).toBe(true);
    expect(await client.removeGroupUser('g', 'gone')).toBe(false);
    expect(await client.removeGroupAdministrator('g', 'gone')).toBe(false);
    await expect(client.removeGroupAdministrator('g', 'boss')).rejects.toMatchObject({
      code: 'API_ForbiddenError',
    });
    expect(seen.map((s) => `${s.method} ${s.path}`)).toContain(
      'DELETE /api/v3/groups/g/relationships/administrators/boss',
    );
  });

  it('membership checks read {"data": boolean}', async () => {
    answer = (_m, path) => ({ statusCode: 200, data: { data: path.endsWith('/yes') } });
    expect(await client.isGroupUser('g', 'yes')).toBe(true);
    expect(await client.isGroupAdministrator('g', 'no')).toBe(false);
    answer = () => ({ statusCode: 200, data: { data: 'maybe' } });
    const error = await client.isGroupUser('g', 'x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ code: 'BAD_RESPONSE' });
  });

  it('encodes ids in paths', async () => {
    answer = () => ({ statusCode: 200 });
    await client.removeGroupUser('g', 'a/b?c');
    expect(seen[0]?.path).toBe('/api/v3/groups/g/relationships/users/a%2Fb%3Fc');
  });

  it('does not close a dispatcher it did not create', async () => {
    await client.close();
    answer = () => ({ statusCode: 200, data: { data: true } });
    const other = createGtiClient({ baseUrl: `${ORIGIN}/api/v3`, apiKey: KEY, dispatcher: agent });
    expect(await other.isGroupUser('g', 'u')).toBe(true);
  });

  it('retries a network error reported by the dispatcher', async () => {
    const flaky = new MockAgent();
    flaky.disableNetConnect();
    const pool = flaky.get(ORIGIN);
    pool
      .intercept({ path: '/api/v3/groups/g', method: 'GET' })
      .replyWithError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    pool
      .intercept({ path: '/api/v3/groups/g', method: 'GET' })
      .reply(200, { data: { type: 'group', id: 'g', attributes: {} } });
    const c = createGtiClient({
      baseUrl: `${ORIGIN}/api/v3`,
      apiKey: KEY,
      dispatcher: flaky,
      clock: createFakeClock(),
    });
    expect((await c.getGroup('g')).id).toBe('g');
    expect(c.stats).toMatchObject({ requests: 2, retries: 1 });
    flaky.assertNoPendingInterceptors();
    await flaky.close();
  });
});
