/**
 * Contract: every write endpoint of gti-api.md §2 (Manage Roles and the older ones) through the
 * real client against the real emulator, each checked by reading back through the client.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collect } from '../../src/api/paginate.js';
import type { GtiApi } from '../../src/api/types.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { ACME_MEMBERS, startWorldWithClients } from './world.js';
import { readState, resetEmulator } from '../support/emulator.js';
import { apiFailure } from '../support/client.js';

let emu: RunningEmulator;
let alice: GtiApi;
let bob: GtiApi;
let dave: GtiApi;

beforeAll(async () => {
  ({ emu, alice, bob, dave } = await startWorldWithClients());
});
beforeEach(async () => {
  await resetEmulator(emu); // throws unless the emulator answers 2xx
});

const memberIds = async () => (await collect(alice.listGroupUsers('acme_soc'))).map((u) => u.id);
const adminIds = async () =>
  (await collect(alice.listGroupAdministrators('acme_soc'))).map((u) => u.id).sort();

describe('POST /groups/{gid}/relationships/users (6)', () => {
  it('adds by email; an existing member is a no-op; an email without account is an invitation', async () => {
    await alice.addGroupUsers('acme_soc', [
      'erin@free.example',
      'CAROL@acme.example',
      'new@acme.example',
    ]);
    const ids = await memberIds();
    expect(ids).toContain('erin');
    expect(ids).toHaveLength(ACME_MEMBERS + 1);
    const state = await readState(emu);
    expect(state.invitations?.map((i) => i.email.toLowerCase())).toContain('new@acme.example');
  });

  it('a user of another group: API_AlreadyExistsError, and nothing of the batch is applied', async () => {
    const error = await apiFailure(
      alice.addGroupUsers('acme_soc', ['erin@free.example', 'frank@other.example']),
    );
    expect(error).toMatchObject({ code: 'API_AlreadyExistsError', status: 409 });
    expect(await memberIds()).not.toContain('erin');
  });

  it('a username instead of an email: API_InvalidArgumentError', async () => {
    expect((await apiFailure(alice.addGroupUsers('acme_soc', ['erin']))).code).toBe(
      'API_InvalidArgumentError',
    );
  });

  it('a non-admin member, another group’s admin: API_ForbiddenError; unknown group: API_NotFoundError', async () => {
    expect((await apiFailure(bob.addGroupUsers('acme_soc', ['erin@free.example']))).code).toBe(
      'API_ForbiddenError',
    );
    expect((await apiFailure(dave.addGroupUsers('acme_soc', ['erin@free.example']))).code).toBe(
      'API_ForbiddenError',
    );
    expect((await apiFailure(alice.addGroupUsers('nope', ['erin@free.example']))).code).toBe(
      'API_NotFoundError',
    );
  });
});

describe('PATCH /groups/{gid}/relationships/users, Manage Roles (7)', () => {
  it('grants and revokes roles and sets daily caps, read back from the listings', async () => {
    await alice.manageRoles('acme_soc', [
      { id: 'bob', add_roles: ['USER_ROLE_GROUP_ADMIN', 'USER_ROLE_PRIVATE_SCANNING'] },
      { id: 'carol', quota_limits: { api_requests_daily: { allowed: 1234 } } },
    ]);
    expect(await adminIds()).toEqual(['alice', 'bob']);
    const users = await collect(alice.listGroupUsers('acme_soc'));
    expect(users.find((u) => u.id === 'bob')?.context_attributes?.roles?.sort()).toEqual([
      'USER_ROLE_GROUP_ADMIN',
      'USER_ROLE_PRIVATE_SCANNING',
    ]);
    expect(
      users.find((u) => u.id === 'carol')?.context_attributes?.quota_limits?.['api_requests_daily'],
    ).toEqual({ allowed: 1234 });
    expect((await alice.getUser('carol')).attributes.quotas?.['api_requests_daily']?.allowed).toBe(
      1234,
    );

    await alice.manageRoles('acme_soc', [{ id: 'bob', remove_roles: ['USER_ROLE_GROUP_ADMIN'] }]);
    expect(await adminIds()).toEqual(['alice']);
    await alice.manageRoles('acme_soc', [{ id: 'bob', roles: [] }]);
    const bobNow = (await collect(alice.listGroupUsers('acme_soc'))).find((u) => u.id === 'bob');
    expect(bobNow?.context_attributes?.roles ?? []).toEqual([]);
  });

  it('an unknown role or a non-member rejects the whole request: API_InvalidArgumentError, nothing applied', async () => {
    const unknownRole = await apiFailure(
      alice.manageRoles('acme_soc', [
        { id: 'bob', add_roles: ['USER_ROLE_GROUP_ADMIN'] },
        { id: 'carol', add_roles: ['USER_ROLE_KING'] },
      ]),
    );
    expect(unknownRole).toMatchObject({ code: 'API_InvalidArgumentError', status: 400 });
    const nonMember = await apiFailure(
      alice.manageRoles('acme_soc', [
        { id: 'bob', add_roles: ['USER_ROLE_GROUP_ADMIN'] },
        { id: 'frank', add_roles: ['USER_ROLE_GROUP_ADMIN'] },
      ]),
    );
    expect(nonMember.code).toBe('API_InvalidArgumentError');
    expect(await adminIds()).toEqual(['alice']);
  });

  it('a non-admin may not: API_ForbiddenError', async () => {
    expect(
      (
        await apiFailure(
          bob.manageRoles('acme_soc', [{ id: 'bob', add_roles: ['USER_ROLE_GROUP_ADMIN'] }]),
        )
      ).code,
    ).toBe('API_ForbiddenError');
  });
});

describe('DELETE /groups/{gid}/relationships/users/{uid} (8)', () => {
  it('removes a member (true), then reports the 404 as false', async () => {
    expect(await alice.removeGroupUser('acme_soc', 'carol')).toBe(true);
    expect(await alice.isGroupUser('acme_soc', 'carol')).toBe(false);
    expect(await alice.removeGroupUser('acme_soc', 'carol')).toBe(false);
  });

  it('a non-admin: API_ForbiddenError; an unknown group: false (404)', async () => {
    expect((await apiFailure(bob.removeGroupUser('acme_soc', 'carol'))).code).toBe(
      'API_ForbiddenError',
    );
    expect(await alice.removeGroupUser('nope', 'carol')).toBe(false);
  });
});

describe('the older admin endpoints (10, 11, 12)', () => {
  it('grants admin by email and revokes by id', async () => {
    await alice.addGroupAdministrators('acme_soc', ['bob@acme.example']);
    expect(await alice.isGroupAdministrator('acme_soc', 'bob')).toBe(true);
    expect(await adminIds()).toEqual(['alice', 'bob']);
    expect(await alice.removeGroupAdministrator('acme_soc', 'bob')).toBe(true);
    expect(await adminIds()).toEqual(['alice']);
    expect(await alice.isGroupUser('acme_soc', 'bob')).toBe(true); // still a member
  });

  it('the email of a non-member: API_InvalidArgumentError; revoking a non-admin: false (404)', async () => {
    expect(
      (await apiFailure(alice.addGroupAdministrators('acme_soc', ['erin@free.example']))).code,
    ).toBe('API_InvalidArgumentError');
    expect(await alice.removeGroupAdministrator('acme_soc', 'carol')).toBe(false);
  });
});

describe('POST /groups/{gid}/relationships/service_accounts (13)', () => {
  it('creates <gid>_<name>; the same name again: API_AlreadyExistsError', async () => {
    await alice.createServiceAccounts('acme_soc', ['siem_export']);
    const ids = (await collect(alice.listGroupServiceAccounts('acme_soc'))).map((a) => a.id).sort();
    expect(ids).toEqual(['acme_soc_siem_export', 'acme_soc_soar_ingest']);
    expect((await apiFailure(alice.createServiceAccounts('acme_soc', ['soar_ingest']))).code).toBe(
      'API_AlreadyExistsError',
    );
    expect((await apiFailure(bob.createServiceAccounts('acme_soc', ['x']))).code).toBe(
      'API_ForbiddenError',
    );
  });
});

describe('PATCH /users/{uid} (15)', () => {
  it('sets a quota, the same fact Manage Roles sets', async () => {
    await alice.patchUserQuotas('bob', {
      api_requests_daily: 777,
      intelligence_searches_monthly: 5,
    });
    const bobUser = await alice.getUser('bob');
    expect(bobUser.attributes.quotas?.['api_requests_daily']?.allowed).toBe(777);
    expect(bobUser.attributes.quotas?.['intelligence_searches_monthly']?.allowed).toBe(5);
    const listed = (await collect(alice.listGroupUsers('acme_soc'))).find((u) => u.id === 'bob');
    expect(listed?.context_attributes?.quota_limits?.['api_requests_daily']).toEqual({
      allowed: 777,
    });
  });

  it('a non-admin, another group’s admin: API_ForbiddenError; unknown user: API_NotFoundError', async () => {
    expect((await apiFailure(bob.patchUserQuotas('carol', { api_requests_daily: 1 }))).code).toBe(
      'API_ForbiddenError',
    );
    expect((await apiFailure(dave.patchUserQuotas('carol', { api_requests_daily: 1 }))).code).toBe(
      'API_ForbiddenError',
    );
    expect(
      (await apiFailure(alice.patchUserQuotas('nobody', { api_requests_daily: 1 }))).code,
    ).toBe('API_NotFoundError');
  });
});

describe('the activity log records every write, actor = caller', () => {
  it('newest first, naming the actor when asked with relationships=user', async () => {
    await alice.addGroupUsers('acme_soc', ['erin@free.example']);
    await alice.removeGroupUser('acme_soc', 'carol');
    const log = await collect(alice.listActivityLog('acme_soc', { relationships: ['user'] }));
    expect(
      log
        .slice(0, 2)
        .map((e) => [
          e.attributes.action,
          e.attributes.info?.user,
          e.relationships?.user?.data?.id,
        ]),
    ).toEqual([
      ['Remove user from group', 'carol', 'alice'],
      ['Add user to group', 'erin', 'alice'],
    ]);
    // Revision 2: without relationships=user the actor is not named.
    const bare = await collect(alice.listActivityLog('acme_soc'));
    expect(bare[0]?.relationships?.user).toBeUndefined();
  });
});
