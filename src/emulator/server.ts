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
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { isLoopbackHost } from '../api/connection.js';
import { createEmulator } from './emulator.js';
import type { Emulator, EmulatorOptions, Seed } from './types.js';

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

/** Hop-by-hop and length headers a `Request` must not carry over. */
const SKIPPED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'connection',
  'keep-alive',
  'content-length',
  'transfer-encoding',
  'upgrade',
]);

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of req)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return new Uint8Array(Buffer.concat(chunks));
}

function toRequest(req: IncomingMessage, body: Uint8Array, fallbackOrigin: string): Request {
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `http://${req.headers.host ?? ''}`);
  } catch {
    url = new URL(req.url ?? '/', fallbackOrigin);
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (SKIPPED_HEADERS.has(name) || value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD' && body.length > 0;
  return new Request(url, hasBody ? { method, headers, body } : { method, headers });
}

const gzipAsync = promisify(gzip);

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
    const request = toRequest(req, await readBody(req), fallbackOrigin);
    const response = await emulator.handle(request);
    if (response.type === 'error') {
      req.socket.destroy();
      return;
    }
    let payload = new Uint8Array(await response.arrayBuffer());
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => (headers[name] = value));
    headers['vary'] = 'accept-encoding';
    if (payload.length > 0 && acceptsGzip(req.headers['accept-encoding'])) {
      payload = new Uint8Array(await gzipAsync(payload));
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = String(payload.length);
    res.writeHead(response.status, headers);
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
