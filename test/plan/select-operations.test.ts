import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/engine/compute-plan.js';
import type { SelectionRequest } from '../../src/model/plan.js';
import { validateSavedPlan } from '../../src/engine/validate-saved-plan.js';
import {
  leftOutCount,
  parseSelection,
  sameRequest,
  selectOperations,
  unknownTargets,
} from '../../src/plan/select-operations.js';
import { expectCode } from '../support/expect-code.js';
import { NOW, config, desired, desiredAccount, group, live } from './build.js';

const c = config({
  members: [
    desired('root@acme.example', { roles: ['admin'] }),
    desired('bob@acme.example', { quotas: { api_requests_daily: 5000 } }),
    desired('new@acme.example', { roles: ['private_scanning'], quotas: { api_requests_daily: 7 } }),
    desired('Kim@acme.example', { roles: ['admin'] }),
  ],
  serviceAccounts: [desiredAccount('acme', 'soar', { api_requests_daily: 100 })],
});
const l = group([
  live('root', 'root@acme.example', { roles: ['admin'] }),
  live('bob', 'bob@acme.example'),
  live('kim', 'kim@acme.example'),
  live('oscar', 'oscar@acme.example'),
]);
const whole = computePlan(c, l, { now: NOW });
const request = (r: Partial<SelectionRequest>): SelectionRequest => ({
  targets: [],
  only: [],
  no_removals: false,
  ...r,
});
const kinds = (ops: { kind: string; email: string | null; service_account: string | null }[]) =>
  ops.map((o) => `${o.kind} ${o.email ?? o.service_account}`);

describe('selectOperations', () => {
  it('the whole plan has every kind this test needs', () => {
    expect(kinds(whole.operations)).toEqual([
      'add_member new@acme.example',
      'create_service_account soar',
      'grant_role kim@acme.example',
      'grant_role new@acme.example',
      'set_quota soar',
      'set_quota bob@acme.example',
      'set_quota new@acme.example',
      'remove_member oscar@acme.example',
    ]);
    expect(whole.selection).toBeUndefined();
  });

  it('--target keeps the operations on that member, by email (any case), id, or SA name', () => {
    expect(
      kinds(
        selectOperations(whole.operations, request({ targets: ['KIM@acme.example'] })).operations,
      ),
    ).toEqual(['grant_role kim@acme.example']);
    expect(
      kinds(selectOperations(whole.operations, request({ targets: ['bob'] })).operations),
    ).toEqual(['set_quota bob@acme.example']);
    const sa = selectOperations(whole.operations, request({ targets: ['soar'] }));
    expect(kinds(sa.operations)).toEqual(['create_service_account soar', 'set_quota soar']);
    expect(leftOutCount(sa.selection)).toBe(6);
  });

  it('--only keeps kinds, and leaves out role/cap operations whose add is left out (counted)', () => {
    const r = selectOperations(whole.operations, request({ only: ['grant_role', 'set_quota'] }));
    expect(kinds(r.operations)).toEqual([
      'grant_role kim@acme.example',
      'set_quota bob@acme.example',
    ]);
    expect(r.selection.left_out).toEqual({
      add_member: 1,
      create_service_account: 1,
      grant_role: 1,
      set_quota: 2,
      revoke_role: 0,
      remove_member: 1,
    });
  });

  it('--no-removals drops remove_member only', () => {
    const r = selectOperations(whole.operations, request({ no_removals: true }));
    expect(r.operations).toHaveLength(7);
    expect(r.selection.left_out.remove_member).toBe(1);
    expect(leftOutCount(r.selection)).toBe(1);
  });
});

describe('a partial plan', () => {
  it('records its selection, validates against the plan schema, and has its own fingerprint', () => {
    const partial = computePlan(c, l, { now: NOW, selection: request({ no_removals: true }) });
    expect(partial.selection?.no_removals).toBe(true);
    expect(partial.summary.remove_member).toBe(0);
    expect(validateSavedPlan(JSON.parse(JSON.stringify(partial))).error).toBeUndefined();
    expect(partial.fingerprint).not.toBe(whole.fingerprint);
    // The selection's parameters are covered, not only the operations: --target on every member
    // touched keeps all operations, yet fingerprints differently from the whole plan.
    const all = computePlan(c, l, {
      now: NOW,
      selection: request({ targets: ['new@acme.example', 'soar', 'kim', 'bob', 'oscar'] }),
    });
    expect(all.operations).toEqual(whole.operations);
    expect(all.fingerprint).not.toBe(whole.fingerprint);
    // Same parameters in another order and case: the same fingerprint.
    const again = computePlan(c, l, {
      now: NOW,
      selection: request({ targets: ['OSCAR', 'bob', 'kim', 'soar', 'new@acme.example'] }),
    });
    expect(again.fingerprint).toBe(all.fingerprint);
  });

  it('an empty selection is the whole plan', () => {
    const p = computePlan(c, l, { now: NOW, selection: request({}) });
    expect(p.fingerprint).toBe(whole.fingerprint);
    expect(p.selection).toBeUndefined();
  });

  it('safety checks run on what remains: a removal left out no longer counts', () => {
    const strict = config({
      members: c.members,
      serviceAccounts: c.serviceAccounts,
      policy: { max_removal_ratio: 0.1 },
    });
    expect(computePlan(strict, l, { now: NOW }).safety.map((s) => s.code)).toContain(
      'TOO_MANY_REMOVALS',
    );
    const partial = computePlan(strict, l, { now: NOW, selection: request({ no_removals: true }) });
    expect(partial.safety.map((s) => s.code)).not.toContain('TOO_MANY_REMOVALS');
  });

  it('a target that names nothing is UNKNOWN_TARGET', async () => {
    expect(unknownTargets(['kim', 'nobody@acme.example', 'SOAR', 'acme_soar'], c, l)).toEqual([
      'nobody@acme.example',
    ]);
    await expectCode(
      () => computePlan(c, l, { now: NOW, selection: request({ targets: ['kin@acme.example'] }) }),
      'UNKNOWN_TARGET',
    );
  });
});

describe('parseSelection', () => {
  it('splits --only on commas, orders kinds, dedupes targets', () => {
    expect(
      parseSelection({
        targets: ['a', 'A', ' b '],
        only: ['set_quota,add_member', 'add_member'],
        noRemovals: true,
      }),
    ).toEqual({ targets: ['a', 'b'], only: ['add_member', 'set_quota'], no_removals: true });
  });

  it('an unknown kind is BAD_FLAG with a did-you-mean; an empty target is BAD_FLAG', async () => {
    const error = await expectCode(
      () => parseSelection({ targets: [], only: ['grant_roles'], noRemovals: false }),
      'BAD_FLAG',
    );
    expect(error.message).toContain('grant_role');
    await expectCode(
      () => parseSelection({ targets: [' '], only: [], noRemovals: false }),
      'BAD_FLAG',
    );
  });

  it('sameRequest ignores target case and order', () => {
    expect(sameRequest(request({ targets: ['A', 'b'] }), request({ targets: ['B', 'a'] }))).toBe(
      true,
    );
    expect(
      sameRequest(request({ targets: ['a'] }), request({ targets: ['a'], no_removals: true })),
    ).toBe(false);
  });
});
