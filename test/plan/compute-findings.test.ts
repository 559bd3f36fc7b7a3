import { describe, expect, it } from 'vitest';
import { computeFindings } from '../../src/plan/compute-findings.js';
import type { Finding } from '../../src/model/plan.js';
import {
  NOW,
  config,
  desired,
  desiredAccount,
  group,
  invitation,
  live,
  liveAccount,
} from './build.js';

const brief = (f: Finding) => `${f.kind} ${f.email ?? f.user_id ?? ''}`;
const admin = live('root', 'root@acme.example', { roles: ['admin'] });
const rootEntry = desired('root@acme.example', { roles: ['admin'] });

describe('computeFindings', () => {
  it('no_2fa: declared members without 2FA when require_2fa (plan); every live member in audit', () => {
    const carol = live('carol', 'carol@acme.example', { has2fa: false });
    const oscar = live('oscar', 'oscar@acme.example', { has2fa: false });
    const unknown = live('una', 'una@acme.example', { has2fa: null });
    const trent = live('trent', 'trent@contractor.example', { has2fa: false });
    const members = [rootEntry, desired('carol@acme.example'), desired('una@acme.example')];
    const g = group([admin, carol, oscar, unknown, trent]);
    const c = config({ members, policy: { require_2fa: true }, ignore: ['*@contractor.example'] });
    expect(computeFindings(c, g, NOW, 'plan').map(brief)).toEqual(['no_2fa carol@acme.example']);
    expect(computeFindings(config({ members }), g, NOW, 'plan').map(brief)).toEqual([]);
    expect(
      computeFindings(c, g, NOW, 'audit')
        .filter((f) => f.kind === 'no_2fa')
        .map(brief),
    ).toEqual(['no_2fa carol@acme.example', 'no_2fa oscar@acme.example']);
  });

  it('undeclared_member and undeclared_admin: additive plan, and audit in either mode', () => {
    const mallory = live('mallory', 'mallory@acme.example', { roles: ['admin'] });
    const oscar = live('oscar', 'oscar@acme.example');
    const dan = live('dan', 'dan@acme.example', { roles: ['admin'] });
    const g = group([admin, mallory, oscar, dan]);
    const members = [rootEntry, desired('dan@acme.example')];
    const authoritative = config({ members });
    const additive = config({ members, policy: { members: 'additive' } });
    expect(computeFindings(authoritative, g, NOW, 'plan')).toEqual([]);
    expect(computeFindings(additive, g, NOW, 'plan').map(brief)).toEqual([
      'undeclared_admin mallory@acme.example',
      'undeclared_member mallory@acme.example',
      'undeclared_member oscar@acme.example',
    ]);
    const expected = [
      'undeclared_admin dan@acme.example',
      'undeclared_admin mallory@acme.example',
      'undeclared_member mallory@acme.example',
      'undeclared_member oscar@acme.example',
    ];
    expect(computeFindings(authoritative, g, NOW, 'audit').map(brief)).toEqual(expected);
    expect(computeFindings(additive, g, NOW, 'audit').map(brief)).toEqual(expected);
  });

  it('undeclared_service_account in both modes', () => {
    const c = config({ members: [rootEntry], serviceAccounts: [desiredAccount('acme', 'soar')] });
    const g = group([admin], {
      serviceAccounts: [liveAccount('acme', 'soar'), liveAccount('acme', 'old')],
    });
    for (const mode of ['plan', 'audit'] as const) {
      const findings = computeFindings(c, g, NOW, mode);
      expect(findings.map(brief)).toEqual(['undeclared_service_account acme_old']);
      expect(findings[0]?.message).toContain('web UI');
    }
  });

  it('expiring: entries whose last day is within expiry_warning_days, with the date', () => {
    const quinn = live('quinn', 'quinn@acme.example');
    const c = config({
      members: [
        rootEntry,
        desired('quinn@acme.example', { expires: '2026-12-05' }),
        desired('later@acme.example', { expires: '2026-12-20' }),
        desired('gone@acme.example', { expires: '2026-11-25' }),
        desired('today@acme.example', { expires: '2026-11-26' }),
      ],
      policy: { expiry_warning_days: 14 },
    });
    const findings = computeFindings(c, group([admin, quinn]), NOW, 'plan');
    expect(findings.map(brief)).toEqual([
      'expiring quinn@acme.example',
      'expiring today@acme.example',
    ]);
    expect(findings[0]?.message).toContain('2026-12-05');
    expect(findings[0]?.user_id).toBe('quinn');
  });

  it('expiring: counts whole days left (0 is "today") and says what happens after, per mode', () => {
    const quinn = live('quinn', 'quinn@acme.example');
    const members = [
      rootEntry,
      desired('quinn@acme.example', { expires: '2026-12-05' }),
      desired('new@acme.example', { expires: '2026-12-05' }),
    ];
    const g = group([admin, quinn]);
    const messageAt = (now: string, mode: 'authoritative' | 'additive', email: string) =>
      computeFindings(
        config({ members, policy: { expiry_warning_days: 14, members: mode } }),
        g,
        new Date(now),
        'plan',
      ).find((f) => f.kind === 'expiring' && f.email === email)?.message;

    // 9 days and 12 hours are left at noon on 2026-11-26: 9 whole days.
    expect(messageAt('2026-11-26T12:00:00Z', 'authoritative', 'quinn@acme.example')).toBe(
      'quinn@acme.example expires at the end of 2026-12-05 (in 9 days); after that the plan removes it',
    );
    expect(messageAt('2026-12-04T00:00:00Z', 'authoritative', 'quinn@acme.example')).toContain(
      '(in 2 days)',
    );
    expect(messageAt('2026-12-04T23:59:59Z', 'authoritative', 'quinn@acme.example')).toContain(
      '(in 1 day)',
    );
    expect(messageAt('2026-12-05T00:00:01Z', 'authoritative', 'quinn@acme.example')).toContain(
      '(today)',
    );
    expect(messageAt('2026-12-05T23:59:59Z', 'authoritative', 'quinn@acme.example')).toContain(
      '(today)',
    );

    // Additive mode never removes: the member stops being declared and is reported as such.
    const additive = messageAt('2026-11-26T12:00:00Z', 'additive', 'quinn@acme.example') ?? '';
    expect(additive).not.toContain('the plan removes');
    expect(additive).toContain('additive mode never removes members');
    expect(additive).toContain('undeclared');
    // Not a member yet: nothing to remove in either mode.
    for (const mode of ['authoritative', 'additive'] as const) {
      expect(messageAt('2026-11-26T12:00:00Z', mode, 'new@acme.example')).toMatch(
        /no longer counts as declared: the plan will not add it$/,
      );
    }
  });

  it('cap_below_use: a new cap below use (plan); any cap below use (audit)', () => {
    const dave = live('dave', 'dave@acme.example', {
      caps: { api_requests_daily: 5000 },
      used: { api_requests_daily: 2500 },
    });
    const eve = live('eve', 'eve@acme.example', {
      caps: { api_requests_daily: 100 },
      used: { api_requests_daily: 150 },
    });
    const fay = live('fay', 'fay@acme.example', {
      caps: { intelligence_searches_monthly: 10 },
      used: { intelligence_searches_monthly: 11 },
    });
    const members = [
      rootEntry,
      desired('dave@acme.example', { quotas: { api_requests_daily: 2000 } }),
      desired('eve@acme.example', { quotas: { api_requests_daily: 100 } }),
      desired('fay@acme.example'),
    ];
    const c = config({
      members,
      serviceAccounts: [desiredAccount('acme', 'soar', { api_requests_daily: 10 })],
    });
    const g = group([admin, dave, eve, fay], {
      serviceAccounts: [
        liveAccount('acme', 'soar', { api_requests_daily: 50 }, { api_requests_daily: 40 }),
      ],
    });
    const plan = computeFindings(c, g, NOW, 'plan');
    // Service accounts have no email, so they sort first within a kind.
    expect(plan.map(brief)).toEqual(['cap_below_use acme_soar', 'cap_below_use dave@acme.example']);
    expect(plan[1]?.message).toMatch(/2000.*2500/);
    expect(
      computeFindings(c, g, NOW, 'audit')
        .filter((f) => f.kind === 'cap_below_use')
        .map(brief),
    ).toEqual([
      'cap_below_use acme_soar',
      'cap_below_use dave@acme.example',
      'cap_below_use eve@acme.example',
      'cap_below_use fay@acme.example',
    ]);
  });

  it('pending_invitation: declared or not, with who and when; ignored emails never reported', () => {
    const c = config({
      members: [rootEntry, desired('gina@acme.example')],
      ignore: ['*@contractor.example'],
    });
    const g = group([admin], {
      pending: [
        invitation('gina@acme.example', 'alice', 1_795_000_000),
        invitation('kim@acme.example', null),
        invitation('tom@contractor.example'),
      ],
    });
    const findings = computeFindings(c, g, NOW, 'plan');
    expect(findings.map(brief)).toEqual([
      'pending_invitation gina@acme.example',
      'pending_invitation kim@acme.example',
    ]);
    expect(findings[0]).toMatchObject({
      actor: 'alice',
      // One timestamp format in JSON: whole seconds, `Z` (as audit writes it).
      date: new Date(1_795_000_000_000).toISOString().replace('.000Z', 'Z'),
    });
    expect(findings[1]?.actor).toBeUndefined();
  });

  it('never reports an ignored member in any mode', () => {
    const trent = live('trent', 'trent@contractor.example', {
      roles: ['admin'],
      has2fa: false,
      caps: { api_requests_daily: 1 },
      used: { api_requests_daily: 9 },
    });
    const c = config({
      members: [rootEntry],
      ignore: ['*@CONTRACTOR.example'],
      policy: { require_2fa: true, members: 'additive' },
    });
    for (const mode of ['plan', 'audit'] as const) {
      expect(computeFindings(c, group([admin, trent]), NOW, mode)).toEqual([]);
    }
  });
});
