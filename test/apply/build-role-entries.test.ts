import { describe, expect, it } from 'vitest';
import {
  buildRoleEntries,
  changesRoles,
  toManageRolesEntry,
  toServiceAccountEntry,
} from '../../src/apply/build-role-entries.js';
import { op, ops } from './harness.js';

describe('buildRoleEntries', () => {
  it('one entry a user: grants first, caps next, revocations last; other quotas as PATCHes', () => {
    const { entries, patches } = buildRoleEntries([
      ops.revoke('ada', 'admin'),
      ops.cap('m2', 500),
      ops.grant('m1', 'private_scanning'),
      ops.cap('m1', 7),
      ops.cap('m1', 50, 'intelligence_searches_monthly'),
      ops.grant('m3', 'admin'),
    ]);
    expect(entries.map(toManageRolesEntry)).toEqual([
      { id: 'm3', add_roles: ['USER_ROLE_GROUP_ADMIN'] },
      {
        id: 'm1',
        add_roles: ['USER_ROLE_PRIVATE_SCANNING'],
        quota_limits: { api_requests_daily: { allowed: 7 } },
      },
      { id: 'm2', quota_limits: { api_requests_daily: { allowed: 500 } } },
      { id: 'ada', remove_roles: ['USER_ROLE_GROUP_ADMIN'] },
    ]);
    expect(patches).toEqual([
      { id: 'm1', ops: [ops.cap('m1', 50, 'intelligence_searches_monthly')] },
    ]);
  });

  it('changes a user with add_roles / remove_roles only, never roles (which replaces the set)', () => {
    const { entries } = buildRoleEntries([
      ops.grant('m1', 'private_scanning'),
      ops.revoke('m1', 'admin'),
      ops.cap('m2', 5),
    ]);
    for (const wire of entries.map(toManageRolesEntry)) expect(wire).not.toHaveProperty('roles');
    expect(entries.map(toManageRolesEntry).find((e) => e.id === 'm1')).toEqual({
      id: 'm1',
      add_roles: ['USER_ROLE_PRIVATE_SCANNING'],
      remove_roles: ['USER_ROLE_GROUP_ADMIN'],
    });
  });

  it('never merges a service account with a user that has the same id', () => {
    const userCap = ops.cap('acme_bot', 10);
    const userOther = ops.cap('acme_bot', 1, 'private_scans_monthly');
    const accountCap = ops.saCap('bot', 20);
    const accountOther = op('set_quota', {
      service_account: 'bot',
      user_id: 'acme_bot',
      quota: 'private_scans_monthly',
      to: 2,
    });
    const { entries, accounts, patches } = buildRoleEntries([
      userCap,
      accountCap,
      userOther,
      accountOther,
    ]);
    expect(entries.map(toManageRolesEntry)).toEqual([
      { id: 'acme_bot', quota_limits: { api_requests_daily: { allowed: 10 } } },
    ]);
    expect(accounts.map((a) => toServiceAccountEntry(a))).toEqual([
      { id: 'acme_bot', quota_limits: { api_requests_daily: { allowed: 20 } } },
    ]);
    expect(patches).toEqual([
      { id: 'acme_bot', ops: [userOther] },
      { id: 'acme_bot', ops: [accountOther] },
    ]);
  });
});

describe('toServiceAccountEntry', () => {
  const live = ['USER_ROLE_SOMETHING_NEW', 'USER_ROLE_FILE_DOWNLOADS'];

  it('sends the live set, unknown roles included, with grants added and revocations taken out', () => {
    const { accounts } = buildRoleEntries([
      ops.saRevoke('bot', 'file_downloads'),
      ops.saGrant('bot', 'private_scanning'),
      ops.saGrant('bot', 'file_uploads'),
    ]);
    const [entry] = accounts;
    expect(entry && toServiceAccountEntry(entry, live)).toEqual({
      id: 'acme_bot',
      roles: ['USER_ROLE_SOMETHING_NEW', 'USER_ROLE_PRIVATE_SCANNING', 'USER_ROLE_FILE_UPLOADS'],
    });
  });

  it('sends no roles for a cap alone (the set stays untouched)', () => {
    const { accounts } = buildRoleEntries([ops.saCap('bot', 5)]);
    const [entry] = accounts;
    expect(entry && changesRoles(entry)).toBe(false);
    expect(entry && toServiceAccountEntry(entry, live)).toEqual({
      id: 'acme_bot',
      quota_limits: { api_requests_daily: { allowed: 5 } },
    });
  });

  it('never lists a granted role twice', () => {
    const { accounts } = buildRoleEntries([ops.saGrant('bot', 'file_downloads')]);
    const [entry] = accounts;
    expect(entry && toServiceAccountEntry(entry, live).roles).toEqual(live);
  });
});
