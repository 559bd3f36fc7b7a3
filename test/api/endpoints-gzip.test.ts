/**
 * Compression (gti-api.md §1, §11): the client sends `Accept-Encoding: gzip` and decodes by the
 * answer's `Content-Encoding`, never assuming either way: a real local server answers gzipped and
 * plain bodies, success and error alike.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { apiError, startServer } from '../support/http-server.js';
import { apiFailure, startTestClient } from '../support/client.js';

const GROUP = { data: { type: 'group', id: 'g', attributes: { organization: 'Gzip Org' } } };

describe('gzip answers', () => {
  it('a gzipped answer is decoded; a plain one to the same request is read as it is', async () => {
    const server = await startServer((_req, res, index) => {
      const json = Buffer.from(JSON.stringify(GROUP));
      if (index === 0) {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync(json));
      } else {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(json);
      }
    });
    const client = startTestClient(server, 'key-gzip');
    expect((await client.getGroup('g')).attributes.organization).toBe('Gzip Org');
    expect((await client.getGroup('g')).attributes.organization).toBe('Gzip Org');
    expect(server.requests[0]?.headers['accept-encoding']).toMatch(/\bgzip\b/);
  });

  it('a gzipped error answer still yields its code', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(403, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify(apiError('ForbiddenError', 'not yours'))));
    });
    const client = startTestClient(server, 'key-gzip');
    const error = await apiFailure(client.getGroup('g'));
    expect(error.code).toBe('API_ForbiddenError');
  });

  it('a gzipped api_usage without the data wrapper is decoded and normalised', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(
        gzipSync(JSON.stringify({ daily: { '2026-11-25': { files: 2 } }, total: { files: 2 } })),
      );
    });
    const client = startTestClient(server, 'key-gzip');
    const usage = await client.getUserApiUsage('u', { from: '2026-11-25', to: '2026-11-25' });
    expect(usage.total).toEqual({ '/api/v3/(files)': 2 });
  });
});
