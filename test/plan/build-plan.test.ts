import { describe, expect, it } from 'vitest';
import { computePlan as buildPlan } from '../../src/engine/compute-plan.js';
import { OPERATION_KINDS } from '../../src/model/operation.js';
import type { LiveMember } from '../../src/model/live-group.js';
import type { DesiredMember } from '../../src/model/group-config.js';
import { NOW, config, desired, desiredAccount, group, live, liveAccount } from './build.js';

describe('buildPlan', () => {
  it('composes operations, findings, safety, fingerprint and a summary of all six kinds', () => {
    const c = config({
      members: [
        desired('root@acme.example', { roles: ['admin'] }),
        desired('carol@acme.example', { roles: ['private_scanning'] }),
        desired('mal@acme.example'),
        desired('new@acme.example'),
      ],
      serviceAccounts: [desiredAccount('acme', 'feed', { api_requests_daily: 5 })],
      policy: { require_2fa: true },
    });
    const g = group([
      live('root', 'root@acme.example', { roles: ['admin'] }),
      live('carol', 'carol@acme.example', { has2fa: false }),
      live('mal', 'mal@acme.example', { roles: ['admin'] }),
      live('oscar', 'oscar@acme.example'),
      live('pete', 'pete@acme.example'),
      live('ray', 'ray@acme.example'),
      live('sue', 'sue@acme.example'),
      live('tim', 'tim@acme.example'),
    ]);
    g.members.push(live('uma', 'uma@acme.example'));
    const plan = buildPlan(c, g, { now: NOW });
    expect(plan.version).toBe(1);
    expect(plan.group).toBe('acme');
    expect(Object.keys(plan.summary)).toEqual([...OPERATION_KINDS]);
    expect(plan.summary).toEqual({
      add_member: 1,
      create_service_account: 1,
      grant_role: 1,
      set_quota: 1,
      revoke_role: 1,
      remove_member: 6,
    });
    expect(plan.findings.map((f) => f.kind)).toEqual(['no_2fa']);
    expect(plan.safety.map((f) => f.code)).toEqual(['TOO_MANY_REMOVALS']);
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
  });

  it('an empty summary when the group matches the file', () => {
    const plan = buildPlan(
      config({ members: [desired('root@acme.example', { roles: ['admin'] })] }),
      group([live('root', 'root@acme.example', { roles: ['admin'] })]),
      { now: NOW },
    );
    expect(plan.operations).toEqual([]);
    expect(Object.values(plan.summary)).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('plans 100,000 members with Maps (the result has the expected size)', () => {
    const n = 100_000;
    const members: DesiredMember[] = [];
    const liveMembers: LiveMember[] = [];
    for (let i = 0; i < n; i++) {
      const email = `user${String(i).padStart(6, '0')}@big.example`;
      // Every 10th declared member is new; every 10th live one is undeclared; every 5th gets a new cap.
      if (i % 10 !== 9)
        members.push(
          desired(email, { line: i + 1, quotas: i % 5 === 0 ? { api_requests_daily: 2000 } : {} }),
        );
      if (i % 10 !== 0)
        liveMembers.push(
          live(`u${i}`, email, {
            caps: { api_requests_daily: 1000 },
            roles: i === 1 ? ['admin'] : [],
          }),
        );
    }
    const c = config({
      members,
      defaults: { api_requests_daily: 1000 },
      serviceAccounts: [desiredAccount('acme', 'feed')],
    });
    const g = group(liveMembers, { caller: 'u1', serviceAccounts: [liveAccount('acme', 'feed')] });
    const plan = buildPlan(c, g, { now: NOW });
    expect(plan.summary.add_member).toBe(n / 10);
    expect(plan.summary.remove_member).toBe(n / 10);
    expect(plan.summary.set_quota).toBe(n / 10 + n / 10); // every new member's cap + every i%10==5 existing one
    expect(plan.summary.revoke_role).toBe(1); // u1 is the only live admin, declared plain
    expect(plan.operations).toHaveLength(
      plan.summary.add_member +
        plan.summary.set_quota +
        plan.summary.revoke_role +
        plan.summary.remove_member,
    );
  });
});
