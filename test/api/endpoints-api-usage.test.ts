/**
 * `api_usage` (17, 18) in every documented shape (gti-api.md §7 rev 2): unit tests of the one
 * normalisation, then through the real client against a local server answering each shape.
 */
import { describe, expect, it } from 'vitest';
import {
  describeApiUsageShape,
  normalizeApiUsage,
  readCount,
} from '../../src/api/normalize-api-usage.js';
import { sendJson, startServer } from '../support/http-server.js';
import { startTestClient } from '../support/client.js';

const RANGE = { from: '2026-11-24', to: '2026-11-26' };

/** The reference's shape: wrapped, `/api/v3/(…)` keys, idle days as `{}`. */
const WRAPPED = {
  data: {
    daily: {
      '2026-11-24': {},
      '2026-11-25': { '/api/v3/(files)': 600, '/api/v3/(intelligence_search)': 212 },
      '2026-11-26': { '/api/v3/(files)': 5 },
    },
    total: { '/api/v3/(files)': 605, '/api/v3/(intelligence_search)': 212 },
    daily_endpoints_not_consuming_quota: {
      '2026-11-24': {},
      '2026-11-25': { '/api/v3/(users)': 7 },
      '2026-11-26': {},
    },
    total_endpoints_not_consuming_quota: { '/api/v3/(users)': 7 },
  },
};

/** The same numbers unwrapped, with plain keys and idle days left out. */
const SPARSE_PLAIN_UNWRAPPED = {
  daily: {
    '2026-11-25': { files: 600, intelligence_search: 212 },
    '2026-11-26': { files: 5 },
  },
  total: { files: 605, intelligence_search: 212 },
  daily_endpoints_not_consuming_quota: { '2026-11-25': { users: 7 } },
  total_endpoints_not_consuming_quota: { users: 7 },
};

const EXPECTED = normalizeApiUsage(WRAPPED, RANGE);

describe('normalizeApiUsage', () => {
  it('reads the wrapped shape with every day of the range', () => {
    expect(EXPECTED).toEqual({
      daily: {
        '2026-11-24': {},
        '2026-11-25': { '/api/v3/(files)': 600, '/api/v3/(intelligence_search)': 212 },
        '2026-11-26': { '/api/v3/(files)': 5 },
      },
      total: { '/api/v3/(files)': 605, '/api/v3/(intelligence_search)': 212 },
      daily_endpoints_not_consuming_quota: {
        '2026-11-24': {},
        '2026-11-25': { '/api/v3/(users)': 7 },
        '2026-11-26': {},
      },
      total_endpoints_not_consuming_quota: { '/api/v3/(users)': 7 },
    });
  });

  it('gives the same result for each other shape and their combinations', () => {
    const unwrapped = WRAPPED.data;
    const plainWrapped = { data: SPARSE_PLAIN_UNWRAPPED };
    for (const shape of [unwrapped, SPARSE_PLAIN_UNWRAPPED, plainWrapped]) {
      expect(normalizeApiUsage(shape, RANGE)).toEqual(EXPECTED);
    }
  });

  it('a missing day is a day of zero; without a range the days are those answered', () => {
    const sparse = normalizeApiUsage(SPARSE_PLAIN_UNWRAPPED);
    expect(Object.keys(sparse?.daily ?? {})).toEqual(['2026-11-25', '2026-11-26']);
    expect(normalizeApiUsage(SPARSE_PLAIN_UNWRAPPED, RANGE)?.daily['2026-11-24']).toEqual({});
  });

  it('one endpoint under both spellings in one answer is one endpoint', () => {
    const mixed = {
      data: {
        daily: { '2026-11-25': { files: 3, '/api/v3/(files)': 4, urls: 1 } },
        total: { files: 3, '/api/v3/(files)': 4, '/api/v3/(urls)': 1 },
      },
    };
    const usage = normalizeApiUsage(mixed, { from: '2026-11-25', to: '2026-11-25' });
    expect(usage?.daily).toEqual({ '2026-11-25': { '/api/v3/(files)': 7, '/api/v3/(urls)': 1 } });
    expect(usage?.total).toEqual({ '/api/v3/(files)': 7, '/api/v3/(urls)': 1 });
    expect(usage?.daily_endpoints_not_consuming_quota).toEqual({ '2026-11-25': {} });
  });

  it('drops days outside the range; reads counts written as strings, beyond 32 bits', () => {
    const usage = normalizeApiUsage(
      { daily: { '2026-11-20': { files: 9 }, '2026-11-25': { files: '60000000000' } } },
      { from: '2026-11-25', to: '2026-11-25' },
    );
    expect(usage?.daily).toEqual({ '2026-11-25': { '/api/v3/(files)': 60_000_000_000 } });
    expect(readCount('9007199254740991')).toBe(Number.MAX_SAFE_INTEGER);
    expect(readCount('12a')).toBeUndefined();
  });

  it('refuses what is neither shape', () => {
    expect(normalizeApiUsage([1, 2])).toBeUndefined();
    expect(normalizeApiUsage({ data: 'x' })).toBeUndefined();
    expect(normalizeApiUsage({ daily: { '2026-11-25': { files: 'many' } } })).toBeUndefined();
  });
});

describe('describeApiUsageShape', () => {
  it('tells each documented shape apart', () => {
    expect(describeApiUsageShape(WRAPPED, RANGE)).toEqual({
      wrapped: true,
      endpointKeys: '/api/v3/(files)',
      sparseDays: false,
    });
    expect(describeApiUsageShape(SPARSE_PLAIN_UNWRAPPED, RANGE)).toEqual({
      wrapped: false,
      endpointKeys: 'files',
      sparseDays: true,
    });
  });

  it('says null where the answer cannot tell', () => {
    const busy = { data: { daily: { '2026-11-25': { files: 1 } }, total: { files: 1 } } };
    expect(describeApiUsageShape(busy, { from: '2026-11-25', to: '2026-11-25' }).sparseDays).toBe(
      null,
    );
    expect(describeApiUsageShape({ data: { daily: {}, total: {} } }, RANGE).endpointKeys).toBe(
      null,
    );
  });
});

describe('the client reads every shape alike', () => {
  it('getGroupApiUsage gives the same answer for the wrapped and the sparse plain unwrapped shape', async () => {
    const answers = [WRAPPED, SPARSE_PLAIN_UNWRAPPED];
    const server = await startServer((_req, res, index) => sendJson(res, 200, answers[index]));
    const client = startTestClient(server, 'key-x');
    const first = await client.getGroupApiUsage('g', RANGE);
    const second = await client.getGroupApiUsage('g', RANGE);
    expect(first).toEqual(EXPECTED);
    expect(second).toEqual(EXPECTED);
    expect(server.requests[0]?.url).toBe(
      '/api/v3/groups/g/api_usage?start_date=20261124&end_date=20261126',
    );
  });
});
