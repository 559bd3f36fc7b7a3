/** What the plan concludes from revision 2's readings: 2FA unknown, roles unseen, service-account roles. */
import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/engine/compute-plan.js';
import { checkSafety } from '../../src/plan/check-safety.js';
import { computeFindings } from '../../src/plan/compute-findings.js';
import { diffGroup } from '../../src/plan/diff-group.js';
import { isUnknownFinding } from '../../src/model/plan.js';
import type { Finding } from '../../src/model/plan.js';
import type { LiveServiceAccount } from '../../src/model/live-group.js';
import type { Role } from '../../src/model/roles.js';
import { revokeRole } from '../../src/model/operation.js';
import { NOW, config, desired, desiredAccount, group, live, liveAccount } from './build.js';

const brief = (f: Finding) => `${f.kind} ${f.service_account ?? f.email ?? f.user_id ?? '(group)'}`;
const root = live('root', 'root@acme.example', { roles: ['admin'] });
const rootEntry = desired('root@acme.example', { roles: ['admin'] });
const carol = live('carol', 'carol@acme.example', { has2fa: null });

function unknown2fa() {
  const g = group([root, carol]);
  g.members = g.members.map((m) => ({ ...m, has2fa: null }));
  g.twoFactor = { known: false, reason: 'the API refused filter=2fa_enabled:false (400)' };
  return g;
}

describe('unknown_2fa', () => {
  it('one group-level finding under require_2fa saying why, never "nobody lacks 2FA"', () => {
    const c = config({
      members: [rootEntry, desired('carol@acme.example')],
      policy: { require_2fa: true },
    });
    const findings = computeFindings(c, unknown2fa(), NOW, 'plan');
    expect(findings.map(brief)).toEqual(['unknown_2fa (group)']);
    expect(findings[0]?.message).toContain('refused filter=2fa_enabled:false');
    expect(findings[0]).toMatchObject({ email: null, user_id: null });
    expect(isUnknownFinding(findings[0] ?? { kind: 'no_2fa' })).toBe(true);
  });

  it('no finding in a plan without require_2fa; audit always says it', () => {
    const c = config({ members: [rootEntry, desired('carol@acme.example')] });
    expect(computeFindings(c, unknown2fa(), NOW, 'plan')).toEqual([]);
    expect(computeFindings(c, unknown2fa(), NOW, 'audit').map(brief)).toEqual([
      'unknown_2fa (group)',
    ]);
  });

  it('2FA known by the filter reads like the attribute', () => {
    const c = config({
      members: [rootEntry, desired('carol@acme.example')],
      policy: { require_2fa: true },
    });
    const g = group([root, live('carol', 'carol@acme.example', { has2fa: false })]);
    g.twoFactor = { known: true, via: 'filter' };
    expect(computeFindings(c, g, NOW, 'plan').map(brief)).toEqual(['no_2fa carol@acme.example']);
  });
});

describe('unknown_roles for members (no context_attributes)', () => {
  const unseen: Role[] = [
    'private_scanning',
    'file_downloads',
    'file_uploads',
    'private_file_uploads',
    'private_file_downloads',
  ];

  it('one finding naming the roles that could not be seen; only admin is compared', () => {
    const g = group([
      live('root', 'root@acme.example', { roles: ['admin'], unknownRoles: unseen }),
      live('bob', 'bob@acme.example', { unknownRoles: unseen }),
    ]);
    const c = config({
      members: [rootEntry, desired('bob@acme.example', { roles: ['admin', 'file_uploads'] })],
    });
    const plan = computePlan(c, g, { now: NOW });
    expect(plan.operations.map((o) => `${o.kind} ${o.email ?? ''} ${o.role ?? ''}`)).toEqual([
      'grant_role bob@acme.example admin',
    ]);
    const findings = plan.findings.filter((f) => f.kind === 'unknown_roles');
    expect(findings).toHaveLength(1);
    for (const role of unseen) expect(findings[0]?.message).toContain(role);
  });
});

describe('service accounts: roles (any but admin) and the daily cap', () => {
  const account = (
    roles: Role[] | null,
    apiRoles: string[] | null = roles,
  ): LiveServiceAccount => ({
    ...liveAccount('acme', 'bot', { api_requests_daily: 100 }),
    roles,
    apiRoles,
  });
  const wanted = (roles: Role[], quotas = {}) => ({
    ...desiredAccount('acme', 'bot', quotas),
    roles,
  });

  it('plans grant_role / revoke_role / set_quota with service_account set and email null', () => {
    const g = group([root], {
      serviceAccounts: [account(['file_downloads'], ['USER_ROLE_FILE_DOWNLOADS', 'USER_ROLE_NEW'])],
    });
    const c = config({
      members: [rootEntry],
      serviceAccounts: [wanted(['private_scanning'], { api_requests_daily: 500 })],
    });
    const ops = diffGroup(c, g, NOW);
    expect(
      ops.map((o) => [o.kind, o.email, o.user_id, o.service_account, o.role, o.quota]),
    ).toEqual([
      ['grant_role', null, 'acme_bot', 'bot', 'private_scanning', null],
      ['set_quota', null, 'acme_bot', 'bot', null, 'api_requests_daily'],
      ['revoke_role', null, 'acme_bot', 'bot', 'file_downloads', null],
    ]);
    expect(computePlan(c, g, { now: NOW }).findings).toEqual([]);
  });

  it('a new account gets its roles after it is created', () => {
    const c = config({ members: [rootEntry], serviceAccounts: [wanted(['file_uploads'])] });
    expect(diffGroup(c, group([root]), NOW).map((o) => `${o.kind} ${o.role ?? ''}`)).toEqual([
      'create_service_account ',
      'grant_role file_uploads',
    ]);
  });

  it('unreadable roles (null) are left alone, with one unknown_roles finding naming the account', () => {
    const g = group([root], { serviceAccounts: [account(null)] });
    const c = config({
      members: [rootEntry],
      serviceAccounts: [wanted(['file_uploads'], { api_requests_daily: 500 })],
    });
    const plan = computePlan(c, g, { now: NOW });
    expect(plan.operations.map((o) => o.kind)).toEqual(['set_quota']);
    expect(plan.findings.map(brief)).toEqual(['unknown_roles bot']);
    expect(plan.findings[0]).toMatchObject({ email: null, user_id: 'acme_bot' });
  });

  it('a role operation on a service account never counts toward the admin floor or the caller', () => {
    // The account's id equals the caller's, and the operation (made by hand: the file refuses
    // admin on a service account) revokes admin: still not DEMOTES_CALLER nor BELOW_MIN_ADMINS.
    const me = live('acme_bot', 'me@acme.example', { roles: ['admin'] });
    const g = group([me], { caller: 'acme_bot', serviceAccounts: [account(['file_downloads'])] });
    const c = config({
      members: [desired('me@acme.example', { roles: ['admin'] })],
      policy: { min_admins: 1, protected: ['me@acme.example'] },
    });
    const target = { email: null, user_id: 'acme_bot', service_account: 'bot' };
    const ops = [revokeRole(target, 'admin', null), revokeRole(target, 'file_downloads', null)];
    expect(checkSafety(ops, c, g, NOW)).toEqual([]);
  });
});
