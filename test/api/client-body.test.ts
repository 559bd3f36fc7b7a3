import { randomBytes } from 'node:crypto';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { BodyTooLargeError, decodeBody, parseJsonBody } from '../../src/api/body.js';
import { apiError, sendJson, startServer, type Handler } from '../support/http-server.js';
import {
  KEY,
  createFakeClock,
  apiFailure,
  DEFAULT_RETRY,
  startTestClient,
} from '../support/client.js';

const GROUP = { data: { type: 'group', id: 'acme_soc', attributes: { organization: 'ACME' } } };

async function setup(handler: Handler) {
  const server = await startServer(handler);
  const client = startTestClient(server.baseUrl, KEY, {
    retry: DEFAULT_RETRY,
    clock: createFakeClock(),
    random: () => 0,
  });
  return { server, client };
}

function encoded(encoding: string, body: unknown): Handler {
  const json = Buffer.from(JSON.stringify(body));
  const data =
    encoding === 'gzip'
      ? gzipSync(json)
      : encoding === 'deflate'
        ? deflateSync(json)
        : encoding === 'br'
          ? brotliCompressSync(json)
          : json;
  return (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': encoding });
    res.end(data);
  };
}

describe('response bodies', () => {
  for (const encoding of ['gzip', 'deflate', 'br', 'identity']) {
    it(`reads a ${encoding} body`, async () => {
      const { client, server } = await setup(encoded(encoding, GROUP));
      expect((await client.getGroup('acme_soc')).attributes.organization).toBe('ACME');
      expect(server.requests[0]?.headers['accept-encoding']).toBe('gzip, deflate, br');
    });
  }

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)(
    'stops a small %s bomb (decoded at once, on the main thread) at the limit',
    async (coding, compress) => {
      const bomb = compress(Buffer.alloc(8 * 1024 * 1024));
      expect(bomb.length).toBeLessThan(64 * 1024);
      const error = await decodeBody(bomb, coding, 1024 * 1024).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BodyTooLargeError);
      expect((error as BodyTooLargeError).stage).toBe('decompressed');
      expect(await decodeBody(bomb, coding, 8 * 1024 * 1024)).toHaveLength(8 * 1024 * 1024);
    },
  );

  it('decodes a large body (over 64 KiB compressed) the same, through the thread pool', async () => {
    const json = Buffer.from(JSON.stringify({ noise: randomBytes(96 * 1024).toString('base64') }));
    const packed = gzipSync(json, { level: 0 });
    expect(packed.length).toBeGreaterThan(64 * 1024);
    expect((await decodeBody(packed, 'gzip')).equals(json)).toBe(true);
  });

  it('reads raw deflate and a stacked encoding', async () => {
    const json = Buffer.from('{"a":1}');
    expect(parseJsonBody(await decodeBody(deflateRawSync(json), 'deflate'))).toEqual({
      kind: 'json',
      value: { a: 1 },
    });
    const twice = gzipSync(deflateSync(json));
    expect(parseJsonBody(await decodeBody(twice, 'deflate, gzip'))).toEqual({
      kind: 'json',
      value: { a: 1 },
    });
  });

  it('reads the error of a gzip 429 and of a plain 429 alike', async () => {
    const { client, server } = await setup((_req, res, i) => {
      const body = JSON.stringify(apiError('QuotaExceededError', 'quota'));
      if (i % 2 === 0) {
        res.writeHead(429, { 'content-encoding': 'gzip' });
        res.end(gzipSync(body));
      } else {
        res.writeHead(429);
        res.end(body);
      }
    });
    const error = await apiFailure(client.getGroup('acme_soc'));
    expect(error.code).toBe('QUOTA_EXCEEDED');
    expect(server.requests).toHaveLength(3);
  });

  it('a success read that is not JSON is BAD_RESPONSE, not retried', async () => {
    const { client, server } = await setup(
      (_req, res) => (res.writeHead(200), res.end('<html>oops</html>')),
    );
    expect((await apiFailure(client.getGroup('acme_soc'))).code).toBe('BAD_RESPONSE');
    expect(server.requests).toHaveLength(1);
  });

  it('a success read with an empty body is BAD_RESPONSE', async () => {
    const { client } = await setup((_req, res) => (res.writeHead(200), res.end()));
    expect((await apiFailure(client.getGroup('acme_soc'))).code).toBe('BAD_RESPONSE');
  });

  it('a read whose data has the wrong shape is BAD_RESPONSE', async () => {
    const { client } = await setup((_req, res) => sendJson(res, 200, { data: [1, 2] }));
    expect((await apiFailure(client.getGroup('acme_soc'))).code).toBe('BAD_RESPONSE');
  });

  it('an unknown Content-Encoding on a read is BAD_RESPONSE', async () => {
    const { client } = await setup((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'zstd' });
      res.end('xx');
    });
    expect((await apiFailure(client.getGroup('acme_soc'))).code).toBe('BAD_RESPONSE');
  });

  it('an error answer without a JSON body gets API_HTTP_<status>', async () => {
    const { client } = await setup((_req, res) => (res.writeHead(418), res.end('teapot')));
    const error = await apiFailure(client.getGroup('acme_soc'));
    expect(error.code).toBe('API_HTTP_418');
    expect(error.apiCode).toBeUndefined();
  });

  it('formats API errors as METHOD path: status code: message', async () => {
    const { client } = await setup((_req, res) =>
      sendJson(res, 403, apiError('ForbiddenError', 'You are not an admin')),
    );
    const error = await apiFailure(collectAll(client.listGroupUsers('acme_soc')));
    expect(error.message).toBe(
      'GET /groups/acme_soc/users: 403 ForbiddenError: You are not an admin',
    );
    expect(error).toMatchObject({
      code: 'API_ForbiddenError',
      status: 403,
      apiCode: 'ForbiddenError',
      method: 'GET',
    });
  });

  const writeBodies: Array<[string, Handler]> = [
    ['empty', (_req, res) => (res.writeHead(200), res.end())],
    ['{}', (_req, res) => sendJson(res, 200, {})],
    ['any JSON', (_req, res) => sendJson(res, 200, { data: [{ type: 'user', id: 'x' }] })],
    ['not JSON', (_req, res) => (res.writeHead(200), res.end('OK'))],
    ['204', (_req, res) => (res.writeHead(204), res.end())],
    [
      'gzip {}',
      (_req, res) => (res.writeHead(200, { 'content-encoding': 'gzip' }), res.end(gzipSync('{}'))),
    ],
  ];
  for (const [name, handler] of writeBodies) {
    it(`a write answered with ${name} succeeds`, async () => {
      const { client, server } = await setup(handler);
      await client.manageRoles('acme_soc', [{ id: 'alice', add_roles: ['USER_ROLE_GROUP_ADMIN'] }]);
      await client.addGroupUsers('acme_soc', ['a@acme.example']);
      expect(await client.removeGroupUser('acme_soc', 'bob')).toBe(true);
      expect(server.requests).toHaveLength(3);
    });
  }
});

async function collectAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
