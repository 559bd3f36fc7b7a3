import { createServer as createTcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { apiFailure, createFakeClock, FAST_RETRY, startTestClient } from '../support/client.js';
import { deferCleanup } from '../support/cleanup.js';
import { startServer } from '../support/http-server.js';
import { runCli } from '../support/run-cli.js';

/** A TCP server on 127.0.0.1 that closes every connection at once (no TLS, no HTTP). */
async function startSlammer(): Promise<{ port: number }> {
  const server = createTcpServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  deferCleanup(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.address() as AddressInfo).port };
}

/** The URL of a port where nothing listens any more. */
async function deadUrl(): Promise<string> {
  const server = await startServer((_req, res) => res.end('{}'));
  await server.close();
  return server.baseUrl;
}

function errorLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('gti-sync: '));
}

describe('connection errors name the base URL and where it came from', () => {
  it('--api-url', async () => {
    const url = await deadUrl();
    const run = await runCli(['doctor', '--group', 'g', '--api-url', url], { key: 'k' });
    expect(run.code).toBe(1);
    const [line] = errorLines(run.stderr);
    expect(line).toMatch(/^gti-sync: NETWORK_ERROR: /);
    expect(line).toContain(url);
    expect(line).toContain('--api-url');
  });

  it('GTI_API_URL', async () => {
    const url = await deadUrl();
    const run = await runCli(['doctor', '--group', 'g'], { api: url, key: 'k' });
    expect(run.code).toBe(1);
    const [line] = errorLines(run.stderr);
    expect(line).toMatch(/^gti-sync: NETWORK_ERROR: /);
    expect(line).toContain(url);
    expect(line).toContain('GTI_API_URL');
  });

  it('an HTML page instead of JSON: BAD_RESPONSE with the path and the source', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!doctype html><html><body>Sign in</body></html>');
    });
    const run = await runCli(['doctor', '--group', 'g'], { api: server.baseUrl, key: 'k' });
    expect(run.code).toBe(1);
    const [line] = errorLines(run.stderr);
    expect(line).toMatch(/^gti-sync: BAD_RESPONSE: /);
    expect(line).toMatch(/ \/\S+/); // the path
    expect(line).toContain(server.baseUrl);
    expect(line).toContain('GTI_API_URL');
    expect(line).not.toContain('Sign in');
  });
});

describe('https:// to a server that does not speak TLS', () => {
  it('a plain-http port: TLS_MISMATCH at once, one line, no OpenSSL report', async () => {
    const server = await startServer((_req, res) => res.end('{}'));
    const url = server.baseUrl.replace('http://', 'https://');
    const clock = createFakeClock();
    const client = startTestClient(url, 'k', { retry: FAST_RETRY, clock });
    const error = await apiFailure(client.getGroup('g'));
    expect(error.code).toBe('TLS_MISMATCH');
    expect(client.stats.requests).toBe(1);
    expect(client.stats.retries).toBe(0);
    expect(clock.sleeps).toEqual([]);
    expect(error.message).not.toContain('\n');
    expect(error.message).not.toMatch(/ssl3|openssl|routines/i);
  });

  it('through the CLI: one error line naming the URL and its source', async () => {
    const server = await startServer((_req, res) => res.end('{}'));
    const url = server.baseUrl.replace('http://', 'https://');
    const run = await runCli(['doctor', '--group', 'g', '--api-url', url], { key: 'k' });
    expect(run.code).toBe(1);
    const lines = errorLines(run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^gti-sync: TLS_MISMATCH: /);
    expect(lines[0]).toContain(url);
    expect(lines[0]).toContain('--api-url');
    expect(run.stderr).not.toMatch(/ssl3|openssl|routines|\n\s+at /i);
    expect(server.requests).toHaveLength(0);
  });

  it('a socket closed during the handshake: TLS_MISMATCH, not retried', async () => {
    const { port } = await startSlammer();
    const clock = createFakeClock();
    const client = startTestClient(`https://127.0.0.1:${port}/api/v3`, 'k', {
      retry: FAST_RETRY,
      clock,
    });
    const error = await apiFailure(client.getGroup('g'));
    expect(error.code).toBe('TLS_MISMATCH');
    expect(client.stats.requests).toBe(1);
  });
});

describe('429 is worded by what the API said', () => {
  function answer429(code: string, message: string) {
    return startServer((_req, res) => {
      res.writeHead(429, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code, message } }));
    });
  }

  it('TooManyRequestsError: the rate limit, with what to lower', async () => {
    const server = await answer429('TooManyRequestsError', 'Too many requests');
    const client = startTestClient(server, 'k', { retry: FAST_RETRY, clock: createFakeClock() });
    const error = await apiFailure(client.getGroup('g'));
    expect(error.code).toBe('API_TooManyRequestsError');
    expect(error.message).toContain('rate limit');
    expect(error.message).toContain('--max-rps');
    expect(error.message).not.toMatch(/daily|monthly/);
    expect(server.requests).toHaveLength(6); // the first try and 5 retries
  });

  it('QuotaExceededError for a day: the daily quota and when it resets', async () => {
    const server = await answer429('QuotaExceededError', 'Daily quota exceeded');
    const client = startTestClient(server, 'k', { retry: FAST_RETRY, clock: createFakeClock() });
    const error = await apiFailure(client.getGroup('g'));
    expect(error.code).toBe('QUOTA_EXCEEDED');
    expect(error.message).toContain('daily quota');
    expect(error.message).toContain('00:00 UTC');
    expect(server.requests).toHaveLength(3); // the first try and 2 quota retries
  });

  it('QuotaExceededError for a minute: the per-minute quota, not a reset date', async () => {
    const server = await answer429('QuotaExceededError', 'More than 4 requests a minute');
    const client = startTestClient(server, 'k', { retry: FAST_RETRY, clock: createFakeClock() });
    const error = await apiFailure(client.getGroup('g'));
    expect(error.code).toBe('QUOTA_EXCEEDED');
    expect(error.message).toContain('per-minute quota');
    expect(error.message).not.toContain('00:00 UTC');
  });

  it('QuotaExceededError for a month: the monthly quota', async () => {
    const server = await answer429('QuotaExceededError', 'Monthly quota exceeded');
    const client = startTestClient(server, 'k', { retry: FAST_RETRY, clock: createFakeClock() });
    const error = await apiFailure(client.getGroup('g'));
    expect(error.code).toBe('QUOTA_EXCEEDED');
    expect(error.message).toContain('monthly quota');
  });
});
