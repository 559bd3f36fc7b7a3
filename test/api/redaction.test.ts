import { inspect } from 'node:util';
import { MockAgent } from 'undici';
import { describe, expect, it } from 'vitest';
import { createGtiClient, type ClientEvent } from '../../src/api/client.js';
import { createRedactor, redactCause } from '../../src/api/redact.js';
import {
  apiError,
  sendJson,
  startServer,
  type Handler,
  type TestServer,
} from '../support/http-server.js';
import { KEY, createFakeClock, apiFailure, startTestClient } from '../support/client.js';

/** Every way an error can be shown or serialised. */
function everyRendering(error: unknown): string {
  const parts = [
    String(error),
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
  ];
  let current: unknown = error;
  for (let i = 0; i < 5 && current instanceof Error; i++) {
    parts.push(current.message, current.stack ?? '', JSON.stringify(Object.entries(current)));
    current = current.cause;
  }
  return parts.join('\n');
}

/** The server of the current test (closed automatically). */
let server: TestServer | undefined;

async function setup(handler: Handler, events: ClientEvent[] = []) {
  server = await startServer(handler);
  return startTestClient(server, KEY, {
    clock: createFakeClock(),
    retry: { maxRetries: 1 },
    onEvent: (e) => events.push(e),
  });
}

describe('the API key never appears in errors', () => {
  it('not when the API echoes it in an error body, nor in the /users/{apikey} path', async () => {
    const events: ClientEvent[] = [];
    const c = await setup(
      (req, res) =>
        sendJson(
          res,
          403,
          apiError(
            'ForbiddenError',
            `Key ${KEY} (${encodeURIComponent(KEY)}) at ${req.url} may not`,
          ),
        ),
      events,
    );
    const error = await apiFailure(c.getCaller());
    expect(error.code).toBe('API_ForbiddenError');
    expect(error.path).toBe('/users/<apikey>');
    expect(error.message).toContain('GET /users/<apikey>: 403 ForbiddenError: Key <apikey>');
    expect(everyRendering(error)).not.toContain(KEY);
    expect(server?.requests[0]?.url).toBe(`/api/v3/users/${KEY}`);
  });

  it('not in retry events, TIMEOUT or a BAD_RESPONSE that quotes the body', async () => {
    const events: ClientEvent[] = [];
    const c = await setup((req, res, i) => {
      if (req.url.includes('overall')) return; // never answers: TIMEOUT
      if (i === 0) return sendJson(res, 503, apiError('TransientError', KEY));
      res.writeHead(200);
      res.end(`${KEY} is not JSON`);
    }, events);
    const bad = await apiFailure(c.getCaller());
    expect(bad.code).toBe('BAD_RESPONSE');
    const slow = startTestClient(server?.baseUrl ?? '', KEY, {
      timeoutMs: 30,
      retry: { maxRetries: 0 },
    });
    const timeout = await apiFailure(slow.getOverallQuotas(KEY));
    await slow.close();
    expect(timeout.code).toBe('TIMEOUT');
    expect(events.some((e) => e.type === 'retry')).toBe(true);
    for (const text of [everyRendering(bad), everyRendering(timeout), JSON.stringify(events)]) {
      expect(text).not.toContain(KEY);
    }
  });

  it('not in the cause of a network error whose message and nested cause quote the URL', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const inner = new Error(`socket to https://www.virustotal.com/api/v3/users/${KEY} hung up`);
    const outer = Object.assign(
      new Error(`fetch https://www.virustotal.com/api/v3/users/${encodeURIComponent(KEY)} failed`, {
        cause: inner,
      }),
      {
        code: 'ECONNRESET',
      },
    );
    agent
      .get('https://www.virustotal.com')
      .intercept({ path: () => true, method: 'GET' })
      .replyWithError(outer)
      .persist();
    const c = createGtiClient({
      baseUrl: 'https://www.virustotal.com/api/v3',
      apiKey: KEY,
      dispatcher: agent,
      clock: createFakeClock(),
      retry: { maxRetries: 1 },
    });
    const error = await apiFailure(c.getCaller());
    expect(error.code).toBe('NETWORK_ERROR');
    expect(error.cause).toMatchObject({ code: 'ECONNRESET' });
    expect(everyRendering(error)).toContain('<apikey>');
    expect(everyRendering(error)).not.toContain(KEY);
    await agent.close();
  });
});

describe('the API key never leaves the API’s origin', () => {
  it('a redirect is not followed, for a read or a write: the other host sees nothing', async () => {
    const elsewhere = await startServer((_req, res) => sendJson(res, 200, { data: true }));
    try {
      const c = await setup((req, res) => {
        res.writeHead(req.method === 'GET' ? 302 : 307, {
          location: `${elsewhere.baseUrl}${req.url.replace('/api/v3', '')}`,
        });
        res.end();
      });
      const read = await apiFailure(c.getCaller());
      const write = await apiFailure(c.addGroupUsers('acme_soc', ['a@acme.example']));
      expect([read.code, write.code]).toEqual(['API_HTTP_302', 'API_HTTP_307']);
      expect(server?.requests).toHaveLength(2);
      expect(elsewhere.requests).toEqual([]);
    } finally {
      await elsewhere.close();
    }
  });
});

describe('redactor', () => {
  it('replaces raw and encoded forms, and copies causes without the original', () => {
    const key = 'a b/c+d';
    const redact = createRedactor(key);
    expect(redact(`x ${key} y ${encodeURIComponent(key)} z ${encodeURI(key)}`)).toBe(
      'x <apikey> y <apikey> z <apikey>',
    );
    const copy = redactCause(
      Object.assign(new Error(`bad ${key}`), {
        code: 'E1',
        request: { headers: { 'x-apikey': key } },
      }),
      redact,
    );
    expect(copy.message).toBe('bad <apikey>');
    expect(inspect(copy, { showHidden: true, depth: 5 })).not.toContain(key);
    expect(redactCause('plain string', redact).message).toBe('plain string');
  });

  it('an empty key redacts nothing', () => {
    expect(createRedactor('')('text')).toBe('text');
  });
});
