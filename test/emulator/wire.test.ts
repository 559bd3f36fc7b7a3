/**
 * What travels on the wire (gti-api.md §1, §6, revision 2): gzip by `Accept-Encoding`, decoded here
 * by hand from the raw socket; quota numbers beyond 32 bits and unknown quota names, exact.
 */
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { acceptsGzip } from '../../src/emulator/server.js';
import { start, testSeed } from './fixture.js';

interface Raw {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
}

/** One request through node:http, which neither adds Accept-Encoding nor decodes anything. */
function rawGet(url: string, headers: Record<string, string>): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          bytes: Buffer.concat(chunks),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('gzip (http server)', () => {
  it('compresses when Accept-Encoding admits gzip, with Content-Encoding: gzip', async () => {
    const server = await start();
    const r = await rawGet(`${server.url}/groups/acme/users?limit=40`, {
      'x-apikey': 'key-ada',
      'accept-encoding': 'br;q=1.0, gzip;q=0.8',
    });
    expect(r.status).toBe(200);
    expect(r.headers['content-encoding']).toBe('gzip');
    expect(r.bytes.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(Number(r.headers['content-length'])).toBe(r.bytes.length);
    const body = JSON.parse(gunzipSync(r.bytes).toString('utf8'));
    expect(body.meta.count).toBe(6);
  });

  it('compresses error answers too, and answers plain without gzip or with gzip;q=0', async () => {
    const server = await start();
    const error = await rawGet(`${server.url}/groups/acme/users?limit=41`, {
      'x-apikey': 'key-ada',
      'accept-encoding': 'gzip',
    });
    expect(error.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(error.bytes).toString('utf8')).error.code).toBe('BadRequestError');
    for (const headers of [{}, { 'accept-encoding': 'gzip;q=0, identity' }]) {
      const plain = await rawGet(`${server.url}/groups/acme`, {
        'x-apikey': 'key-ada',
        ...headers,
      });
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(JSON.parse(plain.bytes.toString('utf8')).data.id).toBe('acme');
    }
  });

  it('reads Accept-Encoding like RFC 9110 (tokens, q-values, *)', () => {
    expect(acceptsGzip('gzip')).toBe(true);
    expect(acceptsGzip('deflate, GZIP')).toBe(true);
    expect(acceptsGzip('x-gzip')).toBe(true);
    expect(acceptsGzip('*')).toBe(true);
    expect(acceptsGzip('gzip;q=0')).toBe(false);
    expect(acceptsGzip('br, deflate')).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
  });
});

describe('numbers beyond 32 bits and unknown quota names (§6)', () => {
  it('serves 6·10^10, 2^53 − 1 and unknown names exactly, in overall_quotas and listings', async () => {
    const seed = testSeed();
    const acme = seed.groups?.[0];
    const ada = seed.users?.[0];
    if (acme === undefined || ada === undefined) throw new Error('fixture changed');
    acme.quotas = {
      ...acme.quotas,
      monitor_storage_bytes: { allowed: 2 ** 53 - 1, used: 4294967297 },
    };
    ada.quotas = {
      ...ada.quotas,
      cases_creation_monthly: { allowed: 5000000000, used: 3 },
      intelligence_graphs_private: { allowed: 7 },
    };
    const server = await start(seed);
    const r = await rawGet(`${server.url}/users/ada/overall_quotas`, { 'x-apikey': 'key-ada' });
    const text = r.bytes.toString('utf8');
    expect(text).toContain('"api_requests_hourly":{"user":{"allowed":60000000000,"used":0}}');
    expect(text).toContain('"allowed":9007199254740991,"used":4294967297');
    const data = JSON.parse(text).data;
    expect(data.cases_creation_monthly).toEqual({ user: { allowed: 5000000000, used: 3 } });
    expect(data.intelligence_graphs_private).toEqual({ user: { allowed: 7, used: 0 } });
    expect(data.monitor_storage_bytes).toEqual({
      user: { allowed: 1000000000, used: 0 },
      group: { allowed: 9007199254740991, used: 4294967297, inherited_from: 'acme' },
    });
    const listing = await rawGet(`${server.url}/groups/acme/users?limit=1`, {
      'x-apikey': 'key-ada',
    });
    expect(listing.bytes.toString('utf8')).toContain(
      '"cases_creation_monthly":{"allowed":5000000000,"used":3}',
    );
    const group = await rawGet(`${server.url}/groups/acme`, { 'x-apikey': 'key-ada' });
    expect(group.bytes.toString('utf8')).toContain('"allowed":9007199254740991');
  });
});
