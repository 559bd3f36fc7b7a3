/** Seeds (design §6): YAML and JSON, the schema and rule problems with codes and positions, the demo seed. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/model/errors.js';
import { createEmulator, loadSeedFile, parseSeed, VARIANTS } from '../../src/emulator/index.js';
import type { Seed } from '../../src/emulator/index.js';
import { fixturePath, repoPath } from '../support/paths.js';

const FIXTURES = fixturePath('emulator');
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** The problems of an invalid seed as `LINE:COL CODE`. */
function problemsOf(text: string, file = 'seed.yaml'): string[] {
  try {
    parseSeed(text, file);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    for (const p of error.problems) expect(p.file).toBe(file);
    return error.problems.map((p) => `${p.line}:${p.col} ${p.code}`);
  }
  throw new Error('the seed was accepted');
}

describe('parseSeed', () => {
  it('reads the design §6 example format from YAML', () => {
    const seed = parseSeed(
      [
        'now: 2026-11-26T12:00:00Z',
        'groups:',
        '  - id: acme_soc',
        '    organization: ACME',
        '    quotas: {api_requests_daily: {allowed: 100000, used: 5120}}',
        'users:',
        '  - id: alice',
        '    email: alice@acme.example',
        '    apikey: key-alice',
        '    group: acme_soc',
        '    roles: [USER_ROLE_GROUP_ADMIN]',
        '    api_usage: {"2026-11-25": {"/api/v3/(files)": 600}}',
        '    api_usage_not_consuming: {2026-11-25: {"/api/v3/(users)": 2}}',
        'service_accounts: [{group: acme_soc, name: soar_ingest, apikey: key-soar}]',
        'invitations: [{group: acme_soc, email: new@acme.example}]',
        'activity_log: [{group: acme_soc, actor: alice, action: Add admin to group, user: bob, date: 1763900000}]',
      ].join('\n'),
      'seed.yaml',
    );
    expect(seed.now).toBe('2026-11-26T12:00:00Z');
    expect(seed.users?.[0]?.api_usage_not_consuming).toEqual({
      '2026-11-25': { '/api/v3/(users)': 2 },
    });
    expect(seed.service_accounts?.[0]?.name).toBe('soar_ingest');
  });

  it('reads JSON; an invitation for an account in no group makes it a member', () => {
    const seed = parseSeed(fixture('good.json'), 'good.json');
    const state = createEmulator(seed).state();
    expect(state.users?.find((u) => u.id === 'solo')?.group).toBe('g');
    expect(state.invitations).toEqual([]);
  });

  it('reports every schema problem with its code and position', () => {
    expect(problemsOf(fixture('bad-schema.yaml'))).toEqual([
      '1:6 SEED_BAD_VALUE',
      '4:5 SEED_UNKNOWN_KEY',
      '6:7 SEED_BAD_KEY',
      '7:27 SEED_MISSING_KEY',
      '12:13 SEED_BAD_VALUE',
      '13:14 SEED_BAD_VALUE',
      '14:5 SEED_MISSING_KEY',
      '17:7 SEED_BAD_KEY',
      '18:39 SEED_BAD_VALUE',
      '21:11 SEED_BAD_VALUE',
      '22:1 SEED_UNKNOWN_KEY',
      '23:25 UNKNOWN_VARIANT',
    ]);
  });

  it('reports every rule problem with its code and position', () => {
    expect(problemsOf(fixture('bad-rules.yaml'))).toEqual([
      '3:9 SEED_DUPLICATE_GROUP',
      '7:10 SEED_DUPLICATE_ID',
      '7:22 SEED_DUPLICATE_EMAIL',
      '7:48 SEED_DUPLICATE_APIKEY',
      '8:45 SEED_UNKNOWN_GROUP',
      '9:47 SEED_ROLES_WITHOUT_GROUP',
      '14:7 SEED_BAD_DATE',
      '17:25 SEED_DUPLICATE_ID',
      '18:13 SEED_UNKNOWN_GROUP',
      '20:26 SEED_INVITATION_CONFLICT',
      '22:5 SEED_DUPLICATE_INVITATION',
      '24:13 SEED_UNKNOWN_GROUP',
    ]);
  });

  it('reports YAML problems first (duplicate keys, custom tags), as parseYamlSafely codes them', () => {
    expect(problemsOf(fixture('bad-yaml.yaml'))).toEqual([
      '3:1 YAML_DUPLICATE_KEY',
      '5:8 YAML_CUSTOM_TAG',
    ]);
    expect(problemsOf('')).toEqual(['1:1 FILE_EMPTY']);
    expect(problemsOf('[1, 2]')).toEqual(['1:1 FILE_NOT_MAPPING']);
  });

  it('names the path of a bad value in its message', () => {
    try {
      parseSeed(
        'users: [{id: a, email: a@b.c, api_usage: {2026-11-20: {"/api/v3/(files)": -1}}}]',
        's.yaml',
      );
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems[0]?.message).toContain(
        'users[0].api_usage["2026-11-20"]["/api/v3/(files)"]',
      );
      return;
    }
    throw new Error('accepted');
  });
});

describe('parseSeed: the revision 2 keys', () => {
  it('accepts variants, roles_available, service-account roles, future roles, unknown quota names and 2^53 − 1', () => {
    const seed = parseSeed(
      [
        'variants: [visible-2fa, enum-actions]',
        'groups:',
        '  - id: g',
        '    roles_available: [USER_ROLE_GROUP_ADMIN, USER_ROLE_FILE_UPLOADS]',
        '    quotas: {monitor_storage_bytes: {allowed: 9007199254740991}}',
        'users:',
        '  - id: a',
        '    email: a@g.example',
        '    group: g',
        '    roles: [USER_ROLE_GROUP_ADMIN, USER_ROLE_FROM_THE_FUTURE]',
        '    quotas: {api_requests_hourly: {allowed: 60000000000}, cases_creation_monthly: {allowed: 5}}',
        'service_accounts: [{group: g, name: bot, roles: [USER_ROLE_FILE_UPLOADS, USER_ROLE_NEXT]}]',
      ].join('\n'),
      'seed.yaml',
    );
    expect(seed.variants).toEqual(['visible-2fa', 'enum-actions']);
    expect(seed.service_accounts?.[0]?.roles).toEqual(['USER_ROLE_FILE_UPLOADS', 'USER_ROLE_NEXT']);
    expect(seed.users?.[0]?.quotas?.['api_requests_hourly']?.allowed).toBe(60000000000);
    expect(seed.groups?.[0]?.quotas?.['monitor_storage_bytes']?.allowed).toBe(2 ** 53 - 1);
  });

  it('refuses a bad variant, a number past 2^53 − 1 and a service account administrator, with positions', () => {
    expect(
      problemsOf(
        [
          'variants: [sparse-usage-days, shiny]',
          'groups: [{id: g, quotas: {api_requests_daily: {allowed: 9007199254740992}}}]',
        ].join('\n'),
      ),
    ).toEqual(['1:31 UNKNOWN_VARIANT', '2:57 SEED_BAD_VALUE']);
    expect(
      problemsOf(
        [
          'groups: [{id: g}]',
          'service_accounts: [{group: g, name: bot, roles: [USER_ROLE_FILE_UPLOADS, USER_ROLE_GROUP_ADMIN]}]',
        ].join('\n'),
      ),
    ).toEqual(['2:74 SEED_SERVICE_ACCOUNT_ADMIN']);
  });

  it('lists the variants the emulator serves (VARIANTS)', () => {
    const schema = JSON.parse(readFileSync(repoPath('schema/emulator-seed.schema.json'), 'utf8'));
    expect(schema.$defs.variant.enum).toEqual([...VARIANTS]);
  });
});

describe('loadSeedFile', () => {
  it('answers SEED_NOT_FOUND for a missing file', async () => {
    await expect(loadSeedFile(join(FIXTURES, 'missing.yaml'))).rejects.toMatchObject({
      code: 'SEED_NOT_FOUND',
    });
  });

  it('answers SEED_UNREADABLE for a directory', async () => {
    await expect(loadSeedFile(FIXTURES)).rejects.toMatchObject({ code: 'SEED_UNREADABLE' });
  });

  it('throws ConfigError with the file name for an invalid file', async () => {
    const file = join(FIXTURES, 'bad-rules.yaml');
    await expect(loadSeedFile(file)).rejects.toMatchObject({
      problems: expect.arrayContaining([expect.objectContaining({ file })]),
    });
  });
});

describe('the demo seed (examples/emulator-seed.yaml)', () => {
  async function demo(): Promise<Seed> {
    return loadSeedFile(repoPath('examples/emulator-seed.yaml'), {
      GTI_SYNC_NOW: '2026-11-26T12:00:00Z',
    });
  }

  it('is the world of the demo scenario', async () => {
    const seed = await demo();
    expect(seed.now).toBe('2026-11-26T12:00:00Z');
    const users = new Map((seed.users ?? []).map((u) => [u.id, u]));
    const members = [...users.values()].filter((u) => u.group === 'acme_soc').map((u) => u.id);
    expect(members).toEqual(
      expect.arrayContaining([
        'ciso',
        'alice',
        'bob',
        'carol',
        'dave',
        'mallory',
        'oscar',
        'pat',
        'quinn',
        'trent',
        'henry',
        'ivy',
        'judy',
      ]),
    );
    expect(members.length).toBeGreaterThanOrEqual(12);
    for (const user of users.values()) expect(user.apikey).toBe(`key-${user.id}`);
    expect(users.get('alice')?.roles).toEqual([
      'USER_ROLE_GROUP_ADMIN',
      'USER_ROLE_PRIVATE_SCANNING',
    ]);
    expect(users.get('alice')?.quotas?.['api_requests_daily']).toEqual({
      allowed: 20000,
      used: 812,
    });
    expect(users.get('dave')?.quotas?.['api_requests_daily']).toEqual({
      allowed: 5000,
      used: 2500,
    });
    expect(users.get('mallory')?.roles).toEqual(['USER_ROLE_GROUP_ADMIN']);
    expect(['carol', 'quinn', 'trent'].map((id) => users.get(id)?.has_2fa)).toEqual([
      false,
      false,
      false,
    ]);
    expect(users.get('erin')?.group).toBeUndefined();
    expect(users.get('zed')).toMatchObject({
      group: 'other_corp',
      roles: ['USER_ROLE_GROUP_ADMIN'],
    });
    expect(seed.service_accounts?.map((sa) => `${sa.group}_${sa.name}`)).toEqual([
      'acme_soc_soar_ingest',
      'acme_soc_old_scanner',
    ]);
    expect(seed.service_accounts?.[0]?.quotas?.['api_requests_daily']?.allowed).toBe(50000);
    expect(seed.invitations).toEqual([
      expect.objectContaining({
        group: 'acme_soc',
        email: 'gina@acme.example',
        invited_by: 'alice',
      }),
    ]);
    const log = seed.activity_log ?? [];
    expect(log).toContainEqual(
      expect.objectContaining({ actor: 'ciso', action: 'Add admin to group', user: 'mallory' }),
    );
    expect(log).toContainEqual(
      expect.objectContaining({ actor: 'alice', action: 'Add user to group', user: 'oscar' }),
    );
    expect(log).toContainEqual(
      expect.objectContaining({
        actor: 'alice',
        action: 'Invite user to group',
        user: 'gina@acme.example',
      }),
    );
  });

  it('has group quotas for every feature and about a month of usage', async () => {
    const seed = await demo();
    const quotas = seed.groups?.find((g) => g.id === 'acme_soc')?.quotas ?? {};
    expect(quotas['api_requests_daily']).toEqual({ allowed: 100000, used: 5120 });
    expect(quotas['intelligence_searches_monthly']).toEqual({ allowed: 10000, used: 3200 });
    for (const name of [
      'api_requests_monthly',
      'intelligence_downloads_monthly',
      'intelligence_retrohunt_jobs_monthly',
      'intelligence_hunting_rules',
      'intelligence_vtdiff_creation_monthly',
      'private_scans_monthly',
    ]) {
      expect([name, quotas[name] !== undefined]).toEqual([name, true]);
    }
    const days = Object.keys(seed.users?.find((u) => u.id === 'bob')?.api_usage ?? {}).sort();
    expect(days[0]).toBe('2026-10-27');
    expect(days.length).toBeGreaterThan(15);
  });
});
