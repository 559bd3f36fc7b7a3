/**
 * The built-in GTI emulator (design §6): the seed format, seed loading, the emulator model, its
 * msw handlers and its HTTP server. Production code (the CLI) imports the smaller modules
 * directly, because `emulatorHandlers` needs msw, a development dependency.
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
export { emulatorHandlers } from './msw-handlers.js';
export { startEmulator } from './server.js';
export type { RunningEmulator, StartEmulatorOptions } from './server.js';
