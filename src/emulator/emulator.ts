/**
 * `createEmulator`: one GTI world answering Fetch API requests. For every `/api/v3` request, in
 * this order: count it, wait the latency, draw a fault, apply the rate limit, authenticate (401),
 * route (404 for an unknown endpoint), then the route's own 404 → 403 → 400/409 checks. Faults and
 * the rate limit come before any change, so a refused write changes nothing.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { GtiSyncError } from '../model/errors.js';
import { createAccounts } from './accounts.js';
import { ApiFailure, failureAnswer, jsonAnswer, notFound, toResponse } from './api-failure.js';
import type { ApiAnswer } from './api-failure.js';
import { handleControl } from './control.js';
import { createFaultPlan, createRateLimiter } from './faults.js';
import type { FaultKind, FaultPlan, RateLimiter } from './faults.js';
import { authenticate } from './route-context.js';
import { matchRoute, ROUTES } from './router.js';
import type {
  Emulator,
  EmulatorAnswer,
  EmulatorOptions,
  EmulatorStats,
  EmulatorRequest,
  Seed,
} from './types.js';
import { readVariants } from './variants.js';
import { buildWorld, worldToSeed } from './world.js';
import type { World } from './world.js';

const API_PREFIX = '/api/v3';

function checkOptions(options: EmulatorOptions): void {
  const { latencyMs, faultRate, faultSeed, rateLimit } = options;
  const bad = (what: string) => new GtiSyncError('BAD_EMULATOR_OPTION', what);
  if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0))
    throw bad('latencyMs must be a number ≥ 0');
  if (faultRate !== undefined && !(faultRate >= 0 && faultRate <= 1))
    throw bad('faultRate must be between 0 and 1');
  if (faultSeed !== undefined && !Number.isSafeInteger(faultSeed))
    throw bad('faultSeed must be an integer');
  if (rateLimit !== undefined && !(Number.isSafeInteger(rateLimit) && rateLimit >= 1))
    throw bad('rateLimit must be an integer ≥ 1');
}

/** An answer, or the closed-connection fault. */
type Outcome = ApiAnswer | { kind: 'close' };

function faultAnswer(kind: FaultKind): Outcome {
  if (kind === 'closed_connection') return { kind: 'close' };
  if (kind === 'transient')
    return failureAnswer(
      new ApiFailure(503, 'TransientError', 'Temporary failure (injected fault); retry later'),
    );
  return failureAnswer(
    new ApiFailure(429, 'TooManyRequestsError', 'Too many requests at once (injected fault)'),
  );
}

/** Creates an emulator of the world `seed` describes (a validated seed: see parseSeed). */
export function createEmulator(seed: Seed, options: EmulatorOptions = {}): Emulator {
  checkOptions(options);
  const variants = readVariants([...(seed.variants ?? []), ...(options.variants ?? [])]);
  const pristine = structuredClone(seed);
  let world: World = buildWorld(pristine, variants);
  let stats: EmulatorStats = { requests: 0, by_route: {} };
  let faults: FaultPlan = createFaultPlan(options.faultRate ?? 0, options.faultSeed ?? 1);
  let limiter: RateLimiter | undefined =
    options.rateLimit === undefined ? undefined : createRateLimiter(options.rateLimit);

  async function handleApi(request: EmulatorRequest, url: URL): Promise<Outcome> {
    const match = matchRoute(ROUTES, request.method, url.pathname.slice(API_PREFIX.length));
    stats.requests += 1;
    stats.by_route[match.key] = (stats.by_route[match.key] ?? 0) + 1;
    if (options.latencyMs !== undefined && options.latencyMs > 0) await delay(options.latencyMs);
    const fault = faults.next();
    if (fault !== undefined) return faultAnswer(fault);
    try {
      const verdict = limiter?.take(request.headers.get('x-apikey') ?? '', Date.now());
      if (verdict !== undefined && !verdict.ok) {
        throw new ApiFailure(
          429,
          'QuotaExceededError',
          `More than ${options.rateLimit} requests a minute for this API key`,
          {
            'retry-after': String(verdict.retryAfterSeconds),
          },
        );
      }
      const caller = authenticate(world, request);
      if (match.route === undefined)
        throw notFound(`${request.method} ${url.pathname} is not an endpoint of this API`);
      return await match.route.handle({
        world,
        request,
        url,
        origin: url.origin,
        params: match.params,
        caller,
      });
    } catch (error) {
      if (error instanceof ApiFailure) return failureAnswer(error);
      const message = error instanceof Error ? error.message : String(error);
      return jsonAnswer(
        { error: { code: 'InternalError', message: `emulator bug: ${message}` } },
        500,
      );
    }
  }

  async function answer(request: EmulatorRequest): Promise<Outcome> {
    const url = new URL(request.url);
    if (url.pathname === '/_emulator' || url.pathname.startsWith('/_emulator/')) {
      return handleControl(emulator, request, url.pathname);
    }
    if (url.pathname !== API_PREFIX && !url.pathname.startsWith(`${API_PREFIX}/`)) {
      return failureAnswer(notFound(`${url.pathname} is outside ${API_PREFIX}`));
    }
    return handleApi(request, url);
  }

  const emulator: Emulator = {
    async handle(request) {
      const answered = await answer(request);
      return 'kind' in answered ? Response.error() : toResponse(answered);
    },
    async answer(request): Promise<EmulatorAnswer> {
      const answered = await answer(request);
      return 'kind' in answered ? answered : { kind: 'answer', ...answered };
    },
    state: () => worldToSeed(world),
    stats: () => structuredClone(stats),
    reset() {
      world = buildWorld(pristine, variants);
      stats = { requests: 0, by_route: {} };
      faults = createFaultPlan(options.faultRate ?? 0, options.faultSeed ?? 1);
      limiter = options.rateLimit === undefined ? undefined : createRateLimiter(options.rateLimit);
    },
    createAccounts: (users) => createAccounts(world, users),
  };
  return emulator;
}
