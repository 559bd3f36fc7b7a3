/**
 * The report e2e world: the report seed (test/fixtures/reports/seed.yaml) served by the real
 * emulator, and the real CLI run in-process against it as root (an administrator).
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { NOW, startTestEmulator, type RunningEmulator } from '../support/emulator.js';
import { fixturePath, makeTempDir } from '../support/paths.js';
import { runCli, type CliRun, type RunCliOptions } from '../support/run-cli.js';

/** The report fixtures directory. */
export const REPORT_FIXTURES = fixturePath('reports');

/** Starts the emulator on the report seed (closed automatically). */
export function startReportEmulator(): Promise<RunningEmulator> {
  return startTestEmulator(join(REPORT_FIXTURES, 'seed.yaml'));
}

/**
 * Runs the real CLI against `emulator` as `key-root` with the frozen clock, in a fresh empty
 * directory unless `options.cwd` says otherwise.
 */
export function runReportCli(
  emulator: RunningEmulator,
  argv: string[],
  options: RunCliOptions = {},
): Promise<CliRun> {
  return runCli(argv, { api: emulator, key: 'key-root', now: NOW, cwd: emptyDir(), ...options });
}

/** A fresh empty directory (no group.yaml), removed automatically. */
export function emptyDir(): string {
  return makeTempDir('gti-sync-report-');
}

/** A fresh directory holding the report group file as `group.yaml`. */
export function dirWithGroupFile(): string {
  const dir = emptyDir();
  copyFileSync(join(REPORT_FIXTURES, 'group.yaml'), join(dir, 'group.yaml'));
  return dir;
}
