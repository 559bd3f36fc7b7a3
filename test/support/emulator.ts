/**
 * The real emulator for tests: started on 127.0.0.1 (any free port) from a seed object or a seed
 * file, closed automatically (see cleanup.ts), and read through its control routes over HTTP.
 */
import { loadSeedFile, startEmulator } from '../../src/emulator/index.js';
import type {
  EmulatorStats,
  RunningEmulator,
  Seed,
  StartEmulatorOptions,
} from '../../src/emulator/index.js';
import { deferCleanup, once } from './cleanup.js';

export type { EmulatorStats, RunningEmulator, Seed };

/** 2026-11-26T12:00:00Z: the instant every test seed freezes, and the CLI's `GTI_SYNC_NOW`. */
export const NOW = '2026-11-26T12:00:00Z';

/**
 * Starts an emulator on `seed` (a seed object, or the path of a seed file) with `options`; it is
 * closed after the current test, or after the file when started in a `beforeAll`. Closing it
 * earlier by hand is fine.
 */
export async function startTestEmulator(
  seed: Seed | string,
  options: Omit<StartEmulatorOptions, 'seed'> = {},
): Promise<RunningEmulator> {
  const loaded = typeof seed === 'string' ? await loadSeedFile(seed, { GTI_SYNC_NOW: NOW }) : seed;
  const running = await startEmulator({ seed: loaded, ...options });
  const close = once(() => running.close());
  deferCleanup(close);
  return { ...running, close };
}

/** The emulator's request counts, from `GET /_emulator/stats` (control routes are not counted). */
export async function readStats(emu: { origin: string } | string): Promise<EmulatorStats> {
  return (await (await fetch(`${originOf(emu)}/_emulator/stats`)).json()) as EmulatorStats;
}

/** The emulator's whole world as a seed, from `GET /_emulator/state`. */
export async function readState(emu: { origin: string } | string): Promise<Seed> {
  return (await (await fetch(`${originOf(emu)}/_emulator/state`)).json()) as Seed;
}

/** Puts the emulator back to its seed and zeroes its counts (`POST /_emulator/reset`). */
export async function resetEmulator(emu: { origin: string } | string): Promise<void> {
  const response = await fetch(`${originOf(emu)}/_emulator/reset`, { method: 'POST' });
  if (!response.ok) throw new Error(`reset answered HTTP ${response.status}`);
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

/** The routes of `stats` other than GET (the writes), with their counts. */
export function writesIn(stats: EmulatorStats): Record<string, number> {
  return Object.fromEntries(
    Object.entries(stats.by_route).filter(([route]) => !route.startsWith('GET ')),
  );
}

function originOf(emu: { origin: string } | string): string {
  return typeof emu === 'string' ? emu : emu.origin;
}
