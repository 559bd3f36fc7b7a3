import { describe, expect, it } from 'vitest';
import { createHttpError } from '../../src/api/errors.js';
import { executePlan } from '../../src/apply/execute-plan.js';
import { approved } from '../support/approved.js';
import type { ApplyProgress } from '../../src/model/apply-report.js';
import {
  ADMIN_ROLE,
  adminsOf,
  baseSeed,
  member,
  membersOf,
  ops,
  planOf,
  recordCalls,
  startHarness,
  withEndpoint21,
} from './harness.js';

const FLOOR_OF_2 = {
  reason:
    'held back: it would leave fewer than 2 administrators (policy min_admins) given the administrators there are now',
  reason_code: 'admin_floor',
  code: 'BELOW_MIN_ADMINS',
};

describe('executePlan against the emulator', () => {
  it('makes every kind of change with the exact sequence of writes, in the order of design §4', async () => {
    const harness = await startHarness(baseSeed());
    const { api, calls } = recordCalls(withEndpoint21(harness.api, new Map()));
    // Deliberately out of order: the executor orders the work itself.
    const plan = planOf([
      ops.remove('m3'),
      ops.revoke('ada', 'admin'),
      ops.add('newbie@acme.example'),
      ops.add('nobody@acme.example'),
      ops.createSa('sa_two'),
      ops.grant(null, 'private_scanning', 'newbie@acme.example'),
      ops.cap(null, 1000, 'api_requests_daily', 'newbie@acme.example'),
      ops.cap(null, 1000, 'api_requests_daily', 'nobody@acme.example'),
      ops.grant('m1', 'admin'),
      ops.cap('m2', 500),
      ops.cap('m2', 50, 'intelligence_searches_monthly'),
      ops.saCap('sa_two', 2000),
      ops.saCap('sa_one', 3000),
      ops.remove('m4'),
    ]);
    const progress: ApplyProgress[] = [];
    const report = await executePlan(api, approved(plan), {
      onProgress: (event) => progress.push(event),
    });

    expect(calls.slice(0, 6)).toEqual([
      { method: 'addGroupUsers', args: [['newbie@acme.example', 'nobody@acme.example']] },
      { method: 'createServiceAccounts', args: [['sa_two']] },
      { method: 'listGroupUsers', args: [{ attributes: ['email'] }] },
      {
        method: 'manageRoles',
        args: [
          [
            { id: 'm1', add_roles: [ADMIN_ROLE] },
            {
              id: 'newbie',
              add_roles: ['USER_ROLE_PRIVATE_SCANNING'],
              quota_limits: { api_requests_daily: { allowed: 1000 } },
            },
            { id: 'm2', quota_limits: { api_requests_daily: { allowed: 500 } } },
            { id: 'ada', remove_roles: [ADMIN_ROLE] },
          ],
        ],
      },
      // Service accounts' caps go through endpoint 21 (revision 2), never Manage Roles; a cap
      // alone sends no roles (and needs no read of the live sets).
      {
        method: 'manageServiceAccounts',
        args: [
          [
            { id: 'acme_sa_two', quota_limits: { api_requests_daily: { allowed: 2000 } } },
            { id: 'acme_sa_one', quota_limits: { api_requests_daily: { allowed: 3000 } } },
          ],
        ],
      },
      { method: 'patchUserQuotas', args: ['m2', { intelligence_searches_monthly: 50 }] },
    ]);
    // Removals go out in parallel: their order among themselves is not fixed.
    expect(
      calls
        .slice(6)
        .map((c) => `${c.method} ${String(c.args[0])}`)
        .sort(),
    ).toEqual(['removeGroupUser m3', 'removeGroupUser m4']);

    expect(report.failed).toEqual([]);
    expect(report.invited).toEqual(['nobody@acme.example']);
    expect(report.skipped).toEqual([
      {
        ...ops.cap(null, 1000, 'api_requests_daily', 'nobody@acme.example'),
        reason: 'nobody@acme.example was invited, not yet a member',
        reason_code: 'invited',
      },
    ]);
    expect(report.done).toHaveLength(12);
    // Done operations carry the ids learned on the way, in the plan's order.
    expect(report.done.find((o) => o.kind === 'add_member')?.user_id).toBe('newbie');
    expect(report.done.map((o) => o.kind)[0]).toBe('remove_member');

    const state = await harness.state();
    const members = membersOf(state);
    expect(adminsOf(state)).toEqual(['boss', 'm1']);
    expect(members.get('newbie')?.roles).toEqual(['USER_ROLE_PRIVATE_SCANNING']);
    expect(members.get('newbie')?.quotas?.['api_requests_daily']?.allowed).toBe(1000);
    expect(members.get('m2')?.quotas?.['api_requests_daily']?.allowed).toBe(500);
    expect(members.get('m2')?.quotas?.['intelligence_searches_monthly']?.allowed).toBe(50);
    expect(members.has('m3') || members.has('m4')).toBe(false);
    expect((state.service_accounts ?? []).map((sa) => sa.name).sort()).toEqual([
      'sa_one',
      'sa_two',
    ]);
    expect(state.invitations?.map((i) => i.email)).toContain('nobody@acme.example');

    // Requests at the formula: ⌈a/40⌉ + ⌈N'/40⌉ + ⌈r/40⌉ + d (+ one PATCH for the other quota).
    expect((await harness.stats()).by_route).toEqual({
      'POST /groups/{gid}/relationships/users': 1,
      'POST /groups/{gid}/relationships/service_accounts': 1,
      'GET /groups/{gid}/users': 1,
      'PATCH /groups/{gid}/relationships/users': 1,
      'PATCH /users/{uid}': 1,
      'DELETE /groups/{gid}/relationships/users/{uid}': 2,
    });
    expect(progress.map((p) => p.step)).toEqual([
      'add_members',
      'create_service_accounts',
      'read_members',
      'manage_roles',
      'manage_service_accounts',
      'patch_quotas',
      'remove_members',
      'remove_members',
    ]);
    expect(progress.at(-1)).toEqual({ step: 'remove_members', completed: 2, total: 2 });
  });

  it('adds 40 emails a request (85 adds → 3 POSTs) and reads the members only when new ones need ids', async () => {
    const accounts = Array.from({ length: 85 }, (_, i) => ({
      id: `n${i}`,
      email: `n${i}@acme.example`,
    }));
    const harness = await startHarness(baseSeed(accounts));
    const plan = planOf(accounts.map((a) => ops.add(a.email)));
    const report = await executePlan(harness.api, approved(plan));
    expect(report.done).toHaveLength(85);
    expect((await harness.stats()).by_route).toEqual({
      'POST /groups/{gid}/relationships/users': 3,
    });
    expect(membersOf(await harness.state()).size).toBe(7 + 85);
  });

  it('gives 85 new members their caps with one re-read and ⌈85/40⌉ Manage Roles requests', async () => {
    const accounts = Array.from({ length: 85 }, (_, i) => ({
      id: `n${i}`,
      email: `n${i}@acme.example`,
    }));
    const harness = await startHarness(baseSeed(accounts));
    const plan = planOf([
      ...accounts.map((a) => ops.add(a.email)),
      ...accounts.map((a) => ops.cap(null, 700, 'api_requests_daily', a.email)),
    ]);
    const report = await executePlan(harness.api, approved(plan));
    expect(report.failed).toEqual([]);
    expect(report.done).toHaveLength(170);
    // N' = 7 + 85 = 92 members → 3 pages.
    expect((await harness.stats()).by_route).toEqual({
      'POST /groups/{gid}/relationships/users': 3,
      'GET /groups/{gid}/users': 3,
      'PATCH /groups/{gid}/relationships/users': 3,
    });
    const members = membersOf(await harness.state());
    expect(
      accounts.every((a) => members.get(a.id)?.quotas?.['api_requests_daily']?.allowed === 700),
    ).toBe(true);
  });

  it('splits a batch rejected for one bad item (a user of another group), fails it and adds the rest', async () => {
    const accounts = Array.from({ length: 6 }, (_, i) => ({
      id: `n${i}`,
      email: `n${i}@acme.example`,
    }));
    const harness = await startHarness(baseSeed(accounts));
    const { api, calls } = recordCalls(harness.api);
    const emails = accounts.map((a) => a.email);
    emails.splice(3, 0, 'zed@other.example');
    const plan = planOf([
      ...emails.map((email) => ops.add(email)),
      ops.grant(null, 'private_scanning', 'zed@other.example'),
    ]);
    const report = await executePlan(api, approved(plan));

    expect(calls.map((c) => c.args[0])).toEqual([
      emails,
      ['zed@other.example'],
      emails.filter((e) => !e.startsWith('zed')),
    ]);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]).toMatchObject({
      kind: 'add_member',
      email: 'zed@other.example',
      error: { code: 'API_AlreadyExistsError' },
    });
    expect(report.done).toHaveLength(6);
    expect(report.skipped).toEqual([
      {
        ...ops.grant(null, 'private_scanning', 'zed@other.example'),
        reason: 'adding zed@other.example failed (API_AlreadyExistsError)',
        reason_code: 'dependency',
      },
    ]);
    const state = await harness.state();
    expect(membersOf(state).size).toBe(7 + 6);
    expect(state.users?.find((u) => u.id === 'zed')?.group).toBe('other');
  });

  it('skips the caps of a service account whose creation failed, saying so', async () => {
    const harness = await startHarness(baseSeed());
    const { api } = recordCalls(harness.api, {
      beforeWrite: (call) => {
        if (call.method !== 'createServiceAccounts') return;
        throw createHttpError({
          method: 'POST',
          path: '/groups/acme/relationships/service_accounts',
          status: 400,
          apiCode: 'InvalidArgumentError',
          apiMessage: 'Invalid name sa_two',
        });
      },
    });
    const report = await executePlan(
      api,
      approved(planOf([ops.createSa('sa_two'), ops.saCap('sa_two', 5)])),
    );
    expect(report.failed.map((o) => o.error.code)).toEqual(['API_InvalidArgumentError']);
    expect(report.skipped).toEqual([
      {
        ...ops.saCap('sa_two', 5),
        reason: 'creating service account sa_two failed (API_InvalidArgumentError)',
        reason_code: 'dependency',
      },
    ]);
  });

  it('isolates a bad Manage Roles entry (not a member) and applies the rest', async () => {
    const harness = await startHarness(baseSeed());
    const plan = planOf([ops.cap('m1', 10), ops.cap('ghost', 20), ops.cap('m2', 30)]);
    const report = await executePlan(harness.api, approved(plan));
    expect(report.failed).toMatchObject([
      { user_id: 'ghost', error: { code: 'API_InvalidArgumentError' } },
    ]);
    expect(report.done.map((o) => o.user_id)).toEqual(['m1', 'm2']);
    expect((await harness.stats()).by_route).toEqual({
      'PATCH /groups/{gid}/relationships/users': 3,
    });
    const members = membersOf(await harness.state());
    expect(members.get('m1')?.quotas?.['api_requests_daily']?.allowed).toBe(10);
    expect(members.get('m2')?.quotas?.['api_requests_daily']?.allowed).toBe(30);
  });

  it('counts a removal of a non-member (404) and an existing service account (409) as done', async () => {
    const harness = await startHarness(baseSeed());
    const plan = planOf([ops.createSa('sa_one'), ops.remove('newbie'), ops.remove('m5')]);
    const report = await executePlan(harness.api, approved(plan));
    expect(report.failed).toEqual([]);
    expect(report.done).toHaveLength(3);
    expect(membersOf(await harness.state()).has('m5')).toBe(false);
  });

  it('grants before it revokes, so the administrators never drop below min_admins', async () => {
    const harness = await startHarness(baseSeed());
    const counts: number[] = [];
    const h = harness;
    const { api } = recordCalls(harness.api, {
      afterWrite: async () => {
        counts.push(adminsOf(await h.state()).length);
      },
    });
    // Revocations listed first; one entry a request makes every intermediate state visible.
    const plan = planOf([
      ops.revoke('ada', 'admin'),
      ops.revoke('boss', 'admin'),
      ops.grant('m1', 'admin'),
      ops.grant('m2', 'admin'),
    ]);
    const report = await executePlan(api, approved(plan), {
      batchSize: 1,
      adminFloor: { adminIds: ['ada', 'boss'], minAdmins: 2 },
    });
    expect(report.failed).toEqual([]);
    expect(counts).toEqual([3, 4, 3, 2]);
    expect(Math.min(...counts)).toBeGreaterThanOrEqual(2);
    expect(adminsOf(await harness.state())).toEqual(['m1', 'm2']);
  });

  it('holds back a revocation that a failed grant would let break the floor', async () => {
    const harness = await startHarness(baseSeed());
    const plan = planOf([
      ops.grant('ghost', 'admin'),
      ops.revoke('ada', 'admin'),
      ops.remove('m1'),
    ]);
    const report = await executePlan(harness.api, approved(plan), {
      batchSize: 1,
      adminFloor: { adminIds: ['ada', 'boss'], minAdmins: 2 },
    });
    expect(report.failed.map((o) => o.user_id)).toEqual(['ghost']);
    expect(report.skipped).toEqual([{ ...ops.revoke('ada', 'admin'), ...FLOOR_OF_2 }]);
    expect(report.done).toEqual([ops.remove('m1')]);
    expect(adminsOf(await harness.state())).toEqual(['ada', 'boss']);
  });

  it('re-reads the administrators before revoking one: a concurrent change cannot break the floor', async () => {
    const harness = await startHarness(baseSeed());
    // The plan was made when m1 was an administrator too; another apply has since revoked it.
    const plan = planOf([ops.revoke('ada', 'admin')]);
    const report = await executePlan(harness.api, approved(plan), {
      adminFloor: { adminIds: ['ada', 'boss', 'm1'], minAdmins: 2 },
    });
    expect(report.skipped).toEqual([{ ...ops.revoke('ada', 'admin'), ...FLOOR_OF_2 }]);
    expect(adminsOf(await harness.state())).toEqual(['ada', 'boss']);
    // ⌈2/40⌉ = 1 read of the administrators, no write.
    expect((await harness.stats()).requests).toBe(1);
  });

  it('never removes an administrator below the floor either', async () => {
    const harness = await startHarness(baseSeed());
    const plan = planOf([ops.remove('ada')]);
    const report = await executePlan(harness.api, approved(plan), {
      adminFloor: { adminIds: ['ada', 'boss'], minAdmins: 2 },
    });
    expect(report.skipped).toEqual([{ ...ops.remove('ada'), ...FLOOR_OF_2 }]);
    // One request: the administrators re-read right before the removal; no write.
    expect((await harness.stats()).requests).toBe(1);
  });

  it('stops at QUOTA_EXCEEDED: reports what was done and skips the rest', async () => {
    // Three requests a minute: the adds, the creation and the re-read pass; Manage Roles is refused.
    const harness = await startHarness(baseSeed(), { rateLimit: 3 });
    const plan = planOf([
      ops.add('newbie@acme.example'),
      ops.createSa('sa_two'),
      ops.cap(null, 5, 'api_requests_daily', 'newbie@acme.example'),
      ops.cap('m1', 5),
      ops.remove('m3'),
    ]);
    const report = await executePlan(harness.api, approved(plan));
    expect(report.done.map((o) => o.kind)).toEqual(['add_member', 'create_service_account']);
    expect(report.failed.map((o) => o.error.code)).toEqual(['QUOTA_EXCEEDED', 'QUOTA_EXCEEDED']);
    expect(report.skipped).toEqual([
      {
        ...ops.remove('m3'),
        reason: 'not tried: the run stopped on QUOTA_EXCEEDED',
        reason_code: 'stopped',
      },
    ]);
    expect(membersOf(await harness.state()).has('m3')).toBe(true);
  });

  it('keeps going past failed requests, and a second run of the plan converges', async () => {
    const harness = await startHarness(baseSeed());
    let writes = 0;
    const { api } = recordCalls(harness.api, {
      beforeWrite: () => {
        writes += 1;
        // The connection "dies" after the second write: every later write fails.
        if (writes > 2) throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
      },
    });
    const plan = planOf([
      ops.add('newbie@acme.example'),
      ops.cap(null, 5, 'api_requests_daily', 'newbie@acme.example'),
      ops.grant('m1', 'private_scanning'),
      ops.cap('m2', 5, 'intelligence_downloads_monthly'),
      ops.remove('m3'),
      ops.remove('m4'),
    ]);
    const first = await executePlan(api, approved(plan));
    expect(first.done.map((o) => o.kind)).toEqual(['add_member', 'set_quota', 'grant_role']);
    expect(first.failed.map((o) => o.kind)).toEqual([
      'set_quota',
      'remove_member',
      'remove_member',
    ]);

    const second = await executePlan(harness.api, approved(plan));
    expect(second.failed).toEqual([]);
    const members = membersOf(await harness.state());
    expect(members.get('newbie')?.quotas?.['api_requests_daily']?.allowed).toBe(5);
    expect(members.get('m1')?.roles).toEqual(['USER_ROLE_PRIVATE_SCANNING']);
    expect(members.get('m2')?.quotas?.['intelligence_downloads_monthly']?.allowed).toBe(5);
    expect(members.has('m3') || members.has('m4')).toBe(false);
  });

  it('sends removals in parallel up to the concurrency limit', async () => {
    const extra = Array.from({ length: 20 }, (_, i) => member(`r${i}`));
    const harness = await startHarness(baseSeed(extra));
    let inFlight = 0;
    let peak = 0;
    const { api } = recordCalls(harness.api, {
      beforeWrite: () => {
        inFlight += 1;
        peak = Math.max(peak, inFlight);
      },
      afterWrite: async () => {
        inFlight -= 1;
      },
    });
    const report = await executePlan(api, approved(planOf(extra.map((u) => ops.remove(u.id)))), {
      concurrency: 4,
    });
    expect(report.done).toHaveLength(20);
    expect(peak).toBe(4);
    expect((await harness.stats()).by_route).toEqual({
      'DELETE /groups/{gid}/relationships/users/{uid}': 20,
    });
  });
});
