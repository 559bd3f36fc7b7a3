/**
 * `npm run bench [-- --members 2000 --latency-ms 20 --runs 5 --skip-in-process]` (design §7): plan
 * (`--groups N`: many groups in one run instead, bench/groups.ts; members default 200, runs 3)
 * and apply of a generated group as users run them: the emulator in its own process
 * (`gti-sync emulator --latency-ms L`, 127.0.0.1 only) and each command as another
 * (`node bin/gti-sync.js plan FILE`). Prints, for each, the median wall time over the runs, the
 * requests (the emulator's count), the request formula and round-trip floor of design §7, the
 * ratio, and the ratio after subtracting one measured `--version` start (what any command pays
 * before its first request). Then the same in one process through the library (in-process.ts).
 * Exits 1 when a target is missed.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Plan } from '../src/model/plan.js';
import { applyCost, planCost, type Cost } from './formulas.js';
import {
  BENCH_KEY,
  BENCH_MIN_ADMINS,
  BENCH_NOW,
  generateWorld,
  groupFileOf,
  seedOf,
} from './generate-world.js';
import { benchInProcess } from './in-process.js';
import { median, runCli, startEmulatorProcess, type CliRun } from './processes.js';

const CONCURRENCY = 8;

/** The medians of one phase over the runs. */
interface Phase {
  wallMs: number;
  /** CPU time of the CLI process (user and system): what a busy machine does not inflate much. */
  cpuMs: number;
  requests: number;
}

/** Whether the numbers a run takes are usable. */
function validRun(members: number, latencyMs: number, runs: number): boolean {
  return (
    Number.isInteger(members) &&
    members >= 10 &&
    latencyMs >= 0 &&
    Number.isInteger(runs) &&
    runs >= 1
  );
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      // Defaults depend on the mode (one group: 2000 members, 5 runs; --groups: 200 and 3).
      members: { type: 'string' },
      'latency-ms': { type: 'string', default: '20' },
      runs: { type: 'string' },
      'skip-in-process': { type: 'boolean', default: false },
      groups: { type: 'string' },
    },
  });
  if (values.groups !== undefined) {
    const { benchGroups } = await import('./groups.js');
    const groups = Number(values.groups);
    const options = {
      groups,
      members: Number(values.members ?? '200'),
      latencyMs: Number(values['latency-ms']),
      runs: Number(values.runs ?? '3'),
    };
    const { members, latencyMs, runs } = options;
    if (!Number.isInteger(groups) || groups < 1 || !validRun(members, latencyMs, runs)) {
      process.stderr.write(
        'usage: bench --groups N ≥ 1 [--members N ≥ 10] [--latency-ms MS ≥ 0] [--runs R ≥ 1]\n',
      );
      return 1;
    }
    return benchGroups(options);
  }
  const members = Number(values.members ?? '2000');
  const latencyMs = Number(values['latency-ms']);
  const runs = Number(values.runs ?? '5');
  if (!validRun(members, latencyMs, runs)) {
    process.stderr.write(
      'usage: bench [--members N ≥ 10] [--latency-ms MS ≥ 0] [--runs R ≥ 1] [--skip-in-process]\n',
    );
    return 1;
  }

  const world = generateWorld(members);
  const dir = mkdtempSync(join(tmpdir(), 'gti-sync-bench-'));
  const seedFile = join(dir, 'seed.json');
  const groupFile = join(dir, 'group.yaml');
  const planFile = join(dir, 'plan.json');
  writeFileSync(seedFile, JSON.stringify(seedOf(world)));
  writeFileSync(groupFile, groupFileOf(world));
  try {
    // What every command pays before its first request: node, the launcher, the version.
    const nodeStarts: number[] = [];
    const versionStarts: number[] = [];
    const versionCpu: number[] = [];
    for (let run = 0; run <= runs; run++) {
      const bare = await timeNode(['-e', '0']);
      const version = await runCli(['--version'], {});
      if (run === 0) continue; // a warm-up for the file system cache
      nodeStarts.push(bare);
      versionStarts.push(version.wallMs);
      versionCpu.push(version.cpuMs);
    }
    const startMs = median(versionStarts);
    const nodeMs = median(nodeStarts);
    const startCpuMs = median(versionCpu);

    const plans: Phase[] = [];
    const applies: Phase[] = [];
    let plan: Plan | undefined;
    let converged = false;
    for (let run = 0; run < runs; run++) {
      const emulator = await startEmulatorProcess(seedFile, latencyMs);
      try {
        const env = { GTI_API_URL: emulator.url, GTI_APIKEY: BENCH_KEY, GTI_SYNC_NOW: BENCH_NOW };
        const before = await emulator.requests();
        const planned = expectExit(await runCli(['plan', groupFile, '--out', planFile], env), 0);
        const afterPlan = await emulator.requests();
        const applied = expectExit(await runCli(['apply', groupFile, '--auto-approve'], env), 0);
        const afterApply = await emulator.requests();
        plans.push({ wallMs: planned.wallMs, cpuMs: planned.cpuMs, requests: afterPlan - before });
        applies.push({
          wallMs: applied.wallMs,
          cpuMs: applied.cpuMs,
          requests: afterApply - afterPlan,
        });
        plan ??= JSON.parse(readFileSync(planFile, 'utf8')) as Plan;
        if (run === runs - 1) {
          const again = await runCli(['plan', groupFile, '--detailed-exitcode'], env);
          converged = again.exitCode === 0;
        }
      } finally {
        await emulator.stop();
      }
    }
    if (plan === undefined) throw new Error('no plan was saved');

    const liveMembers = world.people.filter((p) => p.live !== null).length;
    const liveAccounts = world.accounts.filter((a) => a.liveCap !== null).length;
    const invited = new Set(world.people.filter((p) => !p.hasAccount).map((p) => p.email));
    // The activity log of the generated group is empty: one page.
    const planFormula = planCost(liveMembers, world.adminCount, liveAccounts, 1);
    const executed = applyCost(plan, liveMembers, invited, CONCURRENCY, {
      adminIds: new Set(
        world.people.filter((p) => p.live?.roles.includes('admin') === true).map((p) => p.id),
      ),
      serviceAccounts: liveAccounts,
      minAdmins: BENCH_MIN_ADMINS,
    });
    // `apply` plans again first, then executes.
    const applyFormula: Cost = {
      requests: planFormula.requests + executed.requests,
      roundTrips: planFormula.roundTrips + executed.roundTrips,
    };
    const planPhase = medianPhase(plans);
    const applyPhase = medianPhase(applies);
    const planRatio = ratio(planPhase.wallMs, planFormula, latencyMs);
    const planNet = ratio(planPhase.wallMs - startMs, planFormula, latencyMs);
    const applyNet = ratio(applyPhase.wallMs - startMs, applyFormula, latencyMs);

    const out: string[] = [
      `gti-sync bench, as users run it (the CLI and the emulator as separate processes): ` +
        `${members} members (${world.adminCount} administrators, ${liveAccounts} service accounts), ` +
        `latency ${latencyMs} ms, median of ${runs} run${runs === 1 ? '' : 's'}`,
      `start: \`gti-sync --version\` ${ms(startMs)} (CPU ${ms(startCpuMs)}), \`node -e 0\` ` +
        `${ms(nodeMs)} (${(startMs / nodeMs).toFixed(2)}x)`,
      `${plan.operations.length} operations`,
      '',
      row([
        '',
        'wall',
        'CLI CPU',
        'requests',
        'formula',
        'floor (round trips)',
        'wall / floor',
        '- start',
      ]),
      row(phaseCells('plan', planPhase, planFormula, latencyMs, startMs)),
      row(phaseCells('apply', applyPhase, applyFormula, latencyMs, startMs)),
      '(apply plans again before it executes: its formula and floor include the plan; CLI CPU is',
      " the command's own CPU time, user and system, which a busy machine inflates far less than wall)",
    ];
    const checks: [string, boolean][] = [
      [
        `--version within 2.5x of node -e 0 (${(startMs / nodeMs).toFixed(2)}x)`,
        startMs <= 2.5 * nodeMs,
      ],
      [
        `plan within 1.3x of its floor after one start (${planNet.toFixed(2)}x; ${planRatio.toFixed(2)}x with it)`,
        latencyMs === 0 || planNet <= 1.3,
      ],
      [
        `apply within 1.5x of its floor after one start (${applyNet.toFixed(2)}x)`,
        latencyMs === 0 || applyNet <= 1.5,
      ],
      [
        `plan requests at the formula (${planPhase.requests}/${planFormula.requests})`,
        planPhase.requests <= planFormula.requests,
      ],
      [
        `apply requests at the formula (${applyPhase.requests}/${applyFormula.requests})`,
        applyPhase.requests <= applyFormula.requests,
      ],
      [`apply converged (plan --detailed-exitcode exits 0 afterwards)`, converged],
    ];
    out.push('', ...checks.map(([label, ok]) => `${ok ? 'OK    ' : 'MISSED'} ${label}`));
    process.stdout.write(`${out.join('\n')}\n`);
    if (values['skip-in-process']) return checks.every(([, ok]) => ok) ? 0 : 1;

    const inProcess = await benchInProcess(members, latencyMs);
    const lines = [
      '',
      ...inProcess.lines,
      '',
      ...inProcess.checks.map(([label, ok]) => `${ok ? 'OK    ' : 'MISSED'} ${label}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    return [...checks, ...inProcess.checks].every(([, ok]) => ok) ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function expectExit(run: CliRun, code: number): CliRun {
  if (run.exitCode !== code)
    throw new Error(`gti-sync exited with ${run.exitCode}, not ${code}:\n${run.stderr}`);
  return run;
}

async function timeNode(args: string[]): Promise<number> {
  const { spawn } = await import('node:child_process');
  const { once } = await import('node:events');
  const start = performance.now();
  await once(spawn(process.execPath, args, { stdio: 'ignore' }), 'exit');
  return performance.now() - start;
}

function medianPhase(phases: readonly Phase[]): Phase {
  return {
    wallMs: median(phases.map((p) => p.wallMs)),
    cpuMs: median(phases.map((p) => p.cpuMs)),
    requests: Math.max(...phases.map((p) => p.requests)),
  };
}

function ratio(wallMs: number, cost: Cost, latencyMs: number): number {
  return wallMs / Math.max(1, cost.roundTrips * latencyMs);
}

function phaseCells(
  name: string,
  phase: Phase,
  cost: Cost,
  latencyMs: number,
  startMs: number,
): string[] {
  const floorMs = cost.roundTrips * latencyMs;
  return [
    name,
    seconds(phase.wallMs),
    seconds(phase.cpuMs),
    String(phase.requests),
    String(cost.requests),
    `${cost.roundTrips} (${seconds(floorMs)})`,
    floorMs > 0 ? `${(phase.wallMs / floorMs).toFixed(2)}x` : '-',
    floorMs > 0 ? `${((phase.wallMs - startMs) / floorMs).toFixed(2)}x` : '-',
  ];
}

const WIDTHS = [12, 9, 9, 9, 9, 20, 13, 10];

function row(cells: string[]): string {
  return cells
    .map((cell, i) => (i === 0 ? cell.padEnd(WIDTHS[i] ?? 10) : cell.padStart(WIDTHS[i] ?? 10)))
    .join(' ')
    .trimEnd();
}

function seconds(value: number): string {
  return `${(value / 1000).toFixed(2)} s`;
}

function ms(value: number): string {
  return `${value.toFixed(0)} ms`;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) process.exitCode = await main();
