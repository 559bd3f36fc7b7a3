/**
 * The built-in GTI emulator (design §6): the seed format, seed loading, the emulator model and its
 * HTTP server. Nothing reachable from here loads a development dependency: the msw handlers live
 * in `./msw-handlers.js` alone (msw is a development dependency), for tests to import directly.
 */
export type {
  AccountsResult,
  Emulator,
  EmulatorOptions,
  EmulatorStats,
  Seed,
  SeedActivityEntry,
  SeedGroup,
  SeedInvitation,
  SeedQuota,
  SeedQuotas,
  SeedServiceAccount,
  SeedUsage,
  SeedUser,
} from './types.js';
export { loadSeedFile, parseSeed } from './seed.js';
export { createEmulator } from './emulator.js';
export { ApiFailure } from './api-failure.js';
export { startEmulator } from './server.js';
export type { RunningEmulator, StartEmulatorOptions } from './server.js';
