/**
 * The built-in GTI emulator (design §6): the seed format, seed loading, the emulator model, its
 * variants and its HTTP server. Nothing reachable from here loads a development dependency: the
 * msw handlers (msw is a development dependency) live in `test/support/msw-handlers.ts`.
 */
export type {
  Emulator,
  EmulatorOptions,
  EmulatorStats,
  Seed,
  SeedActivityEntry,
  SeedUser,
} from './types.js';
export { loadSeedFile, parseSeed } from './seed.js';
export { createEmulator } from './emulator.js';
export { startEmulator } from './server.js';
export { VARIANTS } from './variants.js';
export type { RunningEmulator, StartEmulatorOptions } from './server.js';
