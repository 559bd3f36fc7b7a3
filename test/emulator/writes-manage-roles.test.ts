/**
 * Manage Roles (gti-api.md endpoint 7, PATCH /groups/{gid}/relationships/users): grants and
 * revocations, atomic batches, the read-back, and the activity log entry of every change.
 */
import { describe, expect, it } from 'vitest';
import { client, start } from './fixture.js';
import type { Json } from './fixture.js';
import { expectUnchanged, newEntries, users, type Server } from './write-helpers.js';

describe('PATCH /groups/{gid}/relationships/users: Manage Roles (7)', () => {
  const patch = (server: Server, data: unknown[], key = 'key-ada') =>
    client(server, key).patch('/groups/acme/relationships/users', { data });

  it('applies roles, add_roles, remove_roles and quota_limits, read back in listings 2, 3 and 5', async () => {
    const server = await start();
    const r = await patch(server, [
      {
        type: 'user',
        id: 'cy',
        context_attributes: {
          add_roles: ['USER_ROLE_GROUP_ADMIN'],
          quota_limits: { api_requests_daily: { allowed: 2000 } },
        },
      },
      {
        type: 'user',
        id: 'bea',
        context_attributes: { remove_roles: ['USER_ROLE_PRIVATE_SCANNING'] },
      },
      { type: 'user', id: 'dan', context_attributes: { roles: ['USER_ROLE_PRIVATE_SCANNING'] } },
    ]);
    expect([r.status, r.body]).toEqual([200, null]);
    const ada = client(server, 'key-ada');
    const listed = await ada.get('/groups/acme/users?limit=40');
    const context = Object.fromEntries(
      listed.body.data.map((u: Json) => [u.id, u.context_attributes]),
    );
    expect(context.cy).toEqual({
      roles: ['USER_ROLE_GROUP_ADMIN'],
      quota_limits: { api_requests_daily: { allowed: 2000 } },
    });
    expect(context.bea).toEqual({ roles: ['USER_ROLE_GROUP_ADMIN'] });
    expect(context.dan).toEqual({ roles: ['USER_ROLE_PRIVATE_SCANNING'] });
    expect(users((await ada.get('/groups/acme/administrators')).body)).toEqual([
      'ada',
      'bea',
      'cy',
    ]);
    const descriptors = await ada.get('/groups/acme/relationships/administrators');
    expect(descriptors.body.data[2]).toEqual({
      type: 'user',
      id: 'cy',
      context_attributes: context.cy,
    });
    // quota_limits and attributes.quotas are the same fact; `used` is kept.
    expect(
      listed.body.data.find((u: Json) => u.id === 'cy').attributes.quotas.api_requests_daily,
    ).toEqual({ allowed: 2000, used: 300 });
    expect(await newEntries(server)).toEqual([
      ['ada', 'Add admin to group', 'cy'],
      ['ada', 'Change user quota', 'cy'],
      ['ada', 'Change user roles', 'bea'],
      ['ada', 'Change user roles', 'dan'],
    ]);
  });

  it('logs "Remove admin from group" when roles drop the administrator role', async () => {
    const server = await start();
    await patch(server, [
      { id: 'bea', context_attributes: { roles: ['USER_ROLE_PRIVATE_SCANNING'] } },
    ]);
    expect(await newEntries(server)).toEqual([['ada', 'Remove admin from group', 'bea']]);
  });

  it('accepts any §5 quota in quota_limits', async () => {
    const server = await start();
    await patch(server, [
      {
        id: 'eve',
        context_attributes: { quota_limits: { intelligence_searches_monthly: { allowed: 50 } } },
      },
    ]);
    const r = await client(server, 'key-ada').get('/users/eve');
    expect(r.body.data.attributes.quotas).toEqual({
      intelligence_searches_monthly: { allowed: 50, used: 0 },
    });
  });

  it('is all or nothing: an unknown role, a non-member, an unknown quota: 400 naming it, nothing applied', async () => {
    const server = await start();
    const good = { id: 'cy', context_attributes: { add_roles: ['USER_ROLE_GROUP_ADMIN'] } };
    const cases: [unknown, string][] = [
      [{ id: 'dan', context_attributes: { add_roles: ['USER_ROLE_OWNER'] } }, 'USER_ROLE_OWNER'],
      [{ id: 'zed', context_attributes: { add_roles: [] } }, 'zed'],
      [{ id: 'nobody', context_attributes: {} }, 'nobody'],
      [
        {
          id: 'dan',
          context_attributes: { quota_limits: { api_requests_weekly: { allowed: 1 } } },
        },
        'api_requests_weekly',
      ],
      [{ id: 'dan', context_attributes: { quota_limit: {} } }, 'quota_limit'],
    ];
    for (const [bad, named] of cases) {
      await expectUnchanged(server, async () => {
        const r = await patch(server, [good, bad]);
        expect([named, r.status, r.body.error.code]).toEqual([named, 400, 'InvalidArgumentError']);
        expect(r.body.error.message).toContain(named);
      });
    }
  });

  it('answers 400 BadRequestError for malformed values', async () => {
    const server = await start();
    for (const context of [
      { roles: 'USER_ROLE_GROUP_ADMIN' },
      { quota_limits: { api_requests_daily: { allowed: -1 } } },
      { quota_limits: { api_requests_daily: 5 } },
    ]) {
      const r = await patch(server, [{ id: 'cy', context_attributes: context }]);
      expect([JSON.stringify(context), r.status, r.body.error.code]).toEqual([
        JSON.stringify(context),
        400,
        'BadRequestError',
      ]);
    }
  });

  it('takes a service account id for quota_limits (type service_account or user), never roles', async () => {
    const server = await start();
    expect(
      (
        await patch(server, [
          {
            type: 'service_account',
            id: 'acme_bot',
            context_attributes: { quota_limits: { api_requests_daily: { allowed: 100000 } } },
          },
        ])
      ).status,
    ).toBe(200);
    expect(
      (
        await patch(server, [
          {
            type: 'user',
            id: 'acme_idle',
            context_attributes: { quota_limits: { api_requests_daily: { allowed: 7 } } },
          },
        ])
      ).status,
    ).toBe(200);
    const listed = await client(server, 'key-ada').get(
      '/groups/acme/relationships/service_accounts',
    );
    expect(listed.body.data).toEqual([
      {
        type: 'service_account',
        id: 'acme_bot',
        context_attributes: {
          roles: [],
          quota_limits: { api_requests_daily: { allowed: 100000 } },
        },
      },
      {
        type: 'service_account',
        id: 'acme_idle',
        context_attributes: { roles: [], quota_limits: { api_requests_daily: { allowed: 7 } } },
      },
    ]);
    expect(await newEntries(server)).toEqual([
      ['ada', 'Change user quota', 'acme_bot'],
      ['ada', 'Change user quota', 'acme_idle'],
    ]);
    await expectUnchanged(server, async () => {
      const r = await patch(server, [
        {
          type: 'service_account',
          id: 'acme_bot',
          context_attributes: { add_roles: ['USER_ROLE_PRIVATE_SCANNING'] },
        },
      ]);
      expect([r.status, r.body.error.code]).toEqual([400, 'InvalidArgumentError']);
    });
    const wrongType = await patch(server, [
      { type: 'service_account', id: 'cy', context_attributes: {} },
    ]);
    expect(wrongType.status).toBe(400);
  });

  it('changes nothing and logs nothing when the values are already so', async () => {
    const server = await start();
    await expectUnchanged(server, () =>
      patch(server, [
        {
          id: 'ada',
          context_attributes: {
            add_roles: ['USER_ROLE_GROUP_ADMIN'],
            quota_limits: { api_requests_daily: { allowed: 20000 } },
          },
        },
      ]),
    );
  });

  it('needs an administrator of the group', async () => {
    const server = await start();
    const r = await patch(
      server,
      [{ id: 'cy', context_attributes: { add_roles: ['USER_ROLE_GROUP_ADMIN'] } }],
      'key-cy',
    );
    expect([r.status, r.body.error.code]).toEqual([403, 'ForbiddenError']);
  });
});
