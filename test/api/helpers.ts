/** Test helpers: a scriptable HTTP server on 127.0.0.1:0 and a fake clock. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError } from '../../src/api/errors.js';
import type { Clock } from '../../src/api/retry.js';

export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface TestServer {
  /** `http://127.0.0.1:PORT/api/v3` */
  baseUrl: string;
  origin: string;
  requests: SeenRequest[];
  /** Highest number of requests being handled at once. */
  maxInFlight: number;
  close(): Promise<void>;
}

/** A handler gets the request (body read) and the response; it may be async. */
export type Handler = (req: SeenRequest, res: ServerResponse, index: number) => unknown;

/** Starts a server whose every request goes to `handler`; requests are recorded in order. */
export async function startServer(handler: Handler): Promise<TestServer> {
  const requests: SeenRequest[] = [];
  let inFlight = 0;
  const state = { maxInFlight: 0 };
  const server = createServer((req, res) => {
    inFlight += 1;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    res.on('close', () => (inFlight -= 1));
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const seen = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      requests.push(seen);
      Promise.resolve(handler(seen, res, requests.length - 1)).catch((error: unknown) => {
        res.statusCode = 500;
        res.end(String(error));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/api/v3`,
    origin,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Writes a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** The API's error body. */
export function apiError(code: string, message: string) {
  return { error: { code, message } };
}

/** A clock that never waits: sleeps advance its time and are recorded. */
export function createFakeClock(
  start = Date.UTC(2026, 10, 26, 12, 0, 0),
): Clock & { sleeps: number[]; time: number } {
  const clock = {
    time: start,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

/** Small retry delays for tests that use the real clock. */
export const FAST_RETRY = { baseDelayMs: 1, maxDelayMs: 5, budgetMs: 10_000, quotaDelayMs: 1 };

export const KEY = 'k3y-S3CRET-0123456789abcdef';

/** The `ApiError` a promise rejects with (fails the test if it resolves or throws something else). */
export async function failure(promise: Promise<unknown>): Promise<ApiError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
