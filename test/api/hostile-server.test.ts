import { describe, expect, it } from 'vitest';
import { apiFailure, startTestClient } from '../support/client.js';
import { startServer } from '../support/http-server.js';

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
