import { describe, expect, it } from 'vitest';
import { applyCost } from '../../bench/formulas.js';
import type { Operation } from '../../src/model/operation.js';
import type { Plan } from '../../src/model/plan.js';
import { op } from '../apply/harness.js';

/** A plan of just these operations (applyCost reads nothing else). */
function planOf(operations: Operation[]): Plan {
  return { operations } as unknown as Plan;
}

const live = { adminIds: new Set(['a1', 'a2', 'a3']), serviceAccounts: 3, minAdmins: 2 };

describe('the bench formula for apply', () => {
  it('counts role entries of members and of service accounts apart (their own endpoints)', () => {
    const plan = planOf([
      op('grant_role', { email: 'm@x.example', user_id: 'm1', role: 'private_scanning' }),
      op('grant_role', { user_id: 'g_new', service_account: 'new', role: 'private_scanning' }),
      op('create_service_account', { user_id: 'g_new', service_account: 'new' }),
    ]);
    // 1 creation + 1 Manage Roles + 1 service-account update; no re-read (the account is new).
    expect(applyCost(plan, 10, new Set(), 8, live).requests).toBe(3);
  });

  it('adds the re-reads: administrators before a demotion, service accounts before their roles', () => {
    const plan = planOf([
      op('revoke_role', { email: 'a@x.example', user_id: 'a3', role: 'admin' }),
      op('grant_role', { user_id: 'g_old', service_account: 'old', role: 'private_scanning' }),
    ]);
    // 1 Manage Roles + 1 service-account update + 1 administrators page + 1 accounts page.
    expect(applyCost(plan, 10, new Set(), 8, live).requests).toBe(4);
    expect(applyCost(plan, 10, new Set(), 8, { ...live, minAdmins: 0 }).requests).toBe(3);
  });

  it('re-reads the administrators before removing one, not before removing a plain member', () => {
    const admin = planOf([op('remove_member', { email: 'a@x.example', user_id: 'a1' })]);
    const plain = planOf([op('remove_member', { email: 'p@x.example', user_id: 'p1' })]);
    expect(applyCost(admin, 10, new Set(), 8, live).requests).toBe(2);
    expect(applyCost(plain, 10, new Set(), 8, live).requests).toBe(1);
  });
});
