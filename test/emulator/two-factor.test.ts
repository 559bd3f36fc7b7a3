/**
 * 2FA under revision 2 (gti-api.md §5): `has_2fa` is the owner's alone, the filter still works for
 * an administrator; the `visible-2fa` and `no-2fa-filter` variants serve the other readings (§13).
 */
import { describe, expect, it } from 'vitest';
import { client, start, testSeed } from './fixture.js';
import type { Json } from './fixture.js';

const ids = (body: Json) => body.data.map((u: Json) => u.id);

describe('has_2fa (documented default)', () => {
  it('is absent from every listing and from /users/{id} of another user, even for an administrator', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    for (const path of [
      '/groups/acme/users?limit=40',
      '/groups/acme/administrators',
      '/groups/acme/users_consuming_quota/api_requests_daily',
    ]) {
      const r = await ada.get(path);
      expect(r.status).toBe(200);
      expect(r.body.data.length).toBeGreaterThan(0);
      for (const user of r.body.data) expect(user.attributes).not.toHaveProperty('has_2fa');
    }
    expect((await ada.get('/users/dan')).body.data.attributes).not.toHaveProperty('has_2fa');
    expect((await ada.get('/users/key-dan')).body.data.attributes).not.toHaveProperty('has_2fa');
  });

  it('is shown to the owner by id and by key', async () => {
    const server = await start();
    const dan = client(server, 'key-dan');
    expect((await dan.get('/users/dan')).body.data.attributes.has_2fa).toBe(false);
    expect((await dan.get('/users/key-dan')).body.data.attributes.has_2fa).toBe(false);
    expect((await client(server, 'key-ada').get('/users/ada')).body.data.attributes.has_2fa).toBe(
      true,
    );
  });

  it('filters by 2FA for an administrator although the attribute stays hidden', async () => {
    const server = await start();
    const ada = client(server, 'key-ada');
    for (const filter of ['2fa_enabled:false', 'has_2fa:false']) {
      const r = await ada.get(`/groups/acme/users?filter=${filter}`);
      expect(ids(r.body)).toEqual(['dan', 'eve']);
      for (const user of r.body.data) expect(user.attributes).not.toHaveProperty('has_2fa');
    }
    expect(ids((await ada.get('/groups/acme/users?filter=2fa_enabled:true')).body)).toEqual([
      'ada',
      'bea',
      'cy',
      'ina',
    ]);
    const other = await ada.get('/groups/acme/users?filter=email:cy@acme.example');
    expect([other.status, other.body.error.code]).toEqual([400, 'BadRequestError']);
    const member = await client(server, 'key-cy').get('/groups/acme/users?filter=has_2fa:false');
    expect([member.status, member.body.error.code]).toEqual([403, 'ForbiddenError']);
  });
});

describe('variants', () => {
  it('visible-2fa shows has_2fa to administrators (revision 1), not to plain members', async () => {
    const server = await start(testSeed(), { variants: ['visible-2fa'] });
    const listed = await client(server, 'key-ada').get('/groups/acme/users?limit=40');
    const byId = Object.fromEntries(listed.body.data.map((u: Json) => [u.id, u.attributes]));
    expect(byId.dan.has_2fa).toBe(false);
    expect(byId.cy.has_2fa).toBe(true);
    expect(byId.ada.has_2fa).toBe(true);
    expect((await client(server, 'key-ada').get('/users/eve')).body.data.attributes.has_2fa).toBe(
      false,
    );
    expect(
      (await client(server, 'key-cy').get('/users/eve')).body.data.attributes,
    ).not.toHaveProperty('has_2fa');
  });

  it('no-2fa-filter answers either 2FA filter with 400 BadRequestError', async () => {
    const server = await start({ ...testSeed(), variants: ['no-2fa-filter'] });
    const ada = client(server, 'key-ada');
    for (const filter of ['2fa_enabled:false', 'has_2fa:true']) {
      const r = await ada.get(`/groups/acme/users?filter=${filter}`);
      expect([r.status, r.body.error.code]).toEqual([400, 'BadRequestError']);
    }
    expect((await ada.get('/groups/acme/users')).status).toBe(200);
  });
});
