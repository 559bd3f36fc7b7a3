/**
 * For the e2e tests of apply: the real CLI in-process against a real emulator over HTTP, started
 * from test/fixtures/apply/seed.yaml, and a small proxy that makes chosen writes fail.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';
import { loadSeedFile, startEmulator } from '../../src/emulator/index.js';
import type { EmulatorOptions, RunningEmulator, Seed } from '../../src/emulator/index.js';

export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'apply');
export const NOW = '2026-11-26T12:00:00Z';
export const CALLER_KEY = 'key-boss';

/** What one CLI run printed. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** Prompts the CLI asked on the terminal. */
  prompts: string[];
}

/** A running emulator with the fixture seed, and the CLI pointed at it. */
export interface CliWorld {
  server: RunningEmulator;
  /** Runs `gti-sync ...argv` as boss in the fixtures directory. */
  run(
    argv: string[],
    options?: {
      terminal?: boolean;
      answer?: string | null;
      apiUrl?: string;
      stderrTerminal?: boolean;
    },
  ): Promise<CliRun>;
  state(): Promise<Seed>;
  stats(): Promise<{ requests: number; by_route: Record<string, number> }>;
  /** Requests other than GET since the emulator started. */
  writes(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function startCliWorld(options: EmulatorOptions = {}): Promise<CliWorld> {
  const seed = await loadSeedFile(join(FIXTURES, 'seed.yaml'));
  const server = await startEmulator({ seed, ...options });
  const stats = async () =>
    (await (await fetch(`${server.origin}/_emulator/stats`)).json()) as {
      requests: number;
      by_route: Record<string, number>;
    };
  return {
    server,
    run: async (argv, runOptions = {}) => {
      let stdout = '';
      let stderr = '';
      const prompts: string[] = [];
      const code = await main(argv, {
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
        env: {
          GTI_API_URL: runOptions.apiUrl ?? server.url,
          GTI_APIKEY: CALLER_KEY,
          GTI_SYNC_NOW: NOW,
        },
        cwd: FIXTURES,
        stdoutIsTTY: false,
        stderrIsTTY: runOptions.stderrTerminal === true,
        stdinIsTTY: runOptions.terminal === true,
        readLine: async (prompt: string) => {
          prompts.push(prompt);
          return runOptions.answer === undefined ? null : runOptions.answer;
        },
      });
      return { code, stdout, stderr, prompts };
    },
    state: async () => (await (await fetch(`${server.origin}/_emulator/state`)).json()) as Seed,
    stats,
    writes: async () =>
      Object.fromEntries(
        Object.entries((await stats()).by_route).filter(([route]) => !route.startsWith('GET ')),
      ),
    close: () => server.close(),
  };
}

/** A canned answer the proxy gives instead of forwarding. */
export interface CannedAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * A proxy in front of `origin` that forwards every request, except that `intercept` may answer a
 * write (any method but GET) itself: it gets the 1-based number of the write and its route.
 */
export async function startFailingProxy(
  origin: string,
  intercept: (write: number, method: string, path: string) => CannedAnswer | undefined,
): Promise<{ url: string; close(): Promise<void> }> {
  let writes = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      const method = req.method ?? 'GET';
      const path = req.url ?? '/';
      const canned = method === 'GET' ? undefined : intercept(++writes, method, path);
      if (canned !== undefined) {
        res.writeHead(canned.status, { 'content-type': 'application/json', ...canned.headers });
        res.end(JSON.stringify(canned.body));
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (typeof value === 'string' && !['host', 'connection', 'content-length'].includes(name))
          headers[name] = value;
      }
      const answer = await fetch(`${origin}${path}`, {
        method,
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      });
      const body = Buffer.from(await answer.arrayBuffer());
      const outHeaders: Record<string, string> = {};
      answer.headers.forEach((value, name) => {
        if (
          !['content-encoding', 'content-length', 'transfer-encoding', 'connection'].includes(name)
        )
          outHeaders[name] = value;
      });
      res.writeHead(answer.status, outHeaders);
      res.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v3`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
