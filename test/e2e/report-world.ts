/**
 * The report e2e world: the report seed (test/fixtures/reports/seed.yaml) served by the real
 * emulator, and the real CLI run in-process against it as root (an administrator); with the
 * helpers the audit, usage and export tests share (a run with its requests counted, a JSON
 * report, a refusal, a diff's changed lines).
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect } from 'vitest';
import {
  NOW,
  readStats,
  routesBetween,
  startTestEmulator,
  type RunningEmulator,
} from '../support/emulator.js';
import { fixturePath, makeTempDir } from '../support/paths.js';
import { runCli, type CliRun, type RunCliOptions } from '../support/run-cli.js';

/** The report fixtures directory. */
export const REPORT_FIXTURES = fixturePath('reports');

/** The group of the report seed. */
const REPORT_GROUP = 'lab_team';

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

/** A CLI run and the requests it made: per route, and in all. */
interface MeasuredRun extends CliRun {
  routes: Record<string, number>;
  requests: number;
}

/** `runReportCli`, counting the requests the run made (the emulator's stats before and after). */
async function runMeasured(
  emulator: RunningEmulator,
  argv: string[],
  options: RunCliOptions = {},
): Promise<MeasuredRun> {
  const before = await readStats(emulator);
  const run = await runReportCli(emulator, argv, options);
  const after = await readStats(emulator);
  const requests = after.requests - before.requests;
  return { ...run, routes: routesBetween(before, after), requests };
}

/**
 * Runs `argv` with `--format json` (requests counted); expects nothing on stderr and exit `code`.
 * The report is stdout parsed.
 */
async function runReportJson<T>(
  emulator: RunningEmulator,
  argv: string[],
  options: RunCliOptions = {},
  code = 0,
): Promise<MeasuredRun & { report: T }> {
  const run = await runMeasured(emulator, [...argv, '--format', 'json'], options);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(code);
  const report: T = JSON.parse(run.stdout);
  return { ...run, report };
}

/** The report emulator of one test file, and the CLI runs against it. */
export interface ReportWorld {
  /** The emulator (started before the file's first test). */
  emulator(): RunningEmulator;
  /** `runReportCli` against it. */
  run(argv: string[], options?: RunCliOptions): Promise<CliRun>;
  /** `runMeasured` against it. */
  measured(argv: string[], options?: RunCliOptions): Promise<MeasuredRun>;
  /** `runReportJson` against it. */
  json<T>(
    argv: string[],
    options?: RunCliOptions,
    code?: number,
  ): Promise<MeasuredRun & { report: T }>;
}

/** Starts the report emulator before the calling file's tests (one for the whole file). */
export function useReportWorld(): ReportWorld {
  let started: RunningEmulator | undefined;
  beforeAll(async () => {
    started = await startReportEmulator();
  });
  const emulator = (): RunningEmulator => {
    if (started === undefined) throw new Error('the report emulator starts in beforeAll');
    return started;
  };
  return {
    emulator,
    run: (argv, options) => runReportCli(emulator(), argv, options),
    measured: (argv, options) => runMeasured(emulator(), argv, options),
    json: (argv, options, code) => runReportJson(emulator(), argv, options, code),
  };
}

/** Expects `run` refused with `code`: exit 1 and one line on stderr, `gti-sync: CODE: …`. */
export function expectRefusal(run: CliRun, code: string): void {
  expect(run.code).toBe(1);
  expect(run.stderr).toMatch(new RegExp(`^gti-sync: ${code}: [^\\n]*\\n$`));
}

/** `usage KIND --group lab_team` and then `rest`. */
export function usageArgs(kind: 'api' | 'features', ...rest: string[]): string[] {
  return ['usage', kind, '--group', REPORT_GROUP, ...rest];
}

/** The lines a unified diff removes or adds (`-…`, `+…`; not its `---` and `+++` headers). */
export function changedLines(patch: string): string[] {
  return patch.split('\n').filter((line) => /^[+-](?![+-])/.test(line));
}

/** A fresh empty directory (no group.yaml), removed automatically. */
export function emptyDir(): string {
  return makeTempDir('gti-sync-report-');
}

/** A fresh directory holding the report group file as `group.yaml`, edited by `edit` if given. */
export function dirWithGroupFile(edit?: (text: string) => string): string {
  const dir = emptyDir();
  const source = join(REPORT_FIXTURES, 'group.yaml');
  if (edit === undefined) copyFileSync(source, join(dir, 'group.yaml'));
  else writeFileSync(join(dir, 'group.yaml'), edit(readFileSync(source, 'utf8')));
  return dir;
}

/** An edit of the report group file for `dirWithGroupFile`: dan is ignored. */
export function IGNORE_DAN(text: string): string {
  return text.replace('members:\n', 'ignore: ["dan@*"]\nmembers:\n');
}
