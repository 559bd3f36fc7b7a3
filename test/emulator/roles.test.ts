/**
 * Roles under revision 2 (gti-api.md §4): six roles, a group's `roles_available`, the "held roles"
 * Decision, and endpoint 21 (service-account roles and caps), all or nothing, at most 40 items.
 */
import { describe, expect, it } from 'vitest';
import { API_ROLE, ROLES } from '../../src/model/roles.js';
import { client, start, testSeed } from './fixture.js';
import type { Json } from './fixture.js';
import { expectUnchanged } from './write-helpers.js';

type Server = Awaited<ReturnType<typeof start>>;

const SIX = ROLES.map((role) => API_ROLE[role]);

const manageRoles = (server: Server, data: unknown[]) =>
  client(server, 'key-ada').patch('/groups/acme/relationships/users', { data });

const manageAccounts = (server: Server, data: unknown[], key = 'key-ada') =>
  client(server, key).patch('/groups/acme/relationships/service_accounts', { data });

const sa = (id: string, context: Record<string, unknown>) => ({
  type: 'service_account',
  id,
  context_attributes: context,
});

/** A seed whose group acme may grant admin and private scanning only; cy holds a future role. */
function licensedSeed() {
  const seed = testSeed();
  const acme = seed.groups?.[0];
  if (acme !== undefined)
    acme.roles_available = ['USER_ROLE_GROUP_ADMIN', 'USER_ROLE_PRIVATE_SCANNING'];
  const cy = seed.users?.find((user) => user.id === 'cy');
  if (cy !== undefined) cy.roles = ['USER_ROLE_FUTURE_THING', 'USER_ROLE_FILE_DOWNLOADS'];
  const bot = seed.service_accounts?.[0];
  if (bot !== undefined) bot.roles = ['USER_ROLE_FILE_UPLOADS', 'USER_ROLE_NEXT_YEAR'];
  return seed;
}

const rolesOf = async (server: Server, id: string) => {
  const r = await client(server, 'key-ada').get('/groups/acme/relationships/users?limit=40');
  return r.body.data.find((u: Json) => u.id === id).context_attributes.roles;
};

describe('Manage Roles (7): six roles and roles_available', () => {
  it('grants each of the six roles by default', async () => {
    const server = await start();
    const r = await manageRoles(server, [
      { type: 'user', id: 'eve', context_attributes: { add_roles: SIX } },
    ]);
    expect(r.status).toBe(200);
    expect(await rolesOf(server, 'eve')).toEqual(SIX);
  });

  it('refuses to newly grant a role outside roles_available: 400 InvalidArgumentError, nothing applied', async () => {
    const server = await start(licensedSeed());
    await expectUnchanged(server, async () => {
      const r = await manageRoles(server, [
        {
          type: 'user',
          id: 'dan',
          context_attributes: { add_roles: ['USER_ROLE_PRIVATE_SCANNING'] },
        },
        { type: 'user', id: 'eve', context_attributes: { add_roles: ['USER_ROLE_FILE_UPLOADS'] } },
      ]);
      expect([r.status, r.body.error.code]).toEqual([400, 'InvalidArgumentError']);
      expect(r.body.error.message).toContain('USER_ROLE_FILE_UPLOADS');
    });
    await expectUnchanged(server, async () => {
      const r = await manageRoles(server, [
        { type: 'user', id: 'eve', context_attributes: { roles: ['USER_ROLE_FILE_DOWNLOADS'] } },
      ]);
      expect([r.status, r.body.error.code]).toEqual([400, 'InvalidArgumentError']);
    });
  });

  it('accepts re-sent held roles whatever they are (unknown, or outside roles_available)', async () => {
    const server = await start(licensedSeed());
    const r = await manageRoles(server, [
      {
        type: 'user',
        id: 'cy',
        context_attributes: {
          roles: [
            'USER_ROLE_FUTURE_THING',
            'USER_ROLE_FILE_DOWNLOADS',
            'USER_ROLE_PRIVATE_SCANNING',
          ],
        },
      },
    ]);
    expect(r.status).toBe(200);
    expect(await rolesOf(server, 'cy')).toEqual([
      'USER_ROLE_FUTURE_THING',
      'USER_ROLE_FILE_DOWNLOADS',
      'USER_ROLE_PRIVATE_SCANNING',
    ]);
    const removed = await manageRoles(server, [
      { type: 'user', id: 'cy', context_attributes: { remove_roles: ['USER_ROLE_FUTURE_THING'] } },
    ]);
    expect(removed.status).toBe(200);
    expect(await rolesOf(server, 'cy')).not.toContain('USER_ROLE_FUTURE_THING');
  });

  it('refuses to newly grant a role it does not know', async () => {
    const server = await start();
    await expectUnchanged(server, async () => {
      const r = await manageRoles(server, [
        { type: 'user', id: 'eve', context_attributes: { add_roles: ['USER_ROLE_FUTURE_THING'] } },
      ]);
      expect([r.status, r.body.error.code]).toEqual([400, 'InvalidArgumentError']);
    });
  });

  it('the older endpoint 10 obeys roles_available too', async () => {
    const seed = testSeed();
    const acme = seed.groups?.[0];
    if (acme !== undefined) acme.roles_available = ['USER_ROLE_PRIVATE_SCANNING'];
    const server = await start(seed);
    await expectUnchanged(server, async () => {
      const r = await client(server, 'key-ada').post('/groups/acme/relationships/administrators', {
        data: [{ type: 'user', id: 'cy@acme.example' }],
      });
      expect([r.status, r.body.error.code]).toEqual([400, 'InvalidArgumentError']);
    });
  });

  it('takes at most 40 entries (400 BadRequestError for 41)', async () => {
    const server = await start();
    const entry = { type: 'user', id: 'eve', context_attributes: {} };
    await expectUnchanged(server, async () => {
      const r = await manageRoles(
        server,
        Array.from({ length: 41 }, () => entry),
      );
      expect([r.status, r.body.error.code]).toEqual([400, 'BadRequestError']);
    });
    expect(
      (
        await manageRoles(
          server,
          Array.from({ length: 40 }, () => entry),
        )
      ).status,
    ).toBe(200);
  });
});

describe('PATCH /groups/{gid}/relationships/service_accounts (21)', () => {
  it('replaces the roles and sets the daily cap, read back in listings 4 and 5', async () => {
    const server = await start();
    const r = await manageAccounts(server, [
      sa('acme_bot', {
        roles: ['USER_ROLE_PRIVATE_SCANNING', 'USER_ROLE_FILE_DOWNLOADS'],
        quota_limits: { api_requests_daily: { allowed: 123 } },
      }),
      sa('acme_idle', { roles: ['USER_ROLE_PRIVATE_FILE_UPLOADS'] }),
    ]);
    expect([r.status, r.body]).toEqual([200, null]);
    const ada = client(server, 'key-ada');
    const listed = await ada.get('/groups/acme/service_accounts');
    expect(listed.body.data.map((s: Json) => s.context_attributes)).toEqual([
      {
        roles: ['USER_ROLE_PRIVATE_SCANNING', 'USER_ROLE_FILE_DOWNLOADS'],
        quota_limits: { api_requests_daily: { allowed: 123 } },
      },
      { roles: ['USER_ROLE_PRIVATE_FILE_UPLOADS'] },
    ]);
    expect(listed.body.data[0].attributes.quotas.api_requests_daily).toEqual({
      allowed: 123,
      used: 10,
    });
    const descriptors = await ada.get('/groups/acme/relationships/service_accounts');
    expect(descriptors.body.data[1]).toEqual({
      type: 'service_account',
      id: 'acme_idle',
      context_attributes: { roles: ['USER_ROLE_PRIVATE_FILE_UPLOADS'] },
    });
    const again = await manageAccounts(server, [sa('acme_bot', { roles: [] })]);
    expect(again.status).toBe(200);
    expect(
      (await ada.get('/groups/acme/service_accounts')).body.data[0].context_attributes.roles,
    ).toEqual([]);
  });

  it('is all or nothing: a bad second entry rejects the whole request with 400 naming it', async () => {
    const server = await start();
    const good = sa('acme_bot', { roles: ['USER_ROLE_FILE_UPLOADS'] });
    for (const [bad, code] of [
      [sa('acme_idle', { roles: ['USER_ROLE_GROUP_ADMIN'] }), 'InvalidArgumentError'],
      [sa('acme_idle', { roles: ['USER_ROLE_NOPE'] }), 'InvalidArgumentError'],
      [sa('acme_idle', { add_roles: ['USER_ROLE_FILE_UPLOADS'] }), 'InvalidArgumentError'],
      [
        sa('acme_idle', { quota_limits: { api_requests_daily: { allowed: -1 } } }),
        'BadRequestError',
      ],
      [sa('acme_nobody', { roles: [] }), 'InvalidArgumentError'],
      [sa('other_x', { roles: [] }), 'InvalidArgumentError'],
      [{ type: 'user', id: 'cy', context_attributes: { roles: [] } }, 'InvalidArgumentError'],
    ] as const) {
      await expectUnchanged(server, async () => {
        const r = await manageAccounts(server, [good, bad]);
        expect([JSON.stringify(bad), r.status, r.body.error.code]).toEqual([
          JSON.stringify(bad),
          400,
          code,
        ]);
      });
    }
  });

  it('refuses a role outside roles_available but accepts held roles, even unknown ones', async () => {
    const server = await start(licensedSeed());
    await expectUnchanged(server, async () => {
      const r = await manageAccounts(server, [
        sa('acme_idle', { roles: ['USER_ROLE_FILE_UPLOADS'] }),
      ]);
      expect([r.status, r.body.error.code]).toEqual([400, 'InvalidArgumentError']);
      expect(r.body.error.message).toContain('is not available for group acme');
    });
    const held = await manageAccounts(server, [
      sa('acme_bot', {
        roles: ['USER_ROLE_FILE_UPLOADS', 'USER_ROLE_NEXT_YEAR', 'USER_ROLE_PRIVATE_SCANNING'],
      }),
    ]);
    expect(held.status).toBe(200);
    const listed = await client(server, 'key-ada').get('/groups/acme/service_accounts');
    expect(listed.body.data[0].context_attributes.roles).toEqual([
      'USER_ROLE_FILE_UPLOADS',
      'USER_ROLE_NEXT_YEAR',
      'USER_ROLE_PRIVATE_SCANNING',
    ]);
  });

  it('takes at most 40 entries and needs an administrator of the group', async () => {
    const server = await start();
    await expectUnchanged(server, async () => {
      const r = await manageAccounts(
        server,
        Array.from({ length: 41 }, () => sa('acme_bot', {})),
      );
      expect([r.status, r.body.error.code]).toEqual([400, 'BadRequestError']);
    });
    const member = await manageAccounts(server, [sa('acme_bot', { roles: [] })], 'key-cy');
    expect([member.status, member.body.error.code]).toEqual([403, 'ForbiddenError']);
    const stranger = await manageAccounts(server, [sa('acme_bot', { roles: [] })], 'key-zed');
    expect(stranger.status).toBe(403);
  });

  it('still refuses roles for a service account through endpoint 7', async () => {
    const server = await start();
    await expectUnchanged(server, async () => {
      const r = await manageRoles(server, [
        sa('acme_bot', { add_roles: ['USER_ROLE_FILE_UPLOADS'] }),
      ]);
      expect([r.status, r.body.error.code]).toEqual([400, 'InvalidArgumentError']);
    });
  });
});
