import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import type { Dispatcher } from 'undici';
import { describe, expect, it, vi } from 'vitest';
import { BodyTooLargeError } from '../../src/api/body.js';
import { createAgent, exchange } from '../../src/api/http-transport.js';
import { startServer } from '../support/http-server.js';
import { repoPath } from '../support/paths.js';

/** The CommonJS files a fresh process has loaded after importing `module` (from dist/). */
async function loadedAfterImporting(module: string): Promise<string[]> {
  const script = [
    "import { createRequire } from 'node:module';",
    `await import(${JSON.stringify(pathToFileURL(repoPath(module)).href)});`,
    'const loaded = Object.keys(createRequire(import.meta.url).cache);',
    'process.stdout.write(JSON.stringify(loaded));',
  ].join('\n');
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--input-type=module',
    '-e',
    script,
  ]);
  return (JSON.parse(stdout) as string[]).map((file) => file.replaceAll('\\', '/'));
}

describe('the client loads only the parts of undici it uses (built code, npm test builds first)', () => {
  it("creating the client loads undici's Agent, not its index nor its stream-wrapped request", async () => {
    const loaded = await loadedAfterImporting('dist/src/api/client.js');
    expect(loaded.some((file) => file.endsWith('/undici/lib/dispatcher/agent.js'))).toBe(true);
    expect(
      loaded.filter((file) =>
        /\/undici\/(?:index\.js|lib\/api\/api-request\.js|lib\/api\/readable\.js)$/.test(file),
      ),
    ).toEqual([]);
  });
});

describe('exchange: one request, its answer collected whole', () => {
  const request = { method: 'GET', headers: {}, body: null, maxBytes: 1024 } as const;

  async function withAgent<T>(run: (agent: Dispatcher) => Promise<T>): Promise<T> {
    const agent = createAgent({ keepAliveTimeoutMs: 1000, connections: 2 });
    try {
      return await run(agent);
    } finally {
      await agent.destroy();
    }
  }

  it('gives the status, the headers (lower-cased, repeated ones as a list) and the body', async () => {
    const server = await startServer((_req, res) => {
      res.setHeader('X-One', 'a');
      res.setHeader('Set-Cookie', ['b=1', 'c=2']);
      res.writeHead(201);
      res.end('{"ok":true}');
    });
    const answer = await withAgent(
      (agent) => exchange(agent, new URL(`${server.baseUrl}/x`), request).answer,
    );
    expect(answer.statusCode).toBe(201);
    expect(answer.headers['x-one']).toBe('a');
    expect(answer.headers['set-cookie']).toEqual(['b=1', 'c=2']);
    expect(answer.body.toString()).toBe('{"ok":true}');
  });

  it('skips an informational 1xx answer before the real one', async () => {
    const server = await startServer((_req, res) => {
      res.writeProcessing();
      res.end('done');
    });
    const answer = await withAgent(
      (agent) => exchange(agent, new URL(`${server.baseUrl}/x`), request).answer,
    );
    expect([answer.statusCode, answer.body.toString()]).toEqual([200, 'done']);
  });

  it('refuses a Content-Length over the limit before its body comes', async () => {
    let finished = false;
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      res.write('x');
      // The rest never comes: only the announced length can refuse it.
      res.on('close', () => (finished = true));
    });
    const error = await withAgent((agent) =>
      exchange(agent, new URL(`${server.baseUrl}/x`), request).answer.catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(BodyTooLargeError);
    await vi.waitFor(() => expect(finished).toBe(true));
  });

  it('refuses a chunked body once it passes the limit', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('y'.repeat(256)), 1);
      res.on('close', () => clearInterval(timer));
    });
    const error = await withAgent((agent) =>
      exchange(agent, new URL(`${server.baseUrl}/x`), request).answer.catch((e: unknown) => e),
    );
    expect(error).toBeInstanceOf(BodyTooLargeError);
  });

  it('rejects with the reason given to abort, in flight or before a connection', async () => {
    const server = await startServer(() => undefined); // never answers
    await withAgent(async (agent) => {
      const url = new URL(`${server.baseUrl}/x`);
      const early = exchange(agent, url, request);
      early.abort(new Error('stop early'));
      await expect(early.answer).rejects.toThrow('stop early');
      const late = exchange(agent, url, request);
      await vi.waitFor(() => expect(server.requests.length).toBeGreaterThan(0));
      late.abort(new Error('stop late'));
      await expect(late.answer).rejects.toThrow('stop late');
    });
  });

  it('settles once, at the limit, whatever a dispatcher does after it was told to abort', async () => {
    // A dispatcher whose abort does nothing and which goes on delivering: the exchange has
    // already rejected, and a later completion neither resolves it nor pads the body.
    let handler: Dispatcher.DispatchHandler | undefined;
    const deaf = {
      dispatch(_options: unknown, given: Dispatcher.DispatchHandler) {
        handler = given;
        return true;
      },
    } as unknown as Dispatcher;
    const sent = exchange(deaf, new URL('http://127.0.0.1:9/x'), { ...request, maxBytes: 4 });
    handler?.onConnect?.(() => undefined);
    handler?.onHeaders?.(200, [], () => undefined, 'OK');
    handler?.onData?.(Buffer.from('abc'));
    handler?.onData?.(Buffer.from('defgh'));
    handler?.onComplete?.(null);
    await expect(sent.answer).rejects.toBeInstanceOf(BodyTooLargeError);
    const quiet = exchange(deaf, new URL('http://127.0.0.1:9/x'), request);
    handler?.onConnect?.(() => undefined);
    quiet.abort(new Error('timed out'));
    await expect(quiet.answer).rejects.toThrow('timed out');
  });

  it('rejects with undici’s error when nothing listens', async () => {
    const server = await startServer(() => undefined);
    const url = new URL(`${server.baseUrl}/x`);
    await server.close();
    const error = await withAgent((agent) =>
      exchange(agent, url, request).answer.catch((e: unknown) => e),
    );
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
  });
});
