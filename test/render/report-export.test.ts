import { NO_PERSONAL_CAP } from '../../src/model/quotas.js';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  chooseDefaultCaps,
  memberQuotas,
  GROUP_SCHEMA_URL,
  renderGroupFile,
} from '../../src/render/render-export.js';
import { parseGroupFile } from '../../src/config/parse-group-file.js';
import { computePlan as buildPlan } from '../../src/engine/compute-plan.js';
import type { LiveGroup } from '../../src/model/live-group.js';
import { repoPath } from '../support/paths.js';
import { liveMember } from '../support/live-member.js';

const now = new Date('2026-11-26T12:00:00Z');
const meta = { now, source: 'http://127.0.0.1:1/api/v3', version: '9.9.9' };

const member = liveMember;

const live: LiveGroup = {
  group: 'lab',
  caller: { id: 'root', email: 'root@lab.example' },
  members: [
    member('zoe', { caps: { api_requests_daily: 1000 } }),
    member('root', {
      roles: ['admin'],
      apiRoles: ['USER_ROLE_GROUP_ADMIN'],
      caps: { api_requests_daily: 20000 },
    }),
    member('ben', {
      has2fa: false,
      caps: { api_requests_daily: 1000, intelligence_searches_monthly: 50 },
    }),
    member('amy', {
      email: 'Amy@lab.example',
      roles: ['admin', 'private_scanning'],
      caps: { api_requests_daily: 1000 },
    }),
  ],
  serviceAccounts: [
    { id: 'lab_zz_feed', name: 'zz_feed', roles: [], apiRoles: [], caps: {}, used: {} },
    {
      id: 'lab_ingest',
      name: 'ingest',
      roles: [],
      apiRoles: [],
      caps: { api_requests_daily: 50000 },
      used: {},
    },
  ],
  pendingInvitations: [
    { key: 'gina@lab.example', email: 'gina@lab.example', actor: 'root', date: 1_795_000_000 },
  ],
  twoFactor: { known: true, via: 'attribute' },
};

describe('chooseDefaultCaps', () => {
  it('takes the most common cap when every member has one', () => {
    expect(chooseDefaultCaps(live.members)).toEqual({ api_requests_daily: 1000 });
  });
  it('keeps the default when a member has no cap, and writes that member as "no personal cap"', () => {
    const nocap = member('nocap');
    const defaults = chooseDefaultCaps([...live.members, nocap]);
    expect(defaults).toEqual({ api_requests_daily: 1000 });
    expect(memberQuotas(nocap, defaults)).toEqual({ api_requests_daily: NO_PERSONAL_CAP });
  });
  it('sets no default when more members have no cap than share the most common one', () => {
    const uncapped = ['n1', 'n2', 'n3', 'n4', 'n5'].map((id) => member(id));
    expect(chooseDefaultCaps([...live.members, ...uncapped])).toEqual({});
  });
  it('sets no default for a cap only one member has', () => {
    const one = { ...member('solo'), caps: { api_requests_daily: 7 } };
    expect(chooseDefaultCaps([one])).toEqual({});
    expect(memberQuotas(one, {})).toEqual({ api_requests_daily: 7 });
  });
});

describe('renderGroupFile', () => {
  const text = renderGroupFile(live, meta);

  it('writes a sorted, commented file; the schema comment first only when there is a schema', () => {
    expect(text).not.toContain('yaml-language-server');
    const withSchema = renderGroupFile(live, { ...meta, schema: './group.schema.json' });
    expect(withSchema.split('\n')[0]).toBe('# yaml-language-server: $schema=./group.schema.json');
    expect(text).toContain('exported by gti-sync 9.9.9 on 2026-11-26T12:00:00Z');
    expect(text).toContain(`
defaults:
  quotas: {api_requests_daily: 1000}

members:
  - email: Amy@lab.example
    id: amy
    roles: [admin, private_scanning]
  - email: ben@lab.example # no two-factor authentication
    id: ben
    quotas: {intelligence_searches_monthly: 50}
  - email: root@lab.example
    id: root
    roles: [admin]
    quotas: {api_requests_daily: 20000}
  - email: zoe@lab.example
    id: zoe

service_accounts:
  - name: ingest
    quotas: {api_requests_daily: 50000}
  - name: zz_feed
`);
    expect(text).toContain('min_admins: 2');
    expect(text).toContain('protected: [root@lab.example]');
    expect(text).toMatch(/# Pending invitations.*\n# +gina@lab\.example\n$/);
  });

  it('validates, and a plan on it has no operations', () => {
    const parsed = parseGroupFile(text, 'export.yaml', { now });
    expect(parsed.problems.filter((p) => p.severity === 'error')).toEqual([]);
    expect(parsed.config).not.toBeNull();
    if (parsed.config === null) return;
    expect(buildPlan(parsed.config, live, { now }).operations).toEqual([]);
  });

  it('keeps min_admins within the administrators present', () => {
    const one = { ...live, members: live.members.filter((m) => m.id !== 'amy') };
    const out = renderGroupFile(one, meta);
    expect(out).toContain('min_admins: 1');
    const parsed = parseGroupFile(out, 'x.yaml', { now });
    expect(parsed.config).not.toBeNull();
    if (parsed.config) expect(buildPlan(parsed.config, one, { now }).operations).toEqual([]);
  });

  it('names the schema by its $id', () => {
    const schema: unknown = JSON.parse(readFileSync(repoPath('schema/group.schema.json'), 'utf8'));
    expect(schema).toMatchObject({ $id: GROUP_SCHEMA_URL });
  });
});
