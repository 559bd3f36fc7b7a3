import { describe, expect, it } from 'vitest';
import { checkSafety } from '../../src/plan/check-safety.js';
import { diffGroup } from '../../src/plan/diff-group.js';
import { computePlan as buildPlan } from '../../src/engine/compute-plan.js';
import { blockingFailures } from '../../src/plan/safe-plan.js';
import type { GroupConfig } from '../../src/model/group-config.js';
import type { LiveGroup } from '../../src/model/live-group.js';
import { NOW, config, desired, group, live } from './build.js';

function safety(c: GroupConfig, g: LiveGroup) {
  return checkSafety(diffGroup(c, g, NOW), c, g, NOW);
}
const codes = (c: GroupConfig, g: LiveGroup) => safety(c, g).map((f) => f.code);

const root = live('root', 'root@acme.example', { roles: ['admin'] });
const ciso = live('ciso', 'ciso@acme.example', { roles: ['admin'] });
const plain = (n: number) =>
  Array.from({ length: n }, (_, i) => live(`u${i}`, `u${i}@acme.example`));
const declared = (n: number) => Array.from({ length: n }, (_, i) => desired(`u${i}@acme.example`));

describe('checkSafety', () => {
  it('passes a harmless plan', () => {
    expect(
      safety(
        config({
          members: [
            desired('root@acme.example', { roles: ['admin'] }),
            desired('new@acme.example'),
          ],
        }),
        group([root]),
      ),
    ).toEqual([]);
  });

  it('REMOVES_CALLER when the plan removes the caller', () => {
    const c = config({ members: [desired('ciso@acme.example', { roles: ['admin'] })] });
    expect(codes(c, group([root, ciso], { caller: 'root' }))).toEqual(['REMOVES_CALLER']);
  });

  it('DEMOTES_CALLER when the plan revokes the caller admin role (not for other roles)', () => {
    const c = config({
      members: [desired('root@acme.example'), desired('ciso@acme.example', { roles: ['admin'] })],
    });
    expect(codes(c, group([root, ciso], { caller: 'root' }))).toEqual(['DEMOTES_CALLER']);
    const ps = live('root', 'root@acme.example', { roles: ['admin', 'private_scanning'] });
    const c2 = config({ members: [desired('root@acme.example', { roles: ['admin'] })] });
    expect(codes(c2, group([ps], { caller: 'root' }))).toEqual([]);
  });

  it('TOUCHES_PROTECTED for any revoke or removal of a protected member', () => {
    const cisoPs = live('ciso', 'ciso@acme.example', { roles: ['admin', 'private_scanning'] });
    const c = config({
      members: [
        desired('root@acme.example', { roles: ['admin'] }),
        desired('ciso@acme.example', { roles: ['admin'] }),
      ],
      policy: { protected: ['CISO@acme.example'] },
    });
    expect(codes(c, group([root, cisoPs]))).toEqual(['TOUCHES_PROTECTED']);
    const gone = config({
      members: [desired('root@acme.example', { roles: ['admin'] })],
      policy: { protected: ['ciso@acme.example'] },
    });
    expect(codes(gone, group([root, ciso]))).toEqual(['TOUCHES_PROTECTED']);
  });

  it('BELOW_MIN_ADMINS when the plan lowers the administrators below min_admins', () => {
    const members = [
      desired('root@acme.example', { roles: ['admin'] }),
      desired('ciso@acme.example'),
    ];
    expect(codes(config({ members, policy: { min_admins: 2 } }), group([root, ciso]))).toEqual([
      'BELOW_MIN_ADMINS',
    ]);
    expect(codes(config({ members, policy: { min_admins: 1 } }), group([root, ciso]))).toEqual([]);
  });

  it('BELOW_MIN_ADMINS counts grants to existing members but not to new ones', () => {
    const bob = live('bob', 'bob@acme.example');
    const swap = [
      desired('root@acme.example', { roles: ['admin'] }),
      desired('ciso@acme.example'),
      desired('bob@acme.example', { roles: ['admin'] }),
    ];
    expect(
      codes(config({ members: swap, policy: { min_admins: 2 } }), group([root, ciso, bob])),
    ).toEqual([]);
    const toNew = [
      desired('root@acme.example', { roles: ['admin'] }),
      desired('ciso@acme.example'),
      desired('new@acme.example', { roles: ['admin'] }),
    ];
    expect(
      codes(config({ members: toNew, policy: { min_admins: 2 } }), group([root, ciso])),
    ).toEqual(['BELOW_MIN_ADMINS']);
  });

  it('no BELOW_MIN_ADMINS when the group is already below the floor and the plan does not lower it', () => {
    const c = config({
      members: [
        desired('root@acme.example', { roles: ['admin'] }),
        desired('new@acme.example', { roles: ['admin'] }),
      ],
      policy: { min_admins: 3 },
    });
    expect(codes(c, group([root]))).toEqual([]);
  });

  it('BELOW_MIN_ADMINS when a group already below the floor swaps an administrator', () => {
    // 2 administrators, 3 required: granting bob then revoking ciso would go 3 → 2.
    const bob = live('bob', 'bob@acme.example');
    const c = config({
      members: [
        desired('root@acme.example', { roles: ['admin'] }),
        desired('ciso@acme.example'),
        desired('bob@acme.example', { roles: ['admin'] }),
        desired('new@acme.example', { roles: ['admin'] }),
      ],
      policy: { min_admins: 3 },
    });
    expect(codes(c, group([root, ciso, bob]))).toEqual(['BELOW_MIN_ADMINS']);
    // Without the revocation the plan only raises the count: no failure.
    const keep = config({
      members: c.members.map((m) =>
        m.key === 'ciso@acme.example' ? { ...m, roles: ['admin'] } : m,
      ),
      policy: { min_admins: 3 },
    });
    expect(codes(keep, group([root, ciso, bob]))).toEqual([]);
  });

  it('TOO_MANY_REMOVALS above max_removal_ratio, from 4 current members up, and only it is overridable', () => {
    const keepRoot = desired('root@acme.example', { roles: ['admin'] });
    // 8 members, ratio 0.25: 2 removals pass, 3 do not.
    expect(
      codes(config({ members: [keepRoot, ...declared(5)] }), group([root, ...plain(7)])),
    ).toEqual([]);
    const failures = safety(
      config({ members: [keepRoot, ...declared(4)] }),
      group([root, ...plain(7)]),
    );
    expect(failures).toEqual([
      { code: 'TOO_MANY_REMOVALS', message: expect.stringContaining('3 of 8'), overridable: true },
    ]);
    // 3 members: no ratio check even when removing 2 of them.
    expect(codes(config({ members: [keepRoot] }), group([root, ...plain(2)]))).toEqual([]);
    // 4 members: removing 2 (50%) fails.
    expect(
      codes(config({ members: [keepRoot, ...declared(1)] }), group([root, ...plain(3)])),
    ).toEqual(['TOO_MANY_REMOVALS']);
  });

  it('counts the ratio over members that are not ignored', () => {
    const contractors = Array.from({ length: 10 }, (_, i) =>
      live(`c${i}`, `c${i}@contractor.example`),
    );
    const c = config({
      members: [desired('root@acme.example', { roles: ['admin'] }), ...declared(1)],
      ignore: ['*@contractor.example'],
    });
    expect(codes(c, group([root, ...plain(3), ...contractors]))).toEqual(['TOO_MANY_REMOVALS']);
  });

  it('ID_MISMATCH (not overridable) when a pinned id disagrees with the live group', () => {
    const alice = live('alice', 'alice.smith@acme.example');
    const c = config({
      members: [
        desired('root@acme.example', { roles: ['admin'] }),
        desired('alice@acme.example', { id: 'alice' }),
      ],
    });
    const failures = safety(c, group([root, alice]));
    expect(failures).toEqual([
      {
        code: 'ID_MISMATCH',
        message: expect.stringContaining('alice.smith@acme.example'),
        overridable: false,
      },
    ]);
    const taken = live('al', 'alice@acme.example');
    expect(codes(c, group([root, taken]))).toEqual(['ID_MISMATCH']);
  });

  it('blockingFailures: --force passes TOO_MANY_REMOVALS only', () => {
    const c = config({ members: [desired('ciso@acme.example', { roles: ['admin'] })] });
    const plan = buildPlan(c, group([root, ciso, ...plain(6)], { caller: 'root' }), { now: NOW });
    expect(plan.safety.map((f) => f.code).sort()).toEqual(['REMOVES_CALLER', 'TOO_MANY_REMOVALS']);
    expect(blockingFailures(plan, { force: true }).map((f) => f.code)).toEqual(['REMOVES_CALLER']);
    expect(blockingFailures(plan, { force: false })).toHaveLength(2);
  });
});
