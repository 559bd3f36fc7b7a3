/**
 * The activity log under revision 2 (gti-api.md §9, §13): the actor only with
 * `relationships=user`, the `filter` fields, one entry per change made through the API, and the
 * `enum-actions` variant's spellings and silences.
 */
import { describe, expect, it } from 'vitest';
import { client, NOW_EPOCH, start, testSeed } from './fixture.js';
import type { Json } from './fixture.js';

type Server = Awaited<ReturnType<typeof start>>;

const LOG = '/groups/acme/activity_log_entries';

/** `[action, info.user]` of a listing, newest first. */
const rows = (body: Json) =>
  body.data.map((e: Json) => [e.attributes.action, e.attributes.info.user]);

/** Entries written now (after the seed's), newest first, as `[actor, action, user]`. */
async function written(server: Server): Promise<string[][]> {
  const r = await client(server, 'key-ada').get(`${LOG}?limit=40&relationships=user`);
  return r.body.data
    .filter((e: Json) => e.attributes.date === NOW_EPOCH)
    .map((e: Json) => [e.relationships.user.data.id, e.attributes.action, e.attributes.info.user]);
}

/** One change of every kind the emulator logs, by ada. */
async function changeEverything(server: Server): Promise<void> {
  const ada = client(server, 'key-ada');
  const ok = (r: { status: number }) => expect(r.status).toBe(200);
  ok(
    await ada.post('/groups/acme/relationships/users', {
      data: [{ type: 'user', id: 'Lone@nowhere.example' }],
    }),
  );
  ok(
    await ada.post('/groups/acme/relationships/users', {
      data: [{ type: 'user', id: 'new@acme.example' }],
    }),
  );
  ok(await ada.del('/groups/acme/relationships/users/eve'));
  ok(
    await ada.post('/groups/acme/relationships/administrators', {
      data: [{ type: 'user', id: 'cy@acme.example' }],
    }),
  );
  ok(await ada.del('/groups/acme/relationships/administrators/cy'));
  ok(
    await ada.patch('/groups/acme/relationships/users', {
      data: [
        {
          type: 'user',
          id: 'dan',
          context_attributes: { add_roles: ['USER_ROLE_FILE_DOWNLOADS'] },
        },
      ],
    }),
  );
  ok(
    await ada.patch('/groups/acme/relationships/users', {
      data: [
        {
          type: 'user',
          id: 'dan',
          context_attributes: { quota_limits: { api_requests_daily: { allowed: 42 } } },
        },
      ],
    }),
  );
  ok(
    await ada.post('/groups/acme/relationships/service_accounts', {
      data: [{ type: 'service_account', id: 'feed' }],
    }),
  );
}

describe('the actor (relationships=user)', () => {
  it('is left out without relationships=user, and given with it', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    const plain = await ada.get(LOG);
    expect(plain.body.data).toHaveLength(3);
    for (const entry of plain.body.data) expect(entry).not.toHaveProperty('relationships');
    const withUser = await ada.get(`${LOG}?relationships=user`);
    expect(withUser.body.data.map((e: Json) => e.relationships)).toEqual([
      { user: { data: { type: 'user', id: 'bea' } } },
      { user: { data: { type: 'user', id: 'ada' } } },
      { user: { data: { type: 'user', id: 'ada' } } },
    ]);
  });

  it('also answers group and target, and 400 for a relationship it does not have', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    await ada.post('/groups/acme/relationships/service_accounts', {
      data: [{ type: 'service_account', id: 'feed' }],
    });
    const r = await ada.get(`${LOG}?relationships=group,target&limit=1`);
    expect(r.body.data[0].relationships).toEqual({
      group: { data: { type: 'group', id: 'acme' } },
      target: { data: { type: 'service_account', id: 'acme_feed' } },
    });
    const bad = await ada.get(`${LOG}?relationships=owner`);
    expect([bad.status, bad.body.error.code]).toEqual([400, 'BadRequestError']);
  });
});

describe('entries written through the API (§9 Decision)', () => {
  it('one per affected account, caller as actor, latest-written first among equal dates', async () => {
    const server = await start();
    await changeEverything(server);
    expect(await written(server)).toEqual([
      ['ada', 'Create service account', 'acme_feed'],
      ['ada', 'Change user quota', 'dan'],
      ['ada', 'Change user roles', 'dan'],
      ['ada', 'Remove admin from group', 'cy'],
      ['ada', 'Add admin to group', 'cy'],
      ['ada', 'Remove user from group', 'eve'],
      ['ada', 'Invite user to group', 'new@acme.example'],
      ['ada', 'Add user to group', 'lone'],
    ]);
  });

  it('logs endpoint 21 changes against the service account', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').patch('/groups/acme/relationships/service_accounts', {
      data: [
        {
          type: 'service_account',
          id: 'acme_bot',
          context_attributes: {
            roles: ['USER_ROLE_FILE_UPLOADS'],
            quota_limits: { api_requests_daily: { allowed: 9 } },
          },
        },
      ],
    });
    expect(r.status).toBe(200);
    expect(await written(server)).toEqual([
      ['ada', 'Change user quota', 'acme_bot'],
      ['ada', 'Change user roles', 'acme_bot'],
    ]);
  });
});

describe('filter', () => {
  it('takes action (either spelling), user (the actor), target and date, all terms together', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    const get = async (filter: string) =>
      rows((await ada.get(`${LOG}?filter=${encodeURIComponent(filter)}`)).body);
    expect(await get('action:ADD_GROUP_ADMIN')).toEqual([['Add admin to group', 'bea']]);
    expect(await get('action:"Add user to group"')).toEqual([
      ['Add user to group', 'dan'],
      ['Add user to group', 'cy'],
    ]);
    expect(await get('user:bea')).toEqual([['Add admin to group', 'bea']]);
    expect(await get('target:DAN')).toEqual([['Add user to group', 'dan']]);
    expect(await get('user:ada target:cy')).toEqual([['Add user to group', 'cy']]);
    expect(await get('date:2026-11-26')).toHaveLength(3);
    expect(await get('date:2026-11-20..2026-11-25')).toEqual([]);
    expect(await get('action:DELETE_GROUP_USER')).toEqual([]);
  });

  it('answers 400 BadRequestError for an unknown field or a malformed term', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    for (const filter of [
      'ip:1.2.3.4',
      'action',
      'date:yesterday',
      'date:2026-11-26..2026-11-01',
    ]) {
      const r = await ada.get(`${LOG}?filter=${encodeURIComponent(filter)}`);
      expect([filter, r.status, r.body.error.code]).toEqual([filter, 400, 'BadRequestError']);
    }
  });
});

describe('the enum-actions variant', () => {
  it('spells seed entries as enum values', async () => {
    const server = await start(testSeed(), { variants: ['enum-actions'] });
    const r = await client(server, 'key-ada').get(LOG);
    expect(rows(r.body)).toEqual([
      ['ADD_GROUP_ADMIN', 'bea'],
      ['ADD_GROUP_USER', 'dan'],
      ['ADD_GROUP_USER', 'cy'],
    ]);
  });

  it('logs members, admins and service accounts (an invitation as ADD_GROUP_USER naming the email), not other role or cap changes', async () => {
    const server = await start(testSeed(), { variants: ['enum-actions'] });
    await changeEverything(server);
    await client(server, 'key-ada').patch('/groups/acme/relationships/service_accounts', {
      data: [
        {
          type: 'service_account',
          id: 'acme_bot',
          context_attributes: { roles: ['USER_ROLE_FILE_UPLOADS'] },
        },
      ],
    });
    expect(await written(server)).toEqual([
      ['ada', 'ADD_GROUP_SERVICE_ACCOUNT', 'acme_feed'],
      ['ada', 'DELETE_GROUP_ADMIN', 'cy'],
      ['ada', 'ADD_GROUP_ADMIN', 'cy'],
      ['ada', 'DELETE_GROUP_USER', 'eve'],
      ['ada', 'ADD_GROUP_USER', 'new@acme.example'],
      ['ada', 'ADD_GROUP_USER', 'lone'],
    ]);
    const byWords = await client(server, 'key-ada').get(
      `${LOG}?filter=${encodeURIComponent('action:"Remove user from group"')}`,
    );
    expect(rows(byWords.body)).toEqual([['DELETE_GROUP_USER', 'eve']]);
  });

  it('leaves out seed entries of undocumented changes, and the default spells enum seed entries in words', async () => {
    const seed = testSeed();
    seed.activity_log = [
      { group: 'acme', actor: 'ada', action: 'Change user roles', user: 'cy', date: NOW_EPOCH - 9 },
      { group: 'acme', actor: 'ada', action: 'DELETE_GROUP_USER', user: 'x', date: NOW_EPOCH - 8 },
      { group: 'acme', actor: 'ada', action: 'Rename group', user: 'acme', date: NOW_EPOCH - 7 },
    ];
    const enumServer = await start(seed, { variants: ['enum-actions'] });
    expect(rows((await client(enumServer, 'key-ada').get(LOG)).body)).toEqual([
      ['Rename group', 'acme'],
      ['DELETE_GROUP_USER', 'x'],
    ]);
    const wordServer = await start(seed);
    expect(rows((await client(wordServer, 'key-ada').get(LOG)).body)).toEqual([
      ['Rename group', 'acme'],
      ['Remove user from group', 'x'],
      ['Change user roles', 'cy'],
    ]);
  });
});
