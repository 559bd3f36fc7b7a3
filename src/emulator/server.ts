/**
 * `startEmulator`: the emulator behind a real node:http server (keep-alive friendly). Answers are
 * gzip-compressed (`Content-Encoding: gzip`) when the request's `Accept-Encoding` admits gzip;
 * empty answers are sent as they are. Requests
 * become Fetch API `Request`s with the URL built from their `Host` header, so `links.next` points
 * back at whatever address the client used; a closed-connection fault destroys the socket.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants, gzipSync } from 'node:zlib';
import { isLoopbackHost } from '../api/connection.js';
import { createEmulator } from './emulator.js';
import type { Emulator, EmulatorOptions, EmulatorRequest, Seed } from './types.js';

/** Options of `startEmulator`. */
export interface StartEmulatorOptions extends EmulatorOptions {
  seed: Seed;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /**
   * Accept requests whose `Host` is not a loopback name. Off by default: a web page could
   * otherwise reach the emulator through DNS rebinding and read its state, API keys included.
   */
  allowRemote?: boolean;
}

/** A running emulator server. */
export interface RunningEmulator {
  /** `http://HOST:PORT/api/v3` */
  url: string;
  /** `http://HOST:PORT` */
  origin: string;
  emulator: Emulator;
  /** Stops listening and ends every open (keep-alive) connection. */
  close(): Promise<void>;
}

/** The largest request body the emulator reads (1 MiB); past it the answer is 413. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * The request body, or undefined as soon as it passes `MAX_BODY_BYTES` (what was read is
 * dropped, and the rest is never read).
 */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer | string): void => {
      const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
      total += bytes.length;
      if (total <= MAX_BODY_BYTES) {
        chunks.push(bytes);
        return;
      }
      // Stop reading here; the caller answers 413 and closes the connection.
      req.pause();
      req.off('data', onData);
      chunks.length = 0;
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, total)));
    req.once('error', reject);
  });
}

/** Whether the declared `Content-Length` is already past the limit. */
function declaresTooLarge(req: IncomingMessage): boolean {
  const declared = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(declared) && declared > MAX_BODY_BYTES;
}

/**
 * Answers 413 and closes the connection (`Connection: close`): the rest of the body is not read,
 * and the socket is ended once the answer is out.
 */
function refuseBody(req: IncomingMessage, res: ServerResponse): void {
  const { socket } = req;
  req.pause();
  res.shouldKeepAlive = false;
  res.writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' });
  res.end(
    JSON.stringify({
      error: {
        code: 'PayloadTooLargeError',
        message: `emulator: the request body is over ${MAX_BODY_BYTES} bytes`,
      },
    }),
    () => {
      if (socket !== null && !socket.destroyed) socket.destroySoon();
    },
  );
}

/**
 * The request as the emulator reads it, straight from node:http: no Fetch API `Request` (and
 * `Headers`) to build, which cost more than the route itself on a listing page.
 */
function toEmulatorRequest(
  req: IncomingMessage,
  body: Buffer,
  fallbackOrigin: string,
): EmulatorRequest {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `http://${req.headers.host ?? ''}`);
  } catch {
    url = new URL(req.url ?? '/', fallbackOrigin);
  }
  const { headers } = req;
  return {
    method: req.method ?? 'GET',
    url: url.href,
    headers: {
      get(name) {
        const value = headers[name.toLowerCase()];
        if (value === undefined) return null;
        return Array.isArray(value) ? value.join(', ') : value;
      },
    },
    text: () => Promise.resolve(body.toString('utf8')),
  };
}

/**
 * Whether an `Accept-Encoding` header admits gzip (`gzip`, `x-gzip` or `*`, with a q-value above
 * 0). The API compresses by it (gti-api.md §1, revision 2).
 */
export function acceptsGzip(header: string | undefined): boolean {
  if (header === undefined) return false;
  return header.split(',').some((part) => {
    const [name = '', ...params] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (name !== 'gzip' && name !== 'x-gzip' && name !== '*') return false;
    const q = params.find((param) => param.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** The hostname of a `Host` header (`[::1]:80` → `::1`), or '' when there is none. */
function hostnameOf(host: string | undefined): string {
  if (host === undefined) return '';
  try {
    return new URL(`http://${host}`).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return '';
  }
}

async function serve(
  emulator: Emulator,
  req: IncomingMessage,
  res: ServerResponse,
  fallbackOrigin: string,
  allowRemote: boolean,
): Promise<void> {
  // Before anything else (the Host check, the key): an oversized body is never buffered.
  if (declaresTooLarge(req)) {
    refuseBody(req, res);
    return;
  }
  if (!allowRemote && !isLoopbackHost(hostnameOf(req.headers.host))) {
    req.resume();
    res.writeHead(403, { 'content-type': 'application/json; charset=utf-8' });
    res.end(
      JSON.stringify({
        error: {
          code: 'ForbiddenError',
          message:
            'emulator: the Host header is not a loopback name (DNS rebinding guard); start it with --allow-remote to serve other names',
        },
      }),
    );
    return;
  }
  try {
    const body = await readBody(req);
    if (body === undefined) {
      refuseBody(req, res);
      return;
    }
    const request = toEmulatorRequest(req, body, fallbackOrigin);
    const answer = await emulator.answer(request);
    if (answer.kind === 'close') {
      req.socket.destroy();
      return;
    }
    let payload: Buffer = Buffer.from(answer.body ?? '', 'utf8');
    const headers: Record<string, string> = { ...answer.headers, vary: 'accept-encoding' };
    if (payload.length > 0 && acceptsGzip(req.headers['accept-encoding'])) {
      // Synchronous at the fastest level: for a page (~10 KiB) that is 0.07 ms against 0.8 ms for
      // the async default (a thread-pool round trip and a new zlib stream per answer).
      payload = gzipSync(payload, { level: constants.Z_BEST_SPEED });
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(payload.length);
    res.writeHead(answer.status, headers);
    res.end(payload);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
    res.end(
      JSON.stringify({ error: { code: 'InternalError', message: `emulator bug: ${message}` } }),
    );
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Starts the emulator server; resolves once it listens. */
export async function startEmulator(options: StartEmulatorOptions): Promise<RunningEmulator> {
  const { seed, host = '127.0.0.1', port = 0, allowRemote = false, ...emulatorOptions } = options;
  const emulator = createEmulator(seed, emulatorOptions);
  let origin = '';
  const server = createServer((req, res) => void serve(emulator, req, res, origin, allowRemote));
  await listen(server, port, host);
  const address = server.address();
  const actualPort =
    typeof address === 'object' && address !== null ? (address satisfies AddressInfo).port : port;
  origin = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  return {
    url: `${origin}/api/v3`,
    origin,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
