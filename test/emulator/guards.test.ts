/**
 * The emulator's guards (issue 11 item 1), against a real server on 127.0.0.1: request bodies are
 * bounded before anything else (413, not buffered), and the control endpoints refuse what a web
 * page could send (a foreign `Origin`: 403; a non-JSON write: 415).
 */
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { readStats } from '../support/emulator.js';
import { start } from './fixture.js';

const MiB = 1024 * 1024;

/**
 * Sends `POST url` with a body streamed in 64 KiB chunks (up to `maxBytes`) until the server
 * answers; resolves with the status and the bytes the client managed to hand over by then.
 * `declaredLength` sets `Content-Length`; without it the body is chunked.
 */
function streamUntilAnswered(
  url: string,
  maxBytes: number,
  declaredLength?: number,
): Promise<{ status: number; written: number }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { 'content-type': 'application/json' };
    if (declaredLength !== undefined) headers['content-length'] = declaredLength;
    const req = httpRequest(url, { method: 'POST', headers });
    let written = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      res.resume();
      resolve({ status: res.statusCode ?? 0, written });
    });
    // Writes after the server closed fail (EPIPE, ECONNRESET): only an error before any answer counts.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    const pump = (): void => {
      while (!answered && written < maxBytes) {
        written += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

describe('request bodies are bounded (1 MiB) before the Host or key check', () => {
  it('a declared 64 MiB body: 413 at once, before the client sent it, and nothing counted', async () => {
    const server = await start();
    // No key: the size is refused before the key is looked at (413, not 401).
    const r = await streamUntilAnswered(
      `${server.url}/groups/acme/relationships/users`,
      64 * MiB,
      64 * MiB,
    );
    expect(r.status).toBe(413);
    expect(r.written).toBeLessThan(64 * MiB);
    expect((await readStats(server)).requests).toBe(0);
  });

  it('a chunked body (no length) passing 1 MiB: 413 while the client is still sending', async () => {
    const server = await start();
    const r = await streamUntilAnswered(`${server.origin}/_emulator/accounts`, 64 * MiB);
    expect(r.status).toBe(413);
    expect(r.written).toBeLessThan(64 * MiB);
    expect((await readStats(server)).requests).toBe(0);
  });

  it('a body just under the limit is still read (a 400 for its content, not a 413)', async () => {
    const server = await start();
    const response = await fetch(`${server.origin}/_emulator/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ users: [], pad: 'x'.repeat(MiB - 100) }),
    });
    expect(response.status).toBe(400);
  });
});

describe('control endpoints refuse cross-site requests', () => {
  const newUser = { users: [{ id: 'mallory', email: 'mallory@evil.example', apikey: 'key-m' }] };

  it('a cross-site text/plain POST to /_emulator/accounts: 403, nothing created', async () => {
    const server = await start();
    const before = server.emulator.state();
    const response = await fetch(`${server.origin}/_emulator/accounts`, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'text/plain' },
      body: JSON.stringify(newUser),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe(
      'ForbiddenError',
    );
    expect(server.emulator.state()).toEqual(before);
  });

  it('a foreign Origin is refused on every control request, bodyless ones and `null` included', async () => {
    const server = await start();
    for (const origin of ['https://evil.example', 'null', 'http://127.0.0.1:1']) {
      const reset = await fetch(`${server.origin}/_emulator/reset`, {
        method: 'POST',
        headers: { origin },
      });
      expect(reset.status).toBe(403);
      const state = await fetch(`${server.origin}/_emulator/state`, { headers: { origin } });
      expect(state.status).toBe(403);
      const json = await fetch(`${server.origin}/_emulator/accounts`, {
        method: 'POST',
        headers: { origin, 'content-type': 'application/json' },
        body: JSON.stringify(newUser),
      });
      expect(json.status).toBe(403);
    }
    expect((server.emulator.state().users ?? []).some((u) => u.id === 'mallory')).toBe(false);
  });

  it('a control write whose body is not JSON: 415 even without an Origin, nothing created', async () => {
    const server = await start();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const response = await fetch(`${server.origin}/_emulator/accounts`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: JSON.stringify(newUser),
      });
      expect(response.status).toBe(415);
    }
    expect((server.emulator.state().users ?? []).some((u) => u.id === 'mallory')).toBe(false);
  });

  it('same-origin JSON, no Origin at all, and a bodyless reset still work', async () => {
    const server = await start();
    const created = await fetch(`${server.origin}/_emulator/accounts`, {
      method: 'POST',
      headers: { origin: server.origin, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(newUser),
    });
    expect(created.status).toBe(200);
    expect((server.emulator.state().users ?? []).some((u) => u.id === 'mallory')).toBe(true);
    const reset = await fetch(`${server.origin}/_emulator/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect((server.emulator.state().users ?? []).some((u) => u.id === 'mallory')).toBe(false);
    const state = await fetch(`${server.origin}/_emulator/state`, {
      headers: { origin: server.origin },
    });
    expect(state.status).toBe(200);
  });
});
