/**
 * `npm run bench -- --groups 16 [--members 200 --latency-ms 20 --runs 3]` (issue 12 item 8): N
 * copies of the generated group (each its own group id, people, emails and administrator key) in
 * one emulator process; each group planned alone (`plan FILE`), then all in one run
 * (`plan DIR`, the defaults). Target: the run takes at most 1.5x the slowest group planned alone,
 * and reads exactly the sum of what they read alone. Prints a markdown table; exits 1 on a miss.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Seed } from '../src/emulator/index.js';
import {
  BENCH_GROUP,
  BENCH_KEY,
  BENCH_NOW,
  generateWorld,
  groupFileOf,
  seedOf,
} from './generate-world.js';
import { median, runCli, startEmulatorProcess } from './processes.js';

/** The id of the k-th copy of the bench group. */
function groupId(k: number): string {
  return `${BENCH_GROUP}-${k}`;
}

/** N copies of the world's seed, each in its own group with its own people and key. */
function seedOfGroups(base: Seed, groups: number): Seed {
  const copies = Array.from({ length: groups }, (_, k) => {
    const rename = (text: string): string =>
      text.replace('@bench.example', `@${groupId(k)}.example`);
    return {
      group: { ...base.groups?.[0], id: groupId(k), organization: `Bench ${k}` },
      users: (base.users ?? []).map((u) => ({
        ...u,
        id: `g${k}${u.id}`,
        email: rename(u.email),
        ...(u.apikey === undefined ? {} : { apikey: `${BENCH_KEY}-${k}` }),
        ...(u.group === undefined ? {} : { group: groupId(k) }),
      })),
      accounts: (base.service_accounts ?? []).map((a) => ({ ...a, group: groupId(k) })),
    };
  });
  return {
    ...base,
    groups: copies.map((c) => c.group),
    users: copies.flatMap((c) => c.users),
    service_accounts: copies.flatMap((c) => c.accounts),
  } as Seed;
}

/** Runs the multi-group bench; returns the exit code. */
export async function benchGroups(options: {
  groups: number;
  members: number;
  latencyMs: number;
  runs: number;
}): Promise<number> {
  const { groups, members, latencyMs, runs } = options;
  const world = generateWorld(members);
  const dir = mkdtempSync(join(tmpdir(), 'gti-sync-bench-groups-'));
  const seedFile = join(dir, 'seed.json');
  const groupsDir = join(dir, 'groups');
  mkdirSync(groupsDir);
  writeFileSync(seedFile, JSON.stringify(seedOfGroups(seedOf(world), groups)));
  const env: Record<string, string> = { GTI_SYNC_NOW: BENCH_NOW };
  const files: string[] = [];
  for (let k = 0; k < groups; k++) {
    const file = join(groupsDir, `${groupId(k)}.yaml`);
    const text = groupFileOf(world)
      .replace(`group: ${BENCH_GROUP}`, `group: ${groupId(k)}`)
      .replaceAll('@bench.example', `@${groupId(k)}.example`);
    writeFileSync(file, text);
    files.push(file);
    env[`GTI_APIKEY_BENCH_${k}`] = `${BENCH_KEY}-${k}`;
  }
  try {
    const alone: number[][] = files.map(() => []);
    const aloneRequests: number[] = files.map(() => 0);
    const together: number[] = [];
    let togetherRequests = 0;
    for (let run = 0; run < runs; run++) {
      const emulator = await startEmulatorProcess(seedFile, latencyMs);
      try {
        const runEnv = { ...env, GTI_API_URL: emulator.url };
        for (const [k, file] of files.entries()) {
          const before = await emulator.requests();
          const r = await runCli(['plan', file], { ...runEnv, GTI_APIKEY: `${BENCH_KEY}-${k}` });
          if (r.exitCode !== 0 && r.exitCode !== 2) throw new Error(`plan ${file}: ${r.stderr}`);
          alone[k]?.push(r.wallMs);
          aloneRequests[k] = (await emulator.requests()) - before;
        }
        const before = await emulator.requests();
        const r = await runCli(['plan', groupsDir], runEnv);
        if (r.exitCode !== 0) throw new Error(`plan DIR exited ${r.exitCode}: ${r.stderr}`);
        together.push(r.wallMs);
        togetherRequests = (await emulator.requests()) - before;
      } finally {
        await emulator.stop();
      }
    }
    const slowest = Math.max(...alone.map((times) => median(times)));
    const all = median(together);
    const sum = aloneRequests.reduce((a, b) => a + b, 0);
    const ratio = all / slowest;
    const ok = ratio <= 1.5 && togetherRequests === sum;
    process.stdout.write(
      [
        `## gti-sync bench: ${groups} groups of ${members} members, latency ${latencyMs} ms, median of ${runs} run(s)`,
        '',
        '| measure | value |',
        '| --- | --- |',
        `| slowest group planned alone | ${slowest.toFixed(0)} ms |`,
        `| all ${groups} groups in one run (plan DIR) | ${all.toFixed(0)} ms |`,
        `| ratio (target ≤ 1.5) | ${ratio.toFixed(2)} ${ratio <= 1.5 ? '✓' : '✗'} |`,
        `| requests: one run / sum alone | ${togetherRequests} / ${sum} ${togetherRequests === sum ? '✓' : '✗'} |`,
        '',
      ].join('\n'),
    );
    return ok ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
