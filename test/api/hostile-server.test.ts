import type { ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import { createGzip, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { collect } from '../../src/api/paginate.js';
import { apiFailure, createFakeClock, FAST_RETRY, startTestClient } from '../support/client.js';
import { startServer } from '../support/http-server.js';
import { runCli } from '../support/run-cli.js';

// A full-length key, as GTI issues them (64 hex digits).
const HEX_KEY = '0123456789abcdef'.repeat(4);

function everything(error: Error): string {
  return `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error)}`;
}

describe('a server that echoes the key back', () => {
  it('drops an error code that carries the key, and redacts it from the message', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: HEX_KEY, message: `bad ${HEX_KEY}` } }));
    });
    const error = await apiFailure(startTestClient(server, HEX_KEY).getGroup('g'));
    expect(error.code).toBe('API_HTTP_401');
    expect(everything(error)).not.toContain(HEX_KEY);
    expect(everything(error)).not.toContain(HEX_KEY.slice(0, 10));
  });

  it('redacts the key in another letter case', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 'ForbiddenError', message: HEX_KEY.toUpperCase() } }),
      );
    });
    const error = await apiFailure(startTestClient(server, HEX_KEY).getGroup('g'));
    expect(error.code).toBe('API_ForbiddenError');
    expect(everything(error).toLowerCase()).not.toContain(HEX_KEY);
  });

  it('does not quote a success body that is not JSON (it may start with anything)', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${HEX_KEY} and more`);
    });
    const error = await apiFailure(startTestClient(server, HEX_KEY).getGroup('g'));
    expect(error.code).toBe('BAD_RESPONSE');
    expect(everything(error)).not.toContain(HEX_KEY.slice(0, 8));
  });
});

/** Writes `chunk` until the client goes away; resolves with the bytes the server managed to send. */
function sendForever(res: ServerResponse, chunk: Buffer, sent: { bytes: number }): void {
  let open = true;
  res.on('close', () => (open = false));
  const pump = (): void => {
    while (open) {
      sent.bytes += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

describe('answers and listings are bounded (issue 11)', () => {
  it('stops reading a body that never ends at the limit, once, without retrying', async () => {
    const sent = { bytes: 0 };
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      sendForever(res, Buffer.alloc(64 * 1024, 0x20), sent);
    });
    const client = startTestClient(server, HEX_KEY, {
      maxResponseBytes: 1024 * 1024,
      retry: FAST_RETRY,
    });
    const error = await apiFailure(client.getGroup('g'));
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
    expect(error.message).toContain('/groups/g');
    expect(everything(error)).not.toContain(HEX_KEY);
    expect(server.requests).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 50));
    // What the server got out before the client hung up: the limit plus socket buffers, not more.
    expect(sent.bytes).toBeLessThan(64 * 1024 * 1024);
  });

  it('stops a gzip bomb (1 MB to 1 GiB) at the decompressed limit, without retrying', async () => {
    const bomb = await gzipBombAsync();
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const client = startTestClient(server, HEX_KEY, { retry: FAST_RETRY });
    const error = await apiFailure(client.getGroup('g'));
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
    expect(error.message).toContain('decompressed');
    expect(server.requests).toHaveLength(1);
  });

  it('refuses a compressed body over the limit on the wire', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(randomBytes(256 * 1024)));
    });
    const client = startTestClient(server, HEX_KEY, { maxResponseBytes: 64 * 1024 });
    const error = await apiFailure(client.getGroup('g'));
    expect(error.code).toBe('RESPONSE_TOO_LARGE');
    expect(error.message).toContain('on the wire');
  });

  it('stops a listing whose every page has a new cursor at the page limit', async () => {
    const server = await startServer((_req, res, index) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: [], meta: { cursor: `c${index}` } }));
    });
    const client = startTestClient(server, HEX_KEY, { maxPages: 20, retry: FAST_RETRY });
    const error = await apiFailure(collect(client.listGroupAdministrators('g')));
    expect(error.code).toBe('TOO_MANY_PAGES');
    expect(server.requests).toHaveLength(20);
  });

  it('starts no request once the run time budget is spent, retries included', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'TransientError', message: 'busy' } }));
    });
    const clock = createFakeClock();
    const client = startTestClient(server, HEX_KEY, {
      clock,
      maxTimeMs: 5_000,
      random: () => 0.99,
      retry: { ...FAST_RETRY, baseDelayMs: 10_000, maxDelayMs: 10_000, budgetMs: 60_000 },
    });
    const error = await apiFailure(client.getGroup('g'));
    expect(error.code).toBe('TIME_BUDGET_EXCEEDED');
    expect(server.requests).toHaveLength(1);
  });

  it('the CLI prints one RESPONSE_TOO_LARGE line for a body that never ends', async () => {
    const sent = { bytes: 0 };
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      sendForever(res, Buffer.alloc(64 * 1024, 0x20), sent);
    });
    const run = await runCli(['doctor', '--group', 'g'], { api: server.baseUrl, key: HEX_KEY });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gti-sync: RESPONSE_TOO_LARGE: /m);
    expect(run.stderr + run.stdout).not.toContain(HEX_KEY);
    expect(server.requests.length).toBeLessThanOrEqual(3);
  });

  it('the CLI refuses a GTI_SYNC_MAX_TIME that is not seconds (BAD_MAX_TIME)', async () => {
    const server = await startServer((_req, res) => res.end('{}'));
    const run = await runCli(['doctor', '--group', 'g'], {
      api: server.baseUrl,
      key: HEX_KEY,
      env: { GTI_SYNC_MAX_TIME: 'soon' },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gti-sync: BAD_MAX_TIME: /m);
    expect(server.requests).toHaveLength(0);
  });
});

async function gzipBombAsync(): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const zeros = Buffer.alloc(1024 * 1024);
  for (let i = 0; i < 1024; i += 1) {
    if (!gzip.write(zeros)) await new Promise((r) => gzip.once('drain', r));
  }
  gzip.end();
  await done;
  return Buffer.concat(out);
}
