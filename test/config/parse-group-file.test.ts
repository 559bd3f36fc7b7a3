import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGroupFile } from '../../src/config/parse-group-file.js';
import { DEFAULT_POLICY } from '../../src/model/group-config.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const EXAMPLE = 'examples/group.yaml';

describe('the example file', () => {
  const { config, problems } = parseGroupFile(readFileSync(EXAMPLE, 'utf8'), EXAMPLE, { now: NOW });

  it('validates with no problem at all (its expiry dates never come near)', () => {
    expect(problems).toEqual([]);
    expect(config).not.toBeNull();
  });

  it('holds the demo scenario', () => {
    expect(config?.group).toBe('acme_soc');
    expect(config?.policy).toEqual({
      members: 'authoritative',
      require_2fa: true,
      min_admins: 2,
      max_removal_ratio: 0.25,
      protected: ['ciso@acme.example'],
      expiry_warning_days: 14,
    });
    expect(config?.ignore).toEqual(['*@contractor.example']);
    const emails = config?.members.map((m) => m.email.split('@')[0]);
    expect(emails).toEqual([
      'ciso',
      'alice',
      'bob',
      'carol',
      'dave',
      'mallory',
      'pat',
      'quinn',
      'henry',
      'ivy',
      'judy',
      'erin',
      'frank',
      'gina',
    ]);
    expect(emails).not.toContain('oscar');
    const byName = (name: string) => config?.members.find((m) => m.key === `${name}@acme.example`);
    expect(byName('dave')?.quotas).toEqual({ api_requests_daily: 2000 });
    expect(byName('mallory')?.roles).toEqual([]);
    expect(byName('pat')?.roles).toEqual(['private_scanning']);
    expect(byName('quinn')?.expires).toBe('2099-12-31');
    expect(config?.serviceAccounts.map((s) => [s.id, s.quotas.api_requests_daily])).toEqual([
      ['acme_soc_soar_ingest', 100000],
      ['acme_soc_threat_feed', 20000],
    ]);
  });

  it('starts with the yaml-language-server schema comment', () => {
    expect(readFileSync(EXAMPLE, 'utf8').split('\n')[0]).toBe(
      '# yaml-language-server: $schema=../schema/group.schema.json',
    );
  });
});

describe('normalisation', () => {
  const text = [
    'version: 1', // 1
    'group: acme_soc', // 2
    'policy:', // 3
    '  protected: [CISO@Acme.Example]', // 4
    'defaults:', // 5
    '  quotas: {api_requests_daily: 1000, intelligence_searches_monthly: 50}', // 6
    'members:', // 7
    '  - email: CISO@acme.example', // 8
    '    roles: [private_scanning, admin]', // 9
    '    quotas: {api_requests_daily: 0}', // 10
    '  - email: bob@acme.example', // 11
    '    id: bob', // 12
    '    roles: []', // 13
    'service_accounts:', // 14
    '  - name: feed', // 15
    '    quotas: {api_requests_daily: 7}', // 16
    '  - name: bare', // 17
    '',
  ].join('\n');
  const { config, problems } = parseGroupFile(text, 'n.yaml', { now: NOW });

  it('fills policy defaults and lower-cases protected emails', () => {
    expect(problems).toEqual([]);
    expect(config?.policy).toEqual({ ...DEFAULT_POLICY, protected: ['ciso@acme.example'] });
    expect(config?.version).toBe(1);
    expect(config?.file).toBe('n.yaml');
    expect(config?.source).toEqual({ file: 'n.yaml', line: 2, col: 1 });
  });

  it('overlays a member’s own quotas on the defaults and says which are its own', () => {
    const [ciso, bob] = config?.members ?? [];
    expect(ciso).toMatchObject({
      email: 'CISO@acme.example',
      key: 'ciso@acme.example',
      id: undefined,
      roles: ['admin', 'private_scanning'],
      quotas: { api_requests_daily: 0, intelligence_searches_monthly: 50 },
      ownQuotas: ['api_requests_daily'],
      expires: undefined,
      source: { file: 'n.yaml', line: 8, col: 5 },
    });
    expect(bob).toMatchObject({
      id: 'bob',
      roles: [],
      quotas: { api_requests_daily: 1000, intelligence_searches_monthly: 50 },
      ownQuotas: [],
      source: { line: 11, col: 5 },
    });
  });

  it('gives service accounts their API id and no defaults', () => {
    expect(config?.serviceAccounts).toEqual([
      {
        name: 'feed',
        id: 'acme_soc_feed',
        roles: [],
        quotas: { api_requests_daily: 7 },
        source: { file: 'n.yaml', line: 15, col: 5 },
      },
      {
        name: 'bare',
        id: 'acme_soc_bare',
        roles: [],
        quotas: {},
        source: { file: 'n.yaml', line: 17, col: 5 },
      },
    ]);
    expect(config?.ignore).toEqual([]);
  });
});

describe('warnings', () => {
  const file = (expires: string, extra = '') =>
    `version: 1\ngroup: g\npolicy:\n  min_admins: 0\n${extra}members:\n  - email: a@x.example\n    expires: ${expires}\n`;

  it('an expires already past is a warning; the file stays valid', () => {
    const { config, problems } = parseGroupFile(file('2026-11-25'), 'w.yaml', { now: NOW });
    expect(problems).toMatchObject([{ code: 'EXPIRED', severity: 'warning', line: 7, col: 14 }]);
    expect(config).not.toBeNull();
  });

  it('the last day itself still counts as a member', () => {
    expect(parseGroupFile(file('2026-11-26'), 'w.yaml', { now: NOW }).problems).toMatchObject([
      { code: 'EXPIRING' },
    ]);
  });

  it('warns within expiry_warning_days only (ends at the end of the day, UTC)', () => {
    // 2026-12-09 ends 2026-12-10T00:00Z: 13.5 days away; 2026-12-10 ends 14.5 days away.
    expect(parseGroupFile(file('2026-12-09'), 'w.yaml', { now: NOW }).problems).toMatchObject([
      { code: 'EXPIRING', line: 7 },
    ]);
    expect(parseGroupFile(file('2026-12-10'), 'w.yaml', { now: NOW }).problems).toEqual([]);
    const wide = file('2027-01-20', '  expiry_warning_days: 60\n');
    expect(parseGroupFile(wide, 'w.yaml', { now: NOW }).problems).toMatchObject([
      { code: 'EXPIRING', line: 8 },
    ]);
  });

  it('a Private Scanning cap without the role is a warning', () => {
    const text =
      'version: 1\ngroup: g\nmembers:\n  - email: a@x.example\n    roles: [admin]\n    quotas: {private_scans_monthly: 5}\n';
    const { config, problems } = parseGroupFile(text, 'w.yaml', { now: NOW });
    expect(problems).toMatchObject([{ code: 'QUOTA_WITHOUT_ROLE', severity: 'warning', line: 6 }]);
    expect(config).not.toBeNull();
  });

  it('a protected email repeated in another case is a warning', () => {
    const text =
      'version: 1\ngroup: g\npolicy:\n  protected: [a@x.example, A@X.example]\nmembers:\n  - email: a@x.example\n    roles: [admin]\n';
    const { config, problems } = parseGroupFile(text, 'w.yaml', { now: NOW });
    expect(problems).toMatchObject([
      { code: 'DUPLICATE_PROTECTED', severity: 'warning', line: 4, col: 28 },
    ]);
    expect(config?.policy.protected).toEqual(['a@x.example', 'a@x.example']);
  });

  it('points a repeated protected email at its own item, past items of other types', () => {
    const text =
      'version: 1\ngroup: g\npolicy:\n  protected: [7, a@x.example, A@X.example]\nmembers:\n  - email: a@x.example\n    roles: [admin]\n';
    const { problems } = parseGroupFile(text, 'w.yaml', { now: NOW });
    expect(problems).toMatchObject([
      { code: 'SCHEMA_TYPE', line: 4, col: 15 },
      { code: 'DUPLICATE_PROTECTED', severity: 'warning', line: 4, col: 31 },
    ]);
  });

  it('an admin that is expired does not count towards min_admins', () => {
    const text =
      'version: 1\ngroup: g\nmembers:\n  - email: a@x.example\n    roles: [admin]\n    expires: 2026-01-01\n  - email: b@x.example\n    roles: [admin]\n';
    const { problems } = parseGroupFile(text, 'w.yaml', { now: NOW });
    expect(problems.map((p) => p.code)).toEqual(['EXPIRED']);
  });
});
