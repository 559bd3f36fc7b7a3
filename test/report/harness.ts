/**
 * Shared by the report e2e tests: the report seed (test/fixtures/reports/seed.yaml) served by the
 * real emulator over HTTP on 127.0.0.1, and the real CLI driven in-process against it.
 */
import { mkdtempSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSeedFile, startEmulator } from '../../src/emulator/index.js';
import type { EmulatorStats, RunningEmulator } from '../../src/emulator/index.js';
import { main } from '../../src/cli/main.js';

/** The report fixtures directory. */
export const FIXTURES = fileURLToPath(new URL('../fixtures/reports/', import.meta.url));

/** The instant the seed freezes, given to the CLI as GTI_SYNC_NOW. */
export const NOW = '2026-11-26T12:00:00Z';

/** Starts the emulator on the report seed. */
export async function startReportEmulator(): Promise<RunningEmulator> {
  return startEmulator({ seed: await loadSeedFile(join(FIXTURES, 'seed.yaml')) });
}

/** What one CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI in-process as `key` (default root, an administrator) against `emulator`. */
export async function runCli(
  emulator: RunningEmulator,
  argv: string[],
  options: { cwd?: string; key?: string; env?: Record<string, string>; tty?: boolean } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {
      GTI_API_URL: emulator.url,
      GTI_APIKEY: options.key ?? 'key-root',
      GTI_SYNC_NOW: NOW,
      ...options.env,
    },
    cwd: options.cwd ?? emptyDir(),
    stdoutIsTTY: options.tty ?? false,
    stderrIsTTY: options.tty ?? false,
    stdinIsTTY: false,
  });
  return { code, stdout, stderr };
}

/** A fresh empty directory (no group.yaml). */
export function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), 'gti-sync-report-'));
}

/** A fresh directory holding the report group file as `group.yaml`. */
export function dirWithGroupFile(): string {
  const dir = emptyDir();
  copyFileSync(join(FIXTURES, 'group.yaml'), join(dir, 'group.yaml'));
  return dir;
}

/** The emulator's request counts now. */
export function statsOf(emulator: RunningEmulator): EmulatorStats {
  return emulator.emulator.stats();
}

/** Requests per route made between two stats snapshots (routes with none left out). */
export function routesBetween(before: EmulatorStats, after: EmulatorStats): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [route, count] of Object.entries(after.by_route)) {
    const delta = count - (before.by_route[route] ?? 0);
    if (delta > 0) out[route] = delta;
  }
  return out;
}
