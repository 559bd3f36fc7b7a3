/**
 * The in-process half of `npm run bench` (design §7): plan and apply of a generated group against
 * an emulator in the same process, through the library (no CLI start, no second process), so the
 * client's own cost shows apart from process starts. Gives, for each, wall time, requests (the
 * emulator's count), the request formula and the round-trip floor with their ratios, the naive
 * one-request-per-change cost, and the pure diff time for 100,000 members.
 */
import { createGtiClient } from '../src/api/client.js';
import { approvePlan } from '../src/engine/approve-plan.js';
import { computePlan } from '../src/engine/compute-plan.js';
import { executeApproved } from '../src/engine/execute-approved.js';
import { parseGroupFile } from '../src/config/parse-group-file.js';
import { startEmulator } from '../src/emulator/index.js';
import { readLiveGroup } from '../src/live/read-live-group.js';
import {
  BENCH_GROUP,
  BENCH_KEY,
  BENCH_NOW,
  generateWorld,
  groupFileOf,
  modelOf,
  seedOf,
} from './generate-world.js';
import { applyCost, planCost, type Cost } from './formulas.js';

/** What one measured phase gave. */
interface Measured {
  wallMs: number;
  requests: number;
}

/** The report: lines to print and the targets, each met or missed. */
export interface BenchReport {
  lines: string[];
  checks: [string, boolean][];
}

/** Runs plan and apply of a `members` group in-process with `latencyMs` per request. */
export async function benchInProcess(members: number, latencyMs: number): Promise<BenchReport> {
  const now = new Date(BENCH_NOW);
  const world = generateWorld(members);
  const parsed = parseGroupFile(groupFileOf(world), 'bench.yaml', { now });
  if (parsed.config === null)
    throw new Error(`the generated file is invalid: ${JSON.stringify(parsed.problems[0])}`);
  const config = parsed.config;
  const server = await startEmulator({ seed: seedOf(world), latencyMs });
  const api = createGtiClient({ baseUrl: server.url, apiKey: BENCH_KEY, concurrency: 8 });
  const requests = async (): Promise<number> => {
    const stats = (await (await fetch(`${server.origin}/_emulator/stats`)).json()) as {
      requests: number;
    };
    return stats.requests;
  };
  const measure = async <T>(work: () => Promise<T>): Promise<{ value: T } & Measured> => {
    const before = await requests();
    const start = performance.now();
    const value = await work();
    const wallMs = performance.now() - start;
    return { value, wallMs, requests: (await requests()) - before };
  };

  // As `plan` does: every declared email, so the log is read as far as invitations need.
  const lookFor = new Set(config.members.map((m) => m.key));
  try {
    const planned = await measure(async () => {
      // As `plan` does: no 2FA listing unless the policy requires 2FA.
      const twoFactor = config.policy.require_2fa;
      const live = await readLiveGroup(api, BENCH_GROUP, { now, lookFor, twoFactor });
      return { live, plan: computePlan(config, live, { now }) };
    });
    const { live } = planned.value;
    const plan = { ...planned, value: planned.value.plan };
    const apply = await measure(() =>
      executeApproved(api, approvePlan(plan.value, { force: false }), { config, live }),
    );
    const twoFactor = config.policy.require_2fa;
    const again = computePlan(
      config,
      await readLiveGroup(api, BENCH_GROUP, { now, lookFor, twoFactor }),
      { now },
    );

    const invited = new Set(world.people.filter((p) => !p.hasAccount).map((p) => p.email));
    // The activity log of the generated group is empty: one page.
    const planFormula = planCost(
      live.members.length,
      world.adminCount,
      live.serviceAccounts.length,
      1,
    );
    const applyFormula = applyCost(plan.value, live.members.length, invited, 8, {
      adminIds: new Set(live.members.filter((m) => m.roles.includes('admin')).map((m) => m.id)),
      serviceAccounts: live.serviceAccounts.length,
      minAdmins: config.policy.min_admins,
    });
    const counts = plan.value.summary;
    const out: string[] = [];
    out.push(
      `in-process (the library and the emulator in one process, no CLI start): ${members} members (${world.adminCount} administrators, ${live.serviceAccounts.length} service accounts), latency ${latencyMs} ms`,
      `changes: ${counts.add_member} add_member, ${counts.create_service_account} create_service_account, ` +
        `${counts.grant_role} grant_role, ${counts.set_quota} set_quota, ${counts.revoke_role} revoke_role, ` +
        `${counts.remove_member} remove_member (${plan.value.operations.length} operations)`,
      '',
      row([
        '',
        'wall',
        'requests',
        'formula',
        'floor (round trips)',
        'wall / floor',
        'requests / formula',
      ]),
      row(phaseCells('plan', plan, planFormula, latencyMs)),
      row(phaseCells('apply', apply, applyFormula, latencyMs)),
      row([
        'naive apply',
        `~${seconds(plan.value.operations.length * latencyMs)}`,
        String(plan.value.operations.length),
        '1 per change',
        `${plan.value.operations.length} (${seconds(plan.value.operations.length * latencyMs)})`,
        '',
        '',
      ]),
      '',
      `apply report: ${apply.value.done.length} done, ${apply.value.failed.length} failed, ` +
        `${apply.value.skipped.length} skipped, ${apply.value.invited.length} invited; ` +
        `plan afterwards: ${again.operations.length} operations`,
    );

    const big = modelOf(generateWorld(100_000));
    const diffTimes: number[] = [];
    let bigOperations = 0;
    for (let round = 0; round < 3; round++) {
      const start = performance.now();
      bigOperations = computePlan(big.config, big.live, { now }).operations.length;
      diffTimes.push(performance.now() - start);
    }
    const diffMs = Math.min(...diffTimes);
    out.push(
      `pure diff of 100000 members (no HTTP): ${diffTimes.map((ms) => `${ms.toFixed(0)} ms`).join(', ')} ` +
        `(first run includes JIT warm-up), ${bigOperations} operations`,
    );

    const planRatio = plan.wallMs / Math.max(1, planFormula.roundTrips * latencyMs);
    const applyRatio = apply.wallMs / Math.max(1, applyFormula.roundTrips * latencyMs);
    const checks: [string, boolean][] = [
      [
        `plan within 1.3x of its floor (${planRatio.toFixed(2)}x)`,
        latencyMs === 0 || planRatio <= 1.3,
      ],
      [
        `apply within 1.5x of its floor (${applyRatio.toFixed(2)}x)`,
        latencyMs === 0 || applyRatio <= 1.5,
      ],
      [
        `plan requests at the formula (${plan.requests}/${planFormula.requests})`,
        plan.requests <= planFormula.requests,
      ],
      [
        `apply requests at the formula (${apply.requests}/${applyFormula.requests})`,
        apply.requests <= applyFormula.requests,
      ],
      [
        `apply converged (a second plan has ${again.operations.length} operations, ${again.findings.filter((f) => f.kind === 'pending_invitation').length} pending invitations)`,
        again.operations.length === 0 && apply.value.failed.length === 0,
      ],
      [`pure diff of 100000 members under 1 s`, diffMs < 1000],
    ];
    return { lines: out, checks };
  } finally {
    await api.close();
    await server.close();
  }
}

function phaseCells(name: string, measured: Measured, cost: Cost, latencyMs: number): string[] {
  const floorMs = cost.roundTrips * latencyMs;
  return [
    name,
    seconds(measured.wallMs),
    String(measured.requests),
    String(cost.requests),
    `${cost.roundTrips} (${seconds(floorMs)})`,
    floorMs > 0 ? `${(measured.wallMs / floorMs).toFixed(2)}x` : '-',
    `${(measured.requests / cost.requests).toFixed(2)}`,
  ];
}

const WIDTHS = [12, 9, 9, 13, 20, 13, 18];

function row(cells: string[]): string {
  return cells
    .map((cell, i) => (i === 0 ? cell.padEnd(WIDTHS[i] ?? 10) : cell.padStart(WIDTHS[i] ?? 10)))
    .join(' ')
    .trimEnd();
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
