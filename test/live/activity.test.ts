import { describe, expect, it } from 'vitest';
import { ACTIVITY_KINDS, activityKindOf } from '../../src/model/activity-kind.js';
import type { ActivityKind } from '../../src/model/activity-kind.js';
import type { LiveActivityEntry } from '../../src/model/live-group.js';
import { findPendingInvitations } from '../../src/live/read-activity.js';
import { normalizeActivity } from '../../src/live/normalize-live.js';
import { readLiveGroup } from '../../src/live/read-live-group.js';
import { startTestClient } from '../support/client.js';
import { startTestEmulator } from '../support/emulator.js';
import { NOW, NOW_EPOCH, bigSeed } from './world.js';

describe('activityKindOf: both spellings of every action (gti-api.md §9)', () => {
  const table: Array<[string, ActivityKind]> = [
    ['Add user to group', 'add_user'],
    ['Invite user to group', 'add_user'],
    ['ADD_GROUP_USER', 'add_user'],
    ['Remove user from group', 'remove_user'],
    ['DELETE_GROUP_USER', 'remove_user'],
    ['Add admin to group', 'add_admin'],
    ['ADD_GROUP_ADMIN', 'add_admin'],
    ['Remove admin from group', 'remove_admin'],
    ['DELETE_GROUP_ADMIN', 'remove_admin'],
    ['Change user roles', 'change_roles'],
    ['Change user quota', 'change_quota'],
    ['Create service account', 'add_service_account'],
    ['ADD_GROUP_SERVICE_ACCOUNT', 'add_service_account'],
    ['DELETE_GROUP_SERVICE_ACCOUNT', 'remove_service_account'],
    ['CREATE_TENANT', 'create_tenant'],
    ['DELETE_TENANT', 'delete_tenant'],
    // Spacing and case do not make another action.
    ['  add ADMIN to  group ', 'add_admin'],
    ['add_group_user', 'add_user'],
    // Anything else is "another change".
    ['Rename group', 'other'],
    ['', 'other'],
  ];
  it.each(table)('%j → %s', (action, kind) => {
    expect(activityKindOf(action)).toBe(kind);
  });

  it('covers every kind', () => {
    expect(new Set(table.map(([, kind]) => kind))).toEqual(new Set(ACTIVITY_KINDS));
  });

  it('normalizeActivity keeps the raw action beside its kind', () => {
    const entry = normalizeActivity({
      type: 'activity_log_entry',
      id: '1',
      attributes: { action: 'ADD_GROUP_ADMIN', date: 5, info: { user: 'bob' } },
      relationships: { user: { data: { id: 'alice', type: 'user' } } },
    });
    expect(entry).toEqual({
      action: 'ADD_GROUP_ADMIN',
      kind: 'add_admin',
      date: 5,
      actor: 'alice',
      user: 'bob',
    });
  });
});

describe('findPendingInvitations', () => {
  const entry = (action: string, user: string, date: number): LiveActivityEntry => ({
    action,
    kind: activityKindOf(action),
    date,
    actor: 'boss',
    user,
  });
  const members = new Set(['joined@x.example']);

  it.each(['Invite user to group', 'Add user to group', 'ADD_GROUP_USER'])(
    'an add naming an email that is not a member is pending (%s)',
    (action) => {
      expect(findPendingInvitations([entry(action, 'New@x.example', 9)], members)).toEqual([
        { key: 'new@x.example', email: 'New@x.example', actor: 'boss', date: 9 },
      ]);
    },
  );

  it('not when the email is a member, names a user id, or a newer entry removed it', () => {
    const log = [
      entry('DELETE_GROUP_USER', 'gone@x.example', 20),
      entry('ADD_GROUP_USER', 'gone@x.example', 10),
      entry('ADD_GROUP_USER', 'joined@x.example', 10),
      entry('Add user to group', 'someid', 10),
      entry('Change user quota', 'other@x.example', 10),
    ];
    expect(findPendingInvitations(log, members)).toEqual([]);
  });
});

describe('readLiveGroup and the activity log over HTTP', () => {
  it('asks for the actor (relationships=user) and finds invitations under either spelling', async () => {
    const seed = bigSeed({ members: 2, admins: 1, accounts: 0, recentLog: 0 });
    seed.activity_log = [
      {
        group: 'big',
        actor: 'm000',
        action: 'ADD_GROUP_USER',
        user: 'enum@big.example',
        date: NOW_EPOCH - 60,
      },
      {
        group: 'big',
        actor: 'm000',
        action: 'Add user to group',
        user: 'words@big.example',
        date: NOW_EPOCH - 50,
      },
      {
        group: 'big',
        actor: 'm000',
        action: 'Reticulate splines',
        user: 'm001',
        date: NOW_EPOCH - 40,
      },
    ];
    const emu = await startTestEmulator(seed);
    const api = startTestClient(emu.url, 'key-m000');
    const asked: unknown[] = [];
    const list = api.listActivityLog.bind(api);
    api.listActivityLog = (gid, options) => {
      asked.push(options);
      return list(gid, options);
    };
    const live = await readLiveGroup(api, 'big', { now: NOW });
    expect(asked).toEqual([{ relationships: ['user'] }]);
    expect(live.pendingInvitations.map((p) => [p.key, p.actor])).toEqual([
      ['enum@big.example', 'm000'],
      ['words@big.example', 'm000'],
    ]);
    expect(live.activityLog?.map((e) => e.kind)).toEqual(['other', 'add_user', 'add_user']);
  });
});
