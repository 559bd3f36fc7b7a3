/** Group and user reads (gti-api.md endpoints 1–5, 9, 12, 14) over real HTTP, with every read Decision. */
import { describe, expect, it } from 'vitest';
import { call, client, collect, start } from './fixture.js';
import type { Json } from './fixture.js';

const ids = (body: Json): string[] => body.data.map((item: Json) => item.id);

describe('auth order: 401, then 404, then 403', () => {
  it('answers 401 AuthenticationRequiredError without a key, even for an unknown group', async () => {
    const server = await start();
    const r = await call(server.url, 'GET', '/groups/nope/users', undefined);
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('AuthenticationRequiredError');
  });

  it('answers 401 WrongCredentialsError for an unknown key', async () => {
    const server = await start();
    const r = await client(server, 'key-nobody').get('/groups/acme');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('WrongCredentialsError');
  });

  it('answers 401 UserNotActiveError for the key of an inactive account', async () => {
    const server = await start();
    const r = await client(server, 'key-ina').get('/groups/acme');
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('UserNotActiveError');
  });

  it('answers 404 for an unknown group to members, outsiders and other admins alike', async () => {
    const server = await start();
    for (const key of ['key-ada', 'key-cy', 'key-zed', 'key-lone']) {
      for (const path of [
        '/groups/nope',
        '/groups/nope/users',
        '/groups/nope/relationships/users/ada',
      ]) {
        const r = await client(server, key).get(path);
        expect([key, path, r.status, r.body.error.code]).toEqual([key, path, 404, 'NotFoundError']);
      }
    }
  });

  it('answers 403 to a caller of another group, its admin included, and to one in no group', async () => {
    const server = await start();
    for (const key of ['key-zed', 'key-oli', 'key-lone']) {
      const r = await client(server, key).get('/groups/acme/users');
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('ForbiddenError');
    }
  });

  it('lets a plain member read the group (reads 1–5, 9, 12 need membership only)', async () => {
    const server = await start();
    const cy = client(server, 'key-cy');
    for (const path of [
      '/groups/acme',
      '/groups/acme/users',
      '/groups/acme/administrators',
      '/groups/acme/service_accounts',
      '/groups/acme/relationships/users',
      '/groups/acme/relationships/administrators',
      '/groups/acme/relationships/service_accounts',
      '/groups/acme/relationships/users/ada',
      '/groups/acme/relationships/administrators/ada',
    ]) {
      expect([path, (await cy.get(path)).status]).toEqual([path, 200]);
    }
  });

  it('answers 404 NotFoundError for a path that is not an endpoint', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get('/groups/acme/nonsense');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NotFoundError');
    const method = await client(server, 'key-ada').patch('/groups/acme', { data: {} });
    expect(method.status).toBe(404);
  });
});

describe('GET /groups/{gid} (1)', () => {
  it('returns the group; auto_add_users only to administrators', async () => {
    const server = await start();
    const admin = await client(server, 'key-ada').get('/groups/acme');
    expect(admin.status).toBe(200);
    expect(admin.body.data).toMatchObject({
      type: 'group',
      id: 'acme',
      attributes: {
        organization: 'ACME',
        auto_add_users: ['*@acme.example'],
        quotas: { api_requests_daily: { allowed: 100000, used: 5120 } },
      },
    });
    expect(admin.body.data.links.self).toBe(`${server.url}/groups/acme`);
    const member = await client(server, 'key-cy').get('/groups/acme');
    expect(member.body.data.attributes).not.toHaveProperty('auto_add_users');
    expect(member.body.data.attributes.organization).toBe('ACME');
  });
});

describe('GET /groups/{gid}/users (2)', () => {
  it('lists the members (people only, not service accounts) with roles and caps in context_attributes', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get('/groups/acme/users?limit=40');
    expect(r.status).toBe(200);
    expect(ids(r.body)).toEqual(['ada', 'bea', 'cy', 'dan', 'eve', 'ina']);
    expect(r.body.meta.count).toBe(6);
    const byId = Object.fromEntries(r.body.data.map((u: Json) => [u.id, u]));
    expect(byId.ada.context_attributes).toEqual({
      roles: ['USER_ROLE_GROUP_ADMIN'],
      quota_limits: { api_requests_daily: { allowed: 20000 } },
    });
    expect(byId.bea.context_attributes).toEqual({
      roles: ['USER_ROLE_GROUP_ADMIN', 'USER_ROLE_PRIVATE_SCANNING'],
    });
    // A value of 10^9 or more is "no personal cap": no quota_limits.
    expect(byId.dan.context_attributes).toEqual({ roles: [] });
    expect(byId.cy.attributes).toMatchObject({
      email: 'cy@acme.example',
      quotas: { api_requests_daily: { allowed: 1000, used: 300 } },
    });
    // has_2fa is the owner's alone (gti-api.md §5, revision 2): not even the caller's own record.
    for (const user of r.body.data) expect(user.attributes).not.toHaveProperty('has_2fa');
  });

  it('never shows a person’s API key in a listing, not even the caller’s own', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get('/groups/acme/users');
    for (const user of r.body.data) expect(user.attributes).not.toHaveProperty('apikey');
  });

  it('hides admin-only attributes of other users from a member who is not an administrator', async () => {
    const server = await start();
    const r = await client(server, 'key-cy').get('/groups/acme/users');
    for (const user of r.body.data) {
      if (user.id === 'cy') {
        expect(user.attributes).toHaveProperty('email');
        expect(user.attributes).toHaveProperty('quotas');
        continue;
      }
      for (const hidden of ['email', 'has_2fa', 'quotas', 'last_login']) {
        expect([user.id, hidden, hidden in user.attributes]).toEqual([user.id, hidden, false]);
      }
      expect(user.context_attributes).not.toHaveProperty('quota_limits');
      expect(user.context_attributes).toHaveProperty('roles');
    }
  });

  it('restricts attributes to those named by attributes=', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get(
      '/groups/acme/users?attributes=first_name,last_name,email',
    );
    for (const user of r.body.data) {
      expect(Object.keys(user.attributes).sort()).toEqual(['email', 'first_name', 'last_name']);
    }
  });

  it('supports filter=2fa_enabled:false and has_2fa:false, and :true', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    expect(ids((await ada.get('/groups/acme/users?filter=2fa_enabled:false')).body)).toEqual([
      'dan',
      'eve',
    ]);
    expect(ids((await ada.get('/groups/acme/users?filter=has_2fa:false')).body)).toEqual([
      'dan',
      'eve',
    ]);
    const withTwoFa = await ada.get('/groups/acme/users?filter=has_2fa:true');
    expect(ids(withTwoFa.body)).toEqual(['ada', 'bea', 'cy', 'ina']);
    expect(withTwoFa.body.meta.count).toBe(4);
    expect(ids((await ada.get('/groups/acme/users?filter=2fa_enabled:true')).body)).toEqual([
      'ada',
      'bea',
      'cy',
      'ina',
    ]);
  });

  it('answers 400 BadRequestError to any other filter', async () => {
    const server = await start();
    for (const filter of [
      'status:active',
      'has_2fa:maybe',
      '2fa_enabled',
      'email:cy@acme.example',
    ]) {
      const r = await client(server, 'key-ada').get(
        `/groups/acme/users?filter=${encodeURIComponent(filter)}`,
      );
      expect([filter, r.status, r.body.error.code]).toEqual([filter, 400, 'BadRequestError']);
    }
  });

  it('answers 403 to a member who is not an administrator filtering on 2FA (our Decision)', async () => {
    const server = await start();
    const r = await client(server, 'key-cy').get('/groups/acme/users?filter=has_2fa:false');
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('ForbiddenError');
  });
});

describe('GET /groups/{gid}/administrators (3)', () => {
  it('lists the administrators with their roles', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get('/groups/acme/administrators');
    expect(ids(r.body)).toEqual(['ada', 'bea']);
    expect(r.body.data[0].context_attributes.roles).toEqual(['USER_ROLE_GROUP_ADMIN']);
  });
});

describe('service accounts (4 and relationships/service_accounts)', () => {
  it('lists service accounts as <gid>_<name>, first_name the name, apikey for administrators', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get('/groups/acme/service_accounts');
    expect(ids(r.body)).toEqual(['acme_bot', 'acme_idle']);
    expect(r.body.data[0]).toMatchObject({
      type: 'service_account',
      attributes: {
        first_name: 'bot',
        apikey: 'key-bot',
        quotas: { api_requests_daily: { allowed: 50000, used: 10 } },
      },
      context_attributes: { quota_limits: { api_requests_daily: { allowed: 50000 } } },
    });
    expect(typeof r.body.data[0].attributes.email).toBe('string');
    const member = await client(server, 'key-cy').get('/groups/acme/service_accounts');
    expect(member.body.data[0].attributes).not.toHaveProperty('apikey');
    expect(member.body.data[0].attributes.first_name).toBe('bot');
  });

  it('lists them as descriptors under relationships/service_accounts', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get('/groups/acme/relationships/service_accounts');
    expect(r.body.data).toEqual([
      {
        type: 'service_account',
        id: 'acme_bot',
        context_attributes: {
          roles: [],
          quota_limits: { api_requests_daily: { allowed: 50000 } },
        },
      },
      { type: 'service_account', id: 'acme_idle', context_attributes: { roles: [] } },
    ]);
  });
});

describe('relationships (5, 9, 12)', () => {
  it('lists user descriptors with context attributes', async () => {
    const server = await start();
    const users = await client(server, 'key-ada').get('/groups/acme/relationships/users?limit=40');
    expect(users.body.data[0]).toEqual({
      type: 'user',
      id: 'ada',
      context_attributes: {
        roles: ['USER_ROLE_GROUP_ADMIN'],
        quota_limits: { api_requests_daily: { allowed: 20000 } },
      },
    });
    expect(ids(users.body)).toEqual(['ada', 'bea', 'cy', 'dan', 'eve', 'ina']);
    const admins = await client(server, 'key-ada').get('/groups/acme/relationships/administrators');
    expect(ids(admins.body)).toEqual(['ada', 'bea']);
  });

  it('answers {"data": true|false} for membership and administration checks', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    const data = async (path: string) => (await ada.get(path)).body.data;
    expect(await data('/groups/acme/relationships/users/cy')).toBe(true);
    expect(await data('/groups/acme/relationships/users/zed')).toBe(false);
    expect(await data('/groups/acme/relationships/users/no-such-user')).toBe(false);
    expect(await data('/groups/acme/relationships/administrators/bea')).toBe(true);
    expect(await data('/groups/acme/relationships/administrators/cy')).toBe(false);
    expect(await data('/groups/acme/relationships/administrators/zed')).toBe(false);
  });

  it('answers 404 for an unknown relationship name', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get('/groups/acme/relationships/owners');
    expect(r.status).toBe(404);
  });
});

describe('GET /users/{uid-or-apikey} (14)', () => {
  it('returns the caller for its own key, with owner-only attributes', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get('/users/key-ada');
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({
      type: 'user',
      id: 'ada',
      attributes: { apikey: 'key-ada', email: 'ada@acme.example' },
    });
  });

  it('shows a member to an administrator of the group, without the key', async () => {
    const server = await start();
    const byId = await client(server, 'key-ada').get('/users/cy');
    expect(byId.body.data.attributes).toMatchObject({ email: 'cy@acme.example' });
    expect(byId.body.data.attributes).not.toHaveProperty('has_2fa');
    expect(byId.body.data.attributes).not.toHaveProperty('apikey');
    const byKey = await client(server, 'key-ada').get('/users/key-cy');
    expect(byKey.body.data.id).toBe('cy');
  });

  it('shows only public attributes to anyone else, and 404 for another account’s key', async () => {
    const server = await start();
    const r = await client(server, 'key-cy').get('/users/ada');
    expect(Object.keys(r.body.data.attributes).sort()).toEqual([
      'first_name',
      'last_name',
      'status',
    ]);
    const key = await client(server, 'key-cy').get('/users/key-ada');
    expect(key.status).toBe(404);
    const other = await client(server, 'key-zed').get('/users/key-cy');
    expect(other.status).toBe(404);
  });

  it('answers 404 NotFoundError for an unknown user', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get('/users/nobody');
    expect(r.status).toBe(404);
    expect(r.body.error.code).toBe('NotFoundError');
  });

  it('reads a service account by id, and by its key for an administrator', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').get('/users/acme_bot');
    expect(r.body.data).toMatchObject({
      type: 'service_account',
      id: 'acme_bot',
      attributes: { apikey: 'key-bot' },
    });
    const self = await client(server, 'key-bot').get('/users/key-bot');
    expect(self.body.data.id).toBe('acme_bot');
  });

  it('gives the owner relationships=groups', async () => {
    const server = await start();
    const r = await client(server, 'key-cy').get('/users/key-cy?relationships=groups');
    expect(r.body.data.relationships).toEqual({
      groups: { data: [{ type: 'group', id: 'acme' }] },
    });
    const lone = await client(server, 'key-lone').get('/users/key-lone?relationships=groups');
    expect(lone.body.data.relationships.groups.data).toEqual([]);
  });
});

describe('listings through links.next', () => {
  it('gives every member exactly once', async () => {
    const server = await start();
    const { items, pages } = await collect(server, '/groups/acme/users?limit=4', 'key-ada');
    expect(items.map((u) => u.id)).toEqual(['ada', 'bea', 'cy', 'dan', 'eve', 'ina']);
    expect(pages).toBe(2);
  });
});
