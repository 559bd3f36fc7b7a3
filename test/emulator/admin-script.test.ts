/**
 * A group administrator's script written the way VirusTotal's own admin scripts are
 * (VirusTotal/gti-use-cases, admins_guide/): plain HTTP with fetch, `x-apikey`, `while (url)`
 * loops over `links.next` with the default page size, the older endpoints 10, 11, 12 and 15,
 * `filter=2fa_enabled:false`. It runs against the demo world over real HTTP on 127.0.0.1, served
 * by the same server `gti-sync emulator` runs (cli.test.ts drives the command itself), and gets
 * the answers gti-api.md promises.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { loadSeedFile } from '../../src/emulator/index.js';
import { repoPath } from '../support/paths.js';
import type { Seed } from '../../src/emulator/index.js';
import { start } from './fixture.js';
import type { Json } from './fixture.js';

const APIKEY = 'key-alice';
const GROUP_ID = 'acme_soc';
let BASE = '';
let seed: Seed;
let server: Awaited<ReturnType<typeof start>>;

beforeEach(async () => {
  seed = await loadSeedFile(repoPath('examples/emulator-seed.yaml'), {
    GTI_SYNC_NOW: '2026-11-26T12:00:00Z',
  });
  server = await start(seed);
  BASE = server.url;
});

/** requests.raise_for_status() */
async function raiseForStatus(res: Response): Promise<Response> {
  if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
  return res;
}

// ---- the script -------------------------------------------------------------------------------

async function getUsersOrServiceAccounts(
  apikey: string,
  groupId: string,
  relationship: string,
): Promise<string[]> {
  const users: string[] = [];
  let url: string | undefined =
    `${BASE}/groups/${groupId}/${relationship}?attributes=first_name,last_name,email`;
  const headers = { accept: 'application/json', 'x-apikey': apikey };
  while (url) {
    const res: Json = await (await raiseForStatus(await fetch(url, { headers }))).json();
    for (const el of res.data) {
      users.push(
        `username: ${el.id}, first_name: ${el.attributes.first_name ?? ''}, email: ${el.attributes.email ?? ''}, type: ${el.type}`,
      );
    }
    url = res.links?.next;
  }
  return users;
}

async function getUsersWithout2fa(apikey: string, groupId: string): Promise<string[]> {
  const users: string[] = [];
  let url: string | undefined =
    `${BASE}/groups/${groupId}/users?attributes=first_name,last_name,email&filter=2fa_enabled:false`;
  const headers = { accept: 'application/json', 'x-apikey': apikey };
  while (url) {
    const res: Json = await (await raiseForStatus(await fetch(url, { headers }))).json();
    for (const el of res.data) users.push(`username:${el.id},email:${el.attributes.email ?? ''}`);
    url = res.links?.next;
  }
  return users;
}

async function detectPotentiallyUnauthorizedAdmins(
  apikey: string,
  groupId: string,
  authorized: string[],
): Promise<string[]> {
  const unauthorized: string[] = [];
  let url: string | undefined =
    `${BASE}/groups/${groupId}/administrators?attributes=first_name,last_name,email`;
  const headers = { accept: 'application/json', 'x-apikey': apikey };
  while (url) {
    const res: Json = await (await raiseForStatus(await fetch(url, { headers }))).json();
    for (const el of res.data) if (!authorized.includes(el.id)) unauthorized.push(el.id);
    url = res.links?.next;
  }
  return unauthorized;
}

async function getGroupUsers(apikey: string, groupId: string): Promise<string[]> {
  const users: string[] = [];
  let url: string | undefined = `${BASE}/groups/${groupId}/relationships/users`;
  const headers = { accept: 'application/json', 'x-apikey': apikey };
  while (url) {
    const res: Json = await (await raiseForStatus(await fetch(url, { headers }))).json();
    users.push(...res.data.map((e: Json) => e.id));
    url = res.links?.next;
  }
  return users;
}

async function addUsersToGroup(apikey: string, groupId: string, emails: string[]): Promise<void> {
  const payload = { data: emails.map((e) => ({ type: 'user', id: e })) };
  await raiseForStatus(
    await fetch(`${BASE}/groups/${groupId}/relationships/users`, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'x-apikey': apikey,
        'content-type': 'application/json',
      },
      body: JSON.stringify(payload),
    }),
  );
}

async function grantAdminPrivileges(
  apikey: string,
  groupId: string,
  emails: string[],
): Promise<void> {
  const payload = { data: emails.map((e) => ({ type: 'user', id: e })) };
  await raiseForStatus(
    await fetch(`${BASE}/groups/${groupId}/relationships/administrators`, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'x-apikey': apikey,
        'content-type': 'application/json',
      },
      body: JSON.stringify(payload),
    }),
  );
}

async function revokeAdminPrivileges(
  apikey: string,
  groupId: string,
  userId: string,
): Promise<void> {
  await raiseForStatus(
    await fetch(`${BASE}/groups/${groupId}/relationships/administrators/${userId}`, {
      method: 'DELETE',
      headers: { accept: 'application/json', 'x-apikey': apikey },
    }),
  );
}

async function isAdministrator(apikey: string, groupId: string, userId: string): Promise<boolean> {
  const res: Json = await (
    await raiseForStatus(
      await fetch(`${BASE}/groups/${groupId}/relationships/administrators/${userId}`, {
        headers: { 'x-apikey': apikey },
      }),
    )
  ).json();
  return res.data;
}

async function updateApiCap(apikey: string, userId: string, dailyLimit: string): Promise<void> {
  const payload = {
    data: {
      type: 'user',
      attributes: { quotas: { api_requests_daily: { allowed: Number.parseInt(dailyLimit, 10) } } },
    },
  };
  await raiseForStatus(
    await fetch(`${BASE}/users/${userId}`, {
      method: 'PATCH',
      headers: { accept: 'text/plain', 'x-apikey': apikey, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    }),
  );
}

async function removeUserFromGroup(apikey: string, groupId: string, userId: string): Promise<void> {
  await raiseForStatus(
    await fetch(`${BASE}/groups/${groupId}/relationships/users/${userId}`, {
      method: 'DELETE',
      headers: { accept: 'text/plain', 'x-apikey': apikey },
    }),
  );
}

async function getGroupFeaturesCurrentMonthConsumption(
  apikey: string,
  userId: string,
): Promise<Record<string, string>> {
  const res: Json = await (
    await raiseForStatus(
      await fetch(`${BASE}/users/${userId}/overall_quotas`, {
        headers: { accept: 'application/json', 'x-apikey': apikey },
      }),
    )
  ).json();
  const summary: Record<string, string> = {};
  for (const [name, value] of Object.entries<Json>(res.data)) {
    if (value.group) summary[name] = `${value.group.used}/${value.group.allowed}`;
  }
  return summary;
}

async function getApiConsumption(
  apikey: string,
  path: string,
  startDate: string,
  lastDate: string,
): Promise<Json> {
  const url = `${BASE}/${path}/api_usage?start_date=${startDate}&end_date=${lastDate}`;
  const res: Json = await (
    await raiseForStatus(
      await fetch(url, { headers: { accept: 'application/json', 'x-apikey': apikey } }),
    )
  ).json();
  delete res.data.daily_endpoints_not_consuming_quota;
  for (const key of Object.keys(res.data.daily))
    if (Object.keys(res.data.daily[key]).length === 0) delete res.data.daily[key];
  return res.data;
}

// ---- what gti-api.md promises ------------------------------------------------------------------

/** What the demo seed says the group's accounts consumed over [from, to]. */
function seedTotal(ids: readonly string[], from: string, to: string): number {
  let total = 0;
  const accounts = [
    ...(seed.users ?? []).map((u) => ({ id: u.id, usage: u.api_usage })),
    ...(seed.service_accounts ?? []).map((sa) => ({
      id: `${sa.group}_${sa.name}`,
      usage: sa.api_usage,
    })),
  ];
  for (const account of accounts) {
    if (!ids.includes(account.id)) continue;
    for (const [day, counts] of Object.entries(account.usage ?? {})) {
      if (day >= from && day <= to) for (const n of Object.values(counts)) total += n;
    }
  }
  return total;
}

describe('an admin script written like VirusTotal’s admins_guide/', () => {
  it('lists users over two default-size pages and service accounts, with the attributes it asked for', async () => {
    const users = await getUsersOrServiceAccounts(APIKEY, GROUP_ID, 'users');
    expect(users).toHaveLength(13);
    expect(users).toContain(
      'username: carol, first_name: Carol, email: carol@acme.example, type: user',
    );
    const sas = await getUsersOrServiceAccounts(APIKEY, GROUP_ID, 'service_accounts');
    expect(sas.map((line) => line.split(',')[0])).toEqual([
      'username: acme_soc_soar_ingest',
      'username: acme_soc_old_scanner',
    ]);
    expect(sas[0]).toMatch(/first_name: soar_ingest, .* type: service_account$/);
    expect(server.emulator.stats().by_route['GET /groups/{gid}/users']).toBe(2);
  });

  it('finds the members without 2FA with filter=2fa_enabled:false', async () => {
    expect(await getUsersWithout2fa(APIKEY, GROUP_ID)).toEqual([
      'username:carol,email:carol@acme.example',
      'username:quinn,email:quinn@acme.example',
      'username:trent,email:trent@contractor.example',
    ]);
  });

  it('finds the administrator nobody authorised', async () => {
    expect(await detectPotentiallyUnauthorizedAdmins(APIKEY, GROUP_ID, ['ciso', 'alice'])).toEqual([
      'mallory',
    ]);
  });

  it('adds by email: an account joins, an unknown email is invited and not listed', async () => {
    await addUsersToGroup(APIKEY, GROUP_ID, ['erin@acme.example', 'frank@acme.example']);
    const ids = await getGroupUsers(APIKEY, GROUP_ID);
    expect(ids).toContain('erin');
    expect(ids.join()).not.toContain('frank');
    expect(ids).toHaveLength(14);
    await expect(addUsersToGroup(APIKEY, GROUP_ID, ['zed@other.example'])).rejects.toThrow(
      /HTTP 409/,
    );
    await expect(addUsersToGroup(APIKEY, GROUP_ID, ['zed'])).rejects.toThrow(
      /HTTP 400.*Invalid email address: zed/,
    );
  });

  it('grants and revokes admin the older way (10, 11, 12)', async () => {
    await grantAdminPrivileges(APIKEY, GROUP_ID, ['pat@acme.example']);
    await revokeAdminPrivileges(APIKEY, GROUP_ID, 'mallory');
    expect(await isAdministrator(APIKEY, GROUP_ID, 'pat')).toBe(true);
    expect(await isAdministrator(APIKEY, GROUP_ID, 'mallory')).toBe(false);
    expect(await detectPotentiallyUnauthorizedAdmins(APIKEY, GROUP_ID, ['ciso', 'alice'])).toEqual([
      'pat',
    ]);
    await expect(revokeAdminPrivileges(APIKEY, GROUP_ID, 'mallory')).rejects.toThrow(/HTTP 404/);
  });

  it('sets daily caps with PATCH /users/{id} (15) and the caps read back in the listing', async () => {
    for (const id of ['bob', 'carol']) await updateApiCap(APIKEY, id, '5000');
    const res: Json = await (
      await fetch(`${BASE}/groups/${GROUP_ID}/users?limit=40`, { headers: { 'x-apikey': APIKEY } })
    ).json();
    const caps = Object.fromEntries(
      res.data.map((u: Json) => [u.id, u.attributes.quotas.api_requests_daily?.allowed]),
    );
    expect([caps.bob, caps.carol, caps.henry]).toEqual([5000, 5000, 1000]);
  });

  it('removes a member; removing again is a 404', async () => {
    await removeUserFromGroup(APIKEY, GROUP_ID, 'oscar');
    expect(await getGroupUsers(APIKEY, GROUP_ID)).not.toContain('oscar');
    await expect(removeUserFromGroup(APIKEY, GROUP_ID, 'oscar')).rejects.toThrow(/HTTP 404/);
  });

  it('reads the group’s features consumption from overall_quotas', async () => {
    const summary = await getGroupFeaturesCurrentMonthConsumption(APIKEY, 'alice');
    expect(summary).toMatchObject({
      api_requests_daily: '5120/100000',
      intelligence_searches_monthly: '3200/10000',
      intelligence_downloads_monthly: '1400/5000',
      intelligence_hunting_rules: '37/200',
      intelligence_retrohunt_jobs_monthly: '12/50',
      intelligence_vtdiff_creation_monthly: '9/100',
      private_scans_monthly: '640/2000',
    });
  });

  it('reads each member’s and the group’s API consumption over 30 days', async () => {
    const ids = await getGroupUsers(APIKEY, GROUP_ID);
    const sum = (totals: Record<string, number>) =>
      Object.values(totals).reduce((a, b) => a + b, 0);
    let members = 0;
    for (const id of ids) {
      const usage = await getApiConsumption(APIKEY, `users/${id}`, '20261027', '20261125');
      expect([id, sum(usage.total)]).toEqual([id, seedTotal([id], '2026-10-27', '2026-11-25')]);
      for (const counts of Object.values<Json>(usage.daily))
        expect(Object.keys(counts).length).toBeGreaterThan(0);
      members += sum(usage.total);
    }
    const group = await getApiConsumption(APIKEY, `groups/${GROUP_ID}`, '20261027', '20261125');
    const serviceAccounts = seedTotal(
      ['acme_soc_soar_ingest', 'acme_soc_old_scanner'],
      '2026-10-27',
      '2026-11-25',
    );
    expect(sum(group.total)).toBe(members + serviceAccounts);
    expect(Object.keys(group.total_endpoints_not_consuming_quota).length).toBeGreaterThan(0);
  });

  it('is refused with the §11 errors when the key is wrong or not an administrator’s', async () => {
    await expect(getUsersWithout2fa('key-nobody', GROUP_ID)).rejects.toThrow(
      /HTTP 401.*WrongCredentialsError/,
    );
    await expect(addUsersToGroup('key-bob', GROUP_ID, ['erin@acme.example'])).rejects.toThrow(
      /HTTP 403.*ForbiddenError/,
    );
    await expect(getUsersWithout2fa(APIKEY, 'no_such_group')).rejects.toThrow(
      /HTTP 404.*NotFoundError/,
    );
  });
});
