import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { computePlan as buildPlan } from '../../src/engine/compute-plan.js';
import { sha256Hex } from '../../src/engine/hash-text.js';
import { canonicalJson } from '../../src/plan/canonical-json.js';
import { fingerprintFacts, fingerprintPlan } from '../../src/plan/fingerprint-plan.js';
import type { LiveGroup } from '../../src/model/live-group.js';
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

const c = config({
  members: [
    desired('root@acme.example', { roles: ['admin'] }),
    desired('bob@acme.example', { quotas: { api_requests_daily: 5000 } }),
    desired('new@acme.example'),
  ],
  serviceAccounts: [desiredAccount('acme', 'soar', { api_requests_daily: 100 })],
});

function liveState(): LiveGroup {
  return group(
    [
      live('root', 'root@acme.example', { roles: ['admin'], used: { api_requests_daily: 5 } }),
      live('bob', 'bob@acme.example', {
        caps: { api_requests_daily: 1000 },
        used: { api_requests_daily: 10 },
      }),
      live('oscar', 'oscar@acme.example'),
    ],
    {
      serviceAccounts: [liveAccount('acme', 'soar', { api_requests_daily: 50 })],
      pending: [invitation('gina@acme.example')],
    },
  );
}
const fingerprintOf = (g: LiveGroup) => buildPlan(c, g, { now: NOW }).fingerprint;

describe('fingerprintPlan (through buildPlan)', () => {
  const base = fingerprintOf(liveState());

  it('is sha256: and 64 hex digits, and stable for the same inputs', () => {
    expect(base).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(fingerprintOf(liveState())).toBe(base);
  });

  it('is byte-identical to the fingerprints saved before node:crypto hashed them', () => {
    // Computed by the hand-written SHA-256 it replaced: saved plans stay valid across the change.
    expect(base).toBe('sha256:af940e8cf93266a45b016d0249cd65be8e43f7957065265463894b2ca069d088');
  });

  it('hashes the canonical text in pieces, as if it were one string', () => {
    const pieces = ['{"a":', '"é', '✓"}'];
    expect(sha256Hex((write) => pieces.forEach(write))).toBe(
      createHash('sha256').update(pieces.join('')).digest('hex'),
    );
  });

  it('is the sha256 of the canonical JSON of fingerprintFacts', () => {
    const g = liveState();
    const plan = buildPlan(c, g, { now: NOW });
    const text = canonicalJson(fingerprintFacts(plan.operations, g));
    expect(text).toContain('"pending_invitations":["gina@acme.example"]');
    expect(fingerprintPlan(plan.operations, g, sha256Hex)).toBe(
      `sha256:${createHash('sha256').update(text).digest('hex')}`,
    );
    expect(plan.fingerprint).toBe(fingerprintPlan(plan.operations, g, sha256Hex));
  });

  it('does not depend on the order the API listed members in, or on key order', () => {
    const g = liveState();
    g.members.reverse();
    g.members[0] = JSON.parse(JSON.stringify(g.members[0])) as LiveGroup['members'][number];
    expect(fingerprintOf(g)).toBe(base);
  });

  it('does not depend on whose key made the plan (plan and apply may use different admins)', () => {
    const g = liveState();
    g.caller = { id: 'bob', email: 'bob@acme.example' };
    expect(fingerprintOf(g)).toBe(base);
  });

  it('ignores usage numbers, 2FA, names, logins and the time of day', () => {
    const g = liveState();
    for (const m of g.members) {
      m.used = { api_requests_daily: 999 };
      m.has2fa = !m.has2fa;
      m.firstName = 'Other';
      m.lastLogin = 1;
    }
    g.serviceAccounts[0]!.used = { api_requests_daily: 7 };
    expect(fingerprintOf(g)).toBe(base);
    expect(buildPlan(c, liveState(), { now: new Date('2026-11-26T23:59:00Z') }).fingerprint).toBe(
      base,
    );
  });

  it('changes when a fact the operations depend on changes', () => {
    const mutations: Array<(g: LiveGroup) => void> = [
      (g) => (g.members[0]!.caps = { api_requests_daily: 1 }),
      (g) => (g.members.find((m) => m.id === 'oscar')!.roles = ['private_scanning']),
      (g) => (g.members.find((m) => m.id === 'oscar')!.id = 'oscar2'),
      (g) => (g.members.find((m) => m.id === 'oscar')!.key = 'oscar@other.example'),
      (g) => (g.serviceAccounts[0]!.caps = {}),
      // A role granted to a service account by hand: apply sends the whole live set.
      (g) => (g.serviceAccounts[0]!.apiRoles = ['USER_ROLE_FILE_UPLOADS']),
      (g) => (g.pendingInvitations = []),
      (g) => g.members.push(live('zoe', 'zoe@acme.example')),
    ];
    const seen = new Set([base]);
    for (const mutate of mutations) {
      const g = liveState();
      mutate(g);
      const fp = fingerprintOf(g);
      expect(seen.has(fp)).toBe(false);
      seen.add(fp);
    }
  });

  it('depends on the line an operation cites, not on how the file path was written', () => {
    const at = (file: string, shift: number) => ({
      ...c,
      file,
      members: c.members.map((m) => ({
        ...m,
        source: { ...m.source, file, line: m.source.line + shift },
      })),
      serviceAccounts: c.serviceAccounts.map((a) => ({ ...a, source: { ...a.source, file } })),
    });
    const elsewhere = buildPlan(at('./teams/../group.yaml', 0), liveState(), { now: NOW });
    expect(elsewhere.operations[0]?.source?.file).toBe('./teams/../group.yaml');
    expect(elsewhere.fingerprint).toBe(base);
    expect(buildPlan(at('group.yaml', 1), liveState(), { now: NOW }).fingerprint).not.toBe(base);
  });

  it('changes when the operations change (a different file)', () => {
    const other = config({
      members: [...c.members.slice(0, 2)],
      serviceAccounts: c.serviceAccounts,
    });
    expect(buildPlan(other, liveState(), { now: NOW }).fingerprint).not.toBe(base);
  });
});
