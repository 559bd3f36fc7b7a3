/**
 * `gti-sync emulator`: runs the built-in GTI emulator (design §6) until SIGINT or SIGTERM, then
 * closes cleanly. Prints exactly `listening on http://HOST:PORT/api/v3` on stdout once ready.
 */
import type { ErrorCode } from '../../model/error-codes.js';
import { isAbsolute, resolve } from 'node:path';
import type { Command } from 'commander';
import { isLoopbackHost } from '../../api/connection.js';
import { GtiSyncError, UsageError } from '../../model/errors.js';
import { packageFile } from '../../package-root.js';
import type { loadSeedFile } from '../../emulator/seed.js';
import { isVariant, VARIANTS } from '../../model/variants.js';
import type { Variant } from '../../model/variants.js';
import type { RunningEmulator } from '../../emulator/server.js';
import type { CliContext } from '../io.js';

/** The seed used without `--seed`: the demo world shipped with the package. */
const DEFAULT_SEED = 'examples/emulator-seed.yaml';

/** The checked flags of `gti-sync emulator`. */
export interface EmulatorFlags {
  seed: string;
  host: string;
  port: number;
  latencyMs: number;
  faultRate: number;
  faultSeed: number;
  rateLimit: number | undefined;
  /** Serve requests whose Host is not a loopback name (and listen on a non-loopback host). */
  allowRemote: boolean;
  /** Variants to serve (gti-api.md §13), from repeated `--variant NAME`. */
  variants: Variant[];
}

/** Collects repeated `--variant NAME` values. */
function collectVariant(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function readVariantFlags(value: unknown): Variant[] {
  const names = Array.isArray(value) ? value.map(String) : [];
  const unknown = names.find((name) => !isVariant(name));
  if (unknown !== undefined) {
    throw new UsageError(
      `--variant ${unknown} is not a variant of the emulator (known: ${VARIANTS.join(', ')})`,
      'UNKNOWN_VARIANT',
    );
  }
  return VARIANTS.filter((variant) => names.includes(variant));
}

function integerFlag(
  name: string,
  code: ErrorCode,
  text: unknown,
  min: number,
  max: number,
): number {
  const value =
    typeof text === 'string' && /^[0-9]+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `${name} must be an integer from ${min} to ${max}, got ${String(text)}`,
      code,
    );
  }
  return value;
}

/** Checks the flags; UsageError with a stable code for each bad value. */
export function readEmulatorFlags(options: Record<string, unknown>, cwd: string): EmulatorFlags {
  const host = typeof options['host'] === 'string' ? options['host'] : '127.0.0.1';
  if (host.trim() === '') throw new UsageError('--host must not be empty', 'BAD_HOST');
  // The same test as for the client's plain-http API URLs: only loopback is served by default.
  if (!isLoopbackHost(host) && options['allowRemote'] !== true) {
    throw new UsageError(
      `refusing to listen on ${host}: the emulator serves API keys in plain text; use a loopback address or pass --allow-remote`,
      'INSECURE_HOST',
    );
  }
  const faultRateText = String(options['faultRate'] ?? '0');
  const faultRate = /^(?:0|1|0?\.\d+|1\.0*)$/.test(faultRateText.trim())
    ? Number(faultRateText)
    : Number.NaN;
  if (!(faultRate >= 0 && faultRate <= 1)) {
    throw new UsageError(
      `--fault-rate must be a number from 0 to 1, got ${faultRateText}`,
      'BAD_FAULT_RATE',
    );
  }
  const seedFlag = options['seed'];
  return {
    seed:
      typeof seedFlag === 'string'
        ? isAbsolute(seedFlag)
          ? seedFlag
          : resolve(cwd, seedFlag)
        : packageFile(DEFAULT_SEED),
    host,
    allowRemote: options['allowRemote'] === true,
    variants: readVariantFlags(options['variant']),
    port: integerFlag('--port', 'BAD_PORT', options['port'] ?? '0', 0, 65535),
    latencyMs: integerFlag('--latency-ms', 'BAD_LATENCY', options['latencyMs'] ?? '0', 0, 600_000),
    faultRate,
    faultSeed: integerFlag(
      '--fault-seed',
      'BAD_FAULT_SEED',
      options['faultSeed'] ?? '1',
      0,
      2 ** 32 - 1,
    ),
    rateLimit:
      options['rateLimit'] === undefined
        ? undefined
        : integerFlag('--rate-limit', 'BAD_RATE_LIMIT', options['rateLimit'], 1, 1_000_000),
  };
}

async function listenOrExplain(
  flags: EmulatorFlags,
  seed: Awaited<ReturnType<typeof loadSeedFile>>,
): Promise<RunningEmulator> {
  const { host, port, latencyMs, faultRate, faultSeed, rateLimit, allowRemote, variants } = flags;
  // Loaded when the emulator runs, so other commands and --help do not pay for it.
  const { startEmulator } = await import('../../emulator/server.js');
  try {
    return await startEmulator({
      seed,
      host,
      port,
      allowRemote,
      latencyMs,
      faultRate,
      faultSeed,
      variants,
      ...(rateLimit === undefined ? {} : { rateLimit }),
    });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new GtiSyncError(
      'LISTEN_FAILED',
      `cannot listen on ${flags.host}:${flags.port}: ${reason}`,
      { cause: error },
    );
  }
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilStopped(): Promise<void> {
  return new Promise((done) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      done();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Registers the `emulator` command. */
export function registerEmulator(program: Command, ctx: CliContext): void {
  program
    .command('emulator')
    .description('Run the built-in GTI emulator (a local GTI API for tests, demos and dry runs).')
    .option(
      '--seed <file>',
      'seed file, YAML or JSON (default: the demo world examples/emulator-seed.yaml)',
    )
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on; 0 picks a free one', '0')
    .option('--latency-ms <n>', 'delay every API answer by N milliseconds', '0')
    .option(
      '--fault-rate <p>',
      'answer this share (0..1) of API requests with 503, 429 or a closed connection',
      '0',
    )
    .option('--fault-seed <n>', 'seed of the fault generator (same seed, same faults)', '1')
    .option(
      '--rate-limit <n>',
      'answer 429 QuotaExceededError past N requests a minute per API key',
    )
    .option(
      '--variant <name>',
      `serve another reading of the API (repeatable): ${VARIANTS.join(', ')}`,
      collectVariant,
    )
    .option('--allow-remote', 'allow a non-loopback --host (API keys travel in plain text)')
    .action(async (options: Record<string, unknown>) => {
      const flags = readEmulatorFlags(options, ctx.io.cwd);
      const { loadSeedFile } = await import('../../emulator/seed.js');
      const seed = await loadSeedFile(flags.seed);
      const running = await listenOrExplain(flags, seed);
      const stopped = untilStopped();
      ctx.io.stdout.write(`listening on ${running.url}\n`);
      ctx.io.stderr.write(
        `gti-sync emulator: seed ${flags.seed}${flags.variants.length > 0 ? `; variants ${flags.variants.join(', ')}` : ''}; control endpoints at ${running.origin}/_emulator/; stop with Ctrl-C\n`,
      );
      ctx.io.stderr.write(adminKeysLine(seed));
      await stopped;
      await running.close();
    });
}

/** One stderr line naming the administrators' keys of the seed (the demo keys), if any. */
function adminKeysLine(seed: Awaited<ReturnType<typeof loadSeedFile>>): string {
  const admins = (seed.users ?? [])
    .filter(
      (u) =>
        u.apikey !== undefined &&
        u.group !== undefined &&
        (u.roles ?? []).includes('USER_ROLE_GROUP_ADMIN'),
    )
    .slice(0, 4)
    .map((u) => `GTI_APIKEY=${u.apikey} (${u.id}, admin of ${u.group})`);
  return admins.length === 0 ? '' : `gti-sync emulator: act as ${admins.join(', ')}\n`;
}
