/**
 * The apply e2e world: a real emulator started from test/fixtures/apply/seed.yaml, the real CLI
 * in-process against it as boss in the fixtures directory, and a proxy that makes chosen writes
 * fail.
 */
import type { EmulatorOptions } from '../../src/emulator/index.js';
import {
  NOW,
  readState,
  readStats,
  startTestEmulator,
  writesIn,
  type EmulatorStats,
  type RunningEmulator,
  type Seed,
} from '../support/emulator.js';
import { startProxy, type CannedAnswer } from '../support/http-server.js';
import { fixturePath } from '../support/paths.js';
import { bindCli, type CliRun, type RunCliOptions } from '../support/run-cli.js';

export { NOW, type CliRun };

export const FIXTURES = fixturePath('apply');
export const CALLER_KEY = 'key-boss';

/** A running emulator with the fixture seed, and the CLI pointed at it. */
export interface CliWorld {
  server: RunningEmulator;
  /** Runs `gti-sync ...argv` as boss in the fixtures directory. */
  run(argv: string[], options?: RunCliOptions): Promise<CliRun>;
  state(): Promise<Seed>;
  stats(): Promise<EmulatorStats>;
  /** Requests other than GET since the emulator started. */
  writes(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

/** Starts the world (closed automatically; `close` stops it earlier). */
export async function startCliWorld(options: EmulatorOptions = {}): Promise<CliWorld> {
  const server = await startTestEmulator(fixturePath('apply', 'seed.yaml'), options);
  return {
    server,
    run: bindCli({ api: server, key: CALLER_KEY, now: NOW, cwd: FIXTURES }),
    state: () => readState(server),
    stats: () => readStats(server),
    writes: async () => writesIn(await readStats(server)),
    close: () => server.close(),
  };
}

/**
 * A proxy in front of `origin` that forwards every request, except that `intercept` may answer a
 * write (any method but GET) itself: it gets the 1-based number of the write and its route.
 */
export function startFailingProxy(
  origin: string,
  intercept: (write: number, method: string, path: string) => CannedAnswer | undefined,
): Promise<{ url: string; close(): Promise<void> }> {
  return startProxy(origin, { interceptWrite: intercept });
}
