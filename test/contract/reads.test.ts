/**
 * Contract: every read endpoint of gti-api.md §2 through the real client against the real
 * emulator over HTTP, success and error cases.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { collect } from '../../src/api/paginate.js';
import type { GtiApi } from '../../src/api/types.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { ACME_MEMBERS, clientFor, startWorld, startWorldWithClients } from './world.js';
import { readStats } from '../support/emulator.js';
import { apiFailure } from '../support/client.js';

let emu: RunningEmulator;
let alice: GtiApi;
let bob: GtiApi;
let dave: GtiApi;

beforeAll(async () => {
  ({ emu, alice, bob, dave } = await startWorldWithClients());
});

function extraClient(key: string): GtiApi {
  return clientFor(emu, key);
}

describe('authentication (401 before anything else)', () => {
  it('a wrong key: API_WrongCredentialsError; no key: API_AuthenticationRequiredError; inactive: API_UserNotActiveError', async () => {
    expect((await apiFailure(extraClient('key-nobody').getGroup('acme_soc'))).code).toBe(
      'API_WrongCredentialsError',
    );
    expect((await apiFailure(extraClient('').getGroup('acme_soc'))).code).toBe(
      'API_AuthenticationRequiredError',
    );
    const inactive = await apiFailure(extraClient('key-zed').getCaller());
    expect(inactive).toMatchObject({ code: 'API_UserNotActiveError', status: 401 });
    expect((await apiFailure(extraClient('key-nobody').getGroup('no_such_group'))).code).toBe(
      'API_WrongCredentialsError',
    );
  });
});

describe('GET /users/{apikey} and /users/{id} (14)', () => {
  it('the caller by its own key', async () => {
    const me = await alice.getCaller();
    expect(me).toMatchObject({
      type: 'user',
      id: 'alice',
      attributes: { email: 'alice@acme.example' },
    });
  });

  it('a member by id or by key, for an administrator of their group', async () => {
    // Revision 2: has_2fa is visible only to the account's owner.
    expect((await alice.getUser('bob')).attributes).not.toHaveProperty('has_2fa');
    expect((await bob.getUser('bob')).attributes.has_2fa).toBe(false);
    expect((await alice.getUser('key-bob')).id).toBe('bob');
  });

  it('an unknown user: API_NotFoundError', async () => {
    const error = await apiFailure(alice.getUser('nobody'));
    expect(error).toMatchObject({
      code: 'API_NotFoundError',
      status: 404,
      method: 'GET',
      path: '/users/nobody',
    });
  });
});

describe('GET /groups/{gid} (1)', () => {
  it('a member reads the group', async () => {
    expect(await bob.getGroup('acme_soc')).toMatchObject({
      type: 'group',
      id: 'acme_soc',
      attributes: { organization: 'ACME' },
    });
  });

  it('404 for an unknown group, 403 for an outsider', async () => {
    expect((await apiFailure(alice.getGroup('nope'))).code).toBe('API_NotFoundError');
    expect((await apiFailure(dave.getGroup('acme_soc'))).code).toBe('API_ForbiddenError');
  });
});

describe('GET /groups/{gid}/users (2) and pagination', () => {
  it('lists every member over pages of 40, following the emulator links', async () => {
    const before = alice.stats.byRoute['GET /groups/{gid}/users'] ?? 0;
    const users = await collect(alice.listGroupUsers('acme_soc'));
    expect(users).toHaveLength(ACME_MEMBERS);
    expect(new Set(users.map((u) => u.id)).size).toBe(ACME_MEMBERS);
    expect((alice.stats.byRoute['GET /groups/{gid}/users'] ?? 0) - before).toBe(
      Math.ceil(ACME_MEMBERS / 40),
    );
    const me = users.find((u) => u.id === 'alice');
    expect(me?.context_attributes?.roles).toContain('USER_ROLE_GROUP_ADMIN');
    expect(me?.context_attributes?.quota_limits?.['api_requests_daily']).toEqual({
      allowed: 20000,
    });
  });

  it('both 2FA filters select the members without 2FA', async () => {
    for (const filter of ['2fa_enabled:false', 'has_2fa:false']) {
      const ids = (await collect(alice.listGroupUsers('acme_soc', { filter })))
        .map((u) => u.id)
        .sort();
      expect(ids).toEqual(expect.arrayContaining(['bob', 'carol']));
      expect(ids).not.toContain('alice');
    }
    const withTwoFa = (
      await collect(alice.listGroupUsers('acme_soc', { filter: 'has_2fa:true' }))
    ).map((u) => u.id);
    expect(withTwoFa).toContain('alice');
    expect(withTwoFa).not.toContain('bob');
    expect(withTwoFa).not.toContain('carol');
  });

  it('attributes= restricts the attributes', async () => {
    const users = await collect(alice.listGroupUsers('acme_soc', { attributes: ['email'] }));
    expect(users.every((u) => Object.keys(u.attributes).every((k) => k === 'email'))).toBe(true);
    expect(users.find((u) => u.id === 'bob')?.attributes.email).toBe('Bob@acme.example');
  });

  it('an unsupported filter: API_BadRequestError', async () => {
    expect(
      (await apiFailure(collect(alice.listGroupUsers('acme_soc', { filter: 'country:es' })))).code,
    ).toBe('API_BadRequestError');
  });

  it('a non-admin member sees no admin-only attributes of others', async () => {
    const users = await collect(bob.listGroupUsers('acme_soc'));
    const carol = users.find((u) => u.id === 'carol');
    expect(carol).toBeDefined();
    for (const hidden of ['email', 'has_2fa', 'quotas', 'last_login'])
      expect(carol?.attributes).not.toHaveProperty(hidden);
  });

  it('404 for an unknown group, 403 for another group’s admin', async () => {
    expect((await apiFailure(collect(alice.listGroupUsers('nope')))).code).toBe(
      'API_NotFoundError',
    );
    const error = await apiFailure(collect(dave.listGroupUsers('acme_soc')));
    expect(error.code).toBe('API_ForbiddenError');
    expect(error.message).toMatch(/^GET \/groups\/acme_soc\/users: 403 ForbiddenError: /);
  });
});

describe('administrators, service accounts, relationships (3, 4, 5, 9, 12)', () => {
  it('lists the administrators', async () => {
    expect((await collect(alice.listGroupAdministrators('acme_soc'))).map((u) => u.id)).toEqual([
      'alice',
    ]);
  });

  it('lists the service accounts as <gid>_<name>', async () => {
    const accounts = await collect(alice.listGroupServiceAccounts('acme_soc'));
    expect(accounts).toEqual([
      expect.objectContaining({ type: 'service_account', id: 'acme_soc_soar_ingest' }),
    ]);
    expect(accounts[0]?.attributes.first_name).toBe('soar_ingest');
  });

  it('lists relationship descriptors', async () => {
    const users = await collect(alice.listGroupRelationship('acme_soc', 'users'));
    expect(users).toHaveLength(ACME_MEMBERS);
    expect(users.every((d) => d.type === 'user')).toBe(true);
    expect(
      (await collect(alice.listGroupRelationship('acme_soc', 'administrators'))).map((d) => d.id),
    ).toEqual(['alice']);
    expect(
      (await collect(alice.listGroupRelationship('acme_soc', 'service_accounts'))).map((d) => d.id),
    ).toEqual(['acme_soc_soar_ingest']);
  });

  it('membership and administrator checks answer true and false', async () => {
    expect(await bob.isGroupUser('acme_soc', 'carol')).toBe(true);
    expect(await bob.isGroupUser('acme_soc', 'frank')).toBe(false);
    expect(await alice.isGroupAdministrator('acme_soc', 'alice')).toBe(true);
    expect(await alice.isGroupAdministrator('acme_soc', 'bob')).toBe(false);
  });

  it('checks and listings refuse outsiders', async () => {
    expect((await apiFailure(dave.isGroupUser('acme_soc', 'bob'))).code).toBe('API_ForbiddenError');
    expect((await apiFailure(collect(dave.listGroupAdministrators('acme_soc')))).code).toBe(
      'API_ForbiddenError',
    );
    expect((await apiFailure(collect(alice.listGroupServiceAccounts('nope')))).code).toBe(
      'API_NotFoundError',
    );
  });
});

describe('activity log (20)', () => {
  it('an administrator reads it; a member may not', async () => {
    const log = await collect(alice.listActivityLog('acme_soc'));
    expect(log[0]).toMatchObject({
      type: 'activity_log_entry',
      attributes: { action: 'Add user to group' },
    });
    expect((await apiFailure(collect(bob.listActivityLog('acme_soc')))).code).toBe(
      'API_ForbiddenError',
    );
  });
});

describe('the client counts what the emulator counts', () => {
  it('requests and routes agree with /_emulator/stats', async () => {
    const fresh = await startWorld();
    const c = clientFor(fresh, 'key-alice');
    await c.getCaller();
    await collect(c.listGroupUsers('acme_soc'));
    await collect(c.listGroupAdministrators('acme_soc'));
    await c.removeGroupUser('acme_soc', 'carol');
    await c.patchUserQuotas('bob', { api_requests_daily: 10 });
    const stats = await readStats(fresh);
    expect(stats.requests).toBe(c.stats.requests);
    expect(stats.by_route).toEqual(c.stats.byRoute);
    await c.close();
    await fresh.close();
  });
});
