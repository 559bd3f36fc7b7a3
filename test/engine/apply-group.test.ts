/**
 * The engine's plan and apply decisions, called directly (no CLI) against the emulator over HTTP:
 * the safety refusal, the saved-plan binding, approval; asserted by code and by the writes made.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { executePlan } from '../../src/apply/execute-plan.js';
import type { GtiApi } from '../../src/api/types.js';
import type { ConnectionSettings } from '../../src/engine/client.js';
import { applyGroup } from '../../src/engine/apply-group.js';
import type { ApplyGroupOptions } from '../../src/engine/apply-group.js';
import { approvePlan } from '../../src/engine/approve-plan.js';
import { planGroup } from '../../src/engine/plan-group.js';
import type { Plan } from '../../src/model/plan.js';
import { SafePlan } from '../../src/plan/safe-plan.js';
import { CALLER_KEY, FIXTURES, NOW, startCliWorld } from '../e2e/apply-world.js';
import type { CliWorld } from '../e2e/apply-world.js';
import { expectCode } from '../support/expect-code.js';
import { makeTempDir } from '../support/paths.js';

function connection(world: CliWorld): ConnectionSettings {
  return {
    env: { GTI_APIKEY: CALLER_KEY, GTI_API_URL: world.server.url },
    cwd: FIXTURES,
    concurrency: 4,
    timeoutMs: 10_000,
  };
}

function applyOptions(world: CliWorld, extra: Partial<ApplyGroupOptions> = {}): ApplyGroupOptions {
  return {
    file: 'group.yaml',
    now: new Date(NOW),
    connection: connection(world),
    force: false,
    approval: { autoApprove: true, canAsk: false, ask: () => Promise.resolve(null) },
    ...extra,
  };
}

describe('planGroup', () => {
  it('returns an unsafe plan with its UNSAFE_PLAN refusal instead of throwing', async () => {
    const world = await startCliWorld();
    const result = await planGroup({ ...applyOptions(world), file: 'removes-caller.yaml' });
    expect(result.plan.safety.map((f) => f.code)).toContain('REMOVES_CALLER');
    expect(result.refusal?.code).toBe('UNSAFE_PLAN');
    expect(await world.writes()).toEqual({});
  });

  it('--force lifts the refusal of the removal ratio only', async () => {
    const world = await startCliWorld();
    const options = { ...applyOptions(world), file: 'too-many-removals.yaml' };
    expect((await planGroup(options)).refusal?.code).toBe('UNSAFE_PLAN');
    expect((await planGroup({ ...options, force: true })).refusal).toBeUndefined();
  });

  it('hands the warnings over before any request (EXPIRING is a finding, not a warning)', async () => {
    const world = await startCliWorld();
    const dir = makeTempDir('gti-sync-engine-');
    const text = await readFile(join(FIXTURES, 'group.yaml'), 'utf8');
    await writeFile(
      join(dir, 'group.yaml'),
      text
        .replace(
          '  - email: m5@acme.example',
          '  - email: m5@acme.example\n    expires: 2026-11-01',
        )
        .replace(
          '  - email: m3@acme.example',
          '  - email: m3@acme.example\n    expires: 2026-11-30',
        ),
    );
    const seen: string[] = [];
    const result = await planGroup({
      ...applyOptions(world),
      connection: { ...connection(world), cwd: dir },
      onWarnings: (warnings) => seen.push(...warnings.map((w) => w.code)),
    });
    expect(seen).toEqual(['EXPIRED']);
    expect(result.plan.findings.map((f) => f.kind)).toContain('expiring');
  });
});

describe('applyGroup', () => {
  it('refuses an unsafe plan (UNSAFE_PLAN) after showing it, and writes nothing', async () => {
    const world = await startCliWorld();
    const shown: Plan[] = [];
    await expectCode(
      applyGroup(
        applyOptions(world, { file: 'touches-protected.yaml', onPlan: (p) => shown.push(p) }),
      ),
      'UNSAFE_PLAN',
    );
    expect(shown).toHaveLength(1);
    expect(await world.writes()).toEqual({});
  });

  it('refuses a stale saved plan (STALE_PLAN) and a broken one (BAD_PLAN_FILE) before writing', async () => {
    const world = await startCliWorld();
    const dir = makeTempDir('gti-sync-engine-');
    const { plan } = await planGroup({ ...applyOptions(world) });
    const saved = join(dir, 'plan.json');
    await writeFile(saved, JSON.stringify({ ...plan, fingerprint: `sha256:${'0'.repeat(64)}` }));
    await expectCode(applyGroup(applyOptions(world, { savedPlan: saved })), 'STALE_PLAN');
    const otherVersion = join(dir, 'v9.json');
    await writeFile(otherVersion, JSON.stringify({ ...plan, version: 9 }));
    await expectCode(applyGroup(applyOptions(world, { savedPlan: otherVersion })), 'BAD_PLAN_FILE');
    const badShape = join(dir, 'shape.json');
    await writeFile(badShape, JSON.stringify({ ...plan, operations: [{ kind: 'drop_table' }] }));
    await expectCode(applyGroup(applyOptions(world, { savedPlan: badShape })), 'BAD_PLAN_FILE');
    expect(await world.writes()).toEqual({});
  });

  it('applies a current saved plan, and then there is nothing left to do', async () => {
    const world = await startCliWorld();
    const { plan } = await planGroup({ ...applyOptions(world) });
    const saved = join(makeTempDir('gti-sync-engine-'), 'plan.json');
    await writeFile(saved, JSON.stringify(plan));
    const result = await applyGroup(applyOptions(world, { savedPlan: saved }));
    expect(result.executed).toBe(true);
    expect(result.failure).toBeUndefined();
    expect(result.report.done.length).toBeGreaterThan(0);
    const again = await applyGroup(applyOptions(world));
    expect(again.executed).toBe(false);
  });

  it('needs an approval: APPROVAL_REQUIRED without a terminal, APPLY_CANCELLED without "yes"', async () => {
    const world = await startCliWorld();
    const ask = (answer: string | null) => () => Promise.resolve(answer);
    await expectCode(
      applyGroup(
        applyOptions(world, { approval: { autoApprove: false, canAsk: false, ask: ask('yes') } }),
      ),
      'APPROVAL_REQUIRED',
    );
    await expectCode(
      applyGroup(
        applyOptions(world, { approval: { autoApprove: false, canAsk: true, ask: ask('no') } }),
      ),
      'APPLY_CANCELLED',
    );
    expect(await world.writes()).toEqual({});
  });
});

describe('SafePlan', () => {
  it('only the safety check makes one: executePlan takes no unchecked plan', async () => {
    const world = await startCliWorld();
    const { plan } = await planGroup({ ...applyOptions(world), file: 'removes-caller.yaml' });
    expect(SafePlan.check(plan, { force: true }).safe).toBeUndefined();
    expect(() => approvePlan(plan, { force: true })).toThrow(/REMOVES_CALLER/);
    const api = {} as GtiApi;
    // Type-level guarantees: a Plan is not a SafePlan, and nothing outside check constructs one.
    const attempts = [
      // @ts-expect-error executePlan accepts only a SafePlan.
      () => executePlan(api, plan),
      // @ts-expect-error SafePlan's constructor is private.
      () => new SafePlan(plan),
      // @ts-expect-error a look-alike object is not a SafePlan (its #plan field is private).
      () => executePlan(api, { plan }),
    ];
    expect(attempts).toHaveLength(3);
  });
});
