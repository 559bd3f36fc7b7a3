/**
 * Writes (gti-api.md endpoints 6, 8, 10, 11, 13, 15): identifiers, atomic batches, invitations,
 * the older endpoints, and the activity log entry of every change. Manage Roles (7) is in
 * writes-manage-roles.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { client, NOW_EPOCH, start } from './fixture.js';
import type { Json } from './fixture.js';
import { expectUnchanged, member, newEntries, users } from './write-helpers.js';

describe('POST /groups/{gid}/relationships/users (6)', () => {
  it('adds an account in no group by email (any case), answers 200 with an empty body, and logs it', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').post('/groups/acme/relationships/users', {
      data: [{ type: 'user', id: 'LONE@nowhere.EXAMPLE' }],
    });
    expect([r.status, r.body]).toEqual([200, null]);
    expect(
      (await client(server, 'key-ada').get('/groups/acme/relationships/users/lone')).body.data,
    ).toBe(true);
    expect(await newEntries(server)).toEqual([['ada', 'Add user to group', 'lone']]);
  });

  it('refuses a username with 400 InvalidArgumentError "Invalid email address: …"', async () => {
    const server = await start();
    await expectUnchanged(server, async () => {
      const r = await client(server, 'key-ada').post('/groups/acme/relationships/users', {
        data: [member('lone')],
      });
      expect(r.status).toBe(400);
      expect(r.body.error).toEqual({
        code: 'InvalidArgumentError',
        message: 'Invalid email address: lone',
      });
    });
  });

  it('treats adding an existing member as a no-op (no log entry)', async () => {
    const server = await start();
    await expectUnchanged(server, async () => {
      const r = await client(server, 'key-ada').post('/groups/acme/relationships/users', {
        data: [member('cy@acme.example'), member('CY@ACME.example')],
      });
      expect(r.status).toBe(200);
    });
  });

  it('answers 409 AlreadyExistsError for a user of another group and rejects the whole batch', async () => {
    const server = await start();
    await expectUnchanged(server, async () => {
      const r = await client(server, 'key-ada').post('/groups/acme/relationships/users', {
        data: [
          member('lone@nowhere.example'),
          member('zed@other.example'),
          member('new@acme.example'),
        ],
      });
      expect(r.status).toBe(409);
      expect(r.body.error).toEqual({
        code: 'AlreadyExistsError',
        message: 'User zed@other.example already belongs to another group',
      });
    });
  });

  it('names the first bad item of a batch', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').post('/groups/acme/relationships/users', {
      data: [member('bad-one'), member('zed@other.example')],
    });
    expect([r.status, r.body.error.message]).toEqual([400, 'Invalid email address: bad-one']);
  });

  it('invites an email without an account: kept in state, never listed, logged with info.user = the email', async () => {
    const server = await start();
    const r = await client(server, 'key-bea').post('/groups/acme/relationships/users', {
      data: [member('new@acme.example')],
    });
    expect(r.status).toBe(200);
    expect(server.emulator.state().invitations).toContainEqual({
      group: 'acme',
      email: 'new@acme.example',
      invited_by: 'bea',
      date: NOW_EPOCH,
    });
    const listed = await client(server, 'key-ada').get('/groups/acme/users?limit=40');
    expect(users(listed.body)).not.toContain('new@acme.example');
    expect(listed.body.meta.count).toBe(6);
    expect(await newEntries(server)).toEqual([['bea', 'Invite user to group', 'new@acme.example']]);
    // Inviting again changes nothing.
    await expectUnchanged(server, () =>
      client(server, 'key-ada').post('/groups/acme/relationships/users', {
        data: [member('NEW@acme.example')],
      }),
    );
  });

  it('answers 400 BadRequestError for a body that is not a descriptor list', async () => {
    const server = await start();
    for (const body of [{}, { data: 'x@y.z' }, { data: [{ type: 'user' }] }, { data: [42] }]) {
      const r = await client(server, 'key-ada').post('/groups/acme/relationships/users', body);
      expect([JSON.stringify(body), r.status, r.body.error.code]).toEqual([
        JSON.stringify(body),
        400,
        'BadRequestError',
      ]);
    }
  });

  it('answers 403 to a member who is not an administrator, and 404 for an unknown group first', async () => {
    const server = await start();
    const body = { data: [member('lone@nowhere.example')] };
    expect(
      (await client(server, 'key-cy').post('/groups/acme/relationships/users', body)).status,
    ).toBe(403);
    expect(
      (await client(server, 'key-zed').post('/groups/acme/relationships/users', body)).status,
    ).toBe(403);
    expect(
      (await client(server, 'key-cy').post('/groups/nope/relationships/users', body)).status,
    ).toBe(404);
  });
});

describe('DELETE /groups/{gid}/relationships/users/{uid} (8)', () => {
  it('removes a member (roles go with the membership) and logs it', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').del('/groups/acme/relationships/users/bea');
    expect([r.status, r.body]).toEqual([200, null]);
    expect(
      (await client(server, 'key-ada').get('/groups/acme/relationships/users/bea')).body.data,
    ).toBe(false);
    expect(server.emulator.state().users?.find((u) => u.id === 'bea')).not.toHaveProperty('group');
    expect(await newEntries(server)).toEqual([['ada', 'Remove user from group', 'bea']]);
  });

  it('answers 404 NotFoundError for a non-member (someone else’s member, no one, an already removed user)', async () => {
    const server = await start();
    for (const uid of ['zed', 'lone', 'nobody']) {
      const r = await client(server, 'key-ada').del(`/groups/acme/relationships/users/${uid}`);
      expect([uid, r.status, r.body.error.code]).toEqual([uid, 404, 'NotFoundError']);
    }
  });

  it('refuses to remove a service account (400: web UI only)', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').del('/groups/acme/relationships/users/acme_bot');
    expect([r.status, r.body.error.code]).toEqual([400, 'InvalidArgumentError']);
  });

  it('answers 404 for another group’s service account: not a member here, and nothing revealed', async () => {
    const server = await start();
    const r = await client(server, 'key-zed').del('/groups/other/relationships/users/acme_bot');
    expect([r.status, r.body.error.code]).toEqual([404, 'NotFoundError']);
    expect(server.emulator.state().service_accounts?.map((sa) => sa.name)).toEqual(['bot', 'idle']);
  });
});

describe('the older endpoints (10, 11, 12, 15)', () => {
  it('10 grants admin by email to a current member; 12 reads it; 11 revokes it', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    const grant = await ada.post('/groups/acme/relationships/administrators', {
      data: [member('Cy@acme.example')],
    });
    expect([grant.status, grant.body]).toEqual([200, null]);
    expect((await ada.get('/groups/acme/relationships/administrators/cy')).body.data).toBe(true);
    expect(
      (await ada.get('/groups/acme/users?filter=has_2fa:true&limit=40')).body.data.find(
        (u: Json) => u.id === 'cy',
      ).context_attributes.roles,
    ).toEqual(['USER_ROLE_GROUP_ADMIN']);
    const revoke = await ada.del('/groups/acme/relationships/administrators/cy');
    expect(revoke.status).toBe(200);
    expect((await ada.get('/groups/acme/relationships/administrators/cy')).body.data).toBe(false);
    expect(await newEntries(server)).toEqual([
      ['ada', 'Add admin to group', 'cy'],
      ['ada', 'Remove admin from group', 'cy'],
    ]);
  });

  it('10 takes emails of current members only, all or nothing', async () => {
    const server = await start();
    for (const [id, code] of [
      ['cy', 'InvalidArgumentError'],
      ['zed@other.example', 'InvalidArgumentError'],
      ['ghost@acme.example', 'InvalidArgumentError'],
    ]) {
      await expectUnchanged(server, async () => {
        const r = await client(server, 'key-ada').post(
          '/groups/acme/relationships/administrators',
          {
            data: [member('dan@acme.example'), member(id ?? '')],
          },
        );
        expect([id, r.status, r.body.error.code]).toEqual([id, 400, code]);
      });
    }
  });

  it('11 answers 404 for a member who is not an administrator and for a non-member', async () => {
    const server = await start();
    for (const uid of ['cy', 'zed', 'nobody']) {
      const r = await client(server, 'key-ada').del(
        `/groups/acme/relationships/administrators/${uid}`,
      );
      expect([uid, r.status, r.body.error.code]).toEqual([uid, 404, 'NotFoundError']);
    }
  });

  it('15 sets attributes.quotas.<quota>.allowed, the same fact as quota_limits', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    const r = await ada.patch('/users/cy', {
      data: { type: 'user', attributes: { quotas: { api_requests_daily: { allowed: 4000 } } } },
    });
    expect([r.status, r.body]).toEqual([200, null]);
    const listed = await ada.get('/groups/acme/relationships/users?limit=40');
    expect(
      listed.body.data.find((u: Json) => u.id === 'cy').context_attributes.quota_limits,
    ).toEqual({ api_requests_daily: { allowed: 4000 } });
    expect(await newEntries(server)).toEqual([['ada', 'Change user quota', 'cy']]);
    const sa = await ada.patch('/users/acme_bot', {
      data: { type: 'user', attributes: { quotas: { api_requests_daily: { allowed: 1 } } } },
    });
    expect(sa.status).toBe(200);
  });

  it('15: 404 for an unknown user, 403 outside the caller’s administration, 400 for bad bodies', async () => {
    const server = await start();
    const body = {
      data: { type: 'user', attributes: { quotas: { api_requests_daily: { allowed: 1 } } } },
    };
    expect((await client(server, 'key-ada').patch('/users/nobody', body)).status).toBe(404);
    expect((await client(server, 'key-ada').patch('/users/zed', body)).status).toBe(403);
    expect((await client(server, 'key-ada').patch('/users/lone', body)).status).toBe(403);
    expect((await client(server, 'key-cy').patch('/users/cy', body)).status).toBe(403);
    for (const [bad, code] of [
      [{ data: { attributes: { first_name: 'X' } } }, 'InvalidArgumentError'],
      [
        { data: { attributes: { quotas: { api_requests_yearly: { allowed: 1 } } } } },
        'InvalidArgumentError',
      ],
      [
        { data: { attributes: { quotas: { api_requests_daily: { allowed: 'many' } } } } },
        'BadRequestError',
      ],
      [{ data: [] }, 'BadRequestError'],
    ] as const) {
      const r = await client(server, 'key-ada').patch('/users/cy', bad);
      expect([JSON.stringify(bad), r.status, r.body.error.code]).toEqual([
        JSON.stringify(bad),
        400,
        code,
      ]);
    }
  });
});

describe('POST /groups/{gid}/relationships/service_accounts (13)', () => {
  it('creates <gid>_<name> with first_name the name and an API key, and logs it', async () => {
    const server = await start();
    const r = await client(server, 'key-ada').post('/groups/acme/relationships/service_accounts', {
      data: [{ type: 'service_account', id: 'feed' }],
    });
    expect([r.status, r.body]).toEqual([200, null]);
    const listed = await client(server, 'key-ada').get('/groups/acme/service_accounts');
    const feed = listed.body.data.find((sa: Json) => sa.id === 'acme_feed');
    expect(feed.attributes.first_name).toBe('feed');
    expect(feed.attributes.apikey).toMatch(/^[0-9a-f]{64}$/);
    expect(
      (await client(server, feed.attributes.apikey).get('/users/acme_feed')).body.data.id,
    ).toBe('acme_feed');
    expect(await newEntries(server)).toEqual([['ada', 'Create service account', 'acme_feed']]);
  });

  it('answers 409 AlreadyExistsError for a taken name or a name twice in the batch; nothing created', async () => {
    const server = await start();
    for (const names of [
      ['new1', 'bot'],
      ['new1', 'new1'],
    ]) {
      await expectUnchanged(server, async () => {
        const r = await client(server, 'key-ada').post(
          '/groups/acme/relationships/service_accounts',
          {
            data: names.map((id) => ({ type: 'service_account', id })),
          },
        );
        expect([names.join(), r.status, r.body.error.code]).toEqual([
          names.join(),
          409,
          'AlreadyExistsError',
        ]);
      });
    }
  });

  it('answers 400 for a bad name or a wrong type', async () => {
    const server = await start();
    const bad = await client(server, 'key-ada').post(
      '/groups/acme/relationships/service_accounts',
      { data: [{ type: 'service_account', id: 'no spaces' }] },
    );
    expect([bad.status, bad.body.error.code]).toEqual([400, 'InvalidArgumentError']);
    const type = await client(server, 'key-ada').post(
      '/groups/acme/relationships/service_accounts',
      { data: [{ type: 'group', id: 'x' }] },
    );
    expect([type.status, type.body.error.code]).toEqual([400, 'InvalidArgumentError']);
  });
});
