/**
 * Small node:http servers on 127.0.0.1 (any free port) for tests: a scriptable API stand-in that
 * records every request, and a proxy in front of a real server that can answer or rewrite some
 * requests. Both close automatically (see cleanup.ts); closing earlier by hand is fine.
 */
import { createServer, request as httpRequest } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deferCleanup, once } from './cleanup.js';

/** One request as the server saw it, body read. */
export interface SeenRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A running scriptable server. */
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
  const { origin, close } = await listen(server);
  return {
    baseUrl: `${origin}/api/v3`,
    origin,
    requests,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close,
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

/** An answer a proxy gives itself instead of forwarding. */
export interface CannedAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** What a proxy does besides forwarding. */
export interface ProxyOptions {
  /**
   * May answer a write (any method but GET) itself: it gets the 1-based number of the write,
   * the method and the path; `undefined` forwards it.
   */
  interceptWrite?: (write: number, method: string, path: string) => CannedAnswer | undefined;
  /** Rewrites every forwarded JSON answer in place (answers that are not JSON pass unchanged). */
  rewriteJson?: (body: unknown) => void;
}

/**
 * A proxy in front of `target` (a URL; only its host and port count) on 127.0.0.1. Requests are
 * forwarded with their headers, `Host` included, so links the server builds point back at the
 * proxy. `url` is the proxy's `…/api/v3`.
 */
export async function startProxy(
  target: string,
  options: ProxyOptions = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(target);
  let writes = 0;
  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const canned =
      method === 'GET' || options.interceptWrite === undefined
        ? undefined
        : options.interceptWrite(++writes, method, path);
    if (canned !== undefined) {
      req.resume();
      req.on('end', () => sendJson(res, canned.status, canned.body, canned.headers));
      return;
    }
    // A rewriting proxy reads the answer as JSON: ask upstream for it uncompressed.
    const headers = { ...req.headers };
    if (options.rewriteJson !== undefined) delete headers['accept-encoding'];
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method, path, headers },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          const body = rewrite(Buffer.concat(chunks), options.rewriteJson);
          const headers = { ...answer.headers };
          delete headers['content-length'];
          delete headers['transfer-encoding'];
          delete headers['connection'];
          res.writeHead(answer.statusCode ?? 500, headers);
          res.end(body);
        });
      },
    );
    req.pipe(forward);
  });
  const { origin, close } = await listen(server);
  return { url: `${origin}/api/v3`, close };
}

function rewrite(body: Buffer, rewriteJson: ProxyOptions['rewriteJson']): Buffer {
  if (rewriteJson === undefined) return body;
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return body; // not JSON: pass through
  }
  rewriteJson(json);
  return Buffer.from(JSON.stringify(json));
}

async function listen(server: Server): Promise<{ origin: string; close(): Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = once(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  deferCleanup(close);
  return { origin: `http://127.0.0.1:${port}`, close };
}
