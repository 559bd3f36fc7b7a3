import { describe, expect, it } from 'vitest';
import { describeGiveUp } from '../../src/api/retry.js';
import { apiError, sendJson, startServer } from '../support/http-server.js';
import {
  apiFailure,
  createFakeClock,
  DEFAULT_RETRY,
  KEY,
  startTestClient,
} from '../support/client.js';

describe('the error after the retries are used up', () => {
  it('says how many retries it already had and over how long (503 six times)', async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 503, apiError('TransientError', 'Temporary failure; retry later')),
    );
    const clock = createFakeClock();
    const client = startTestClient(server.baseUrl, KEY, {
      retry: DEFAULT_RETRY,
      clock,
      random: () => 0.5,
    });
    const error = await apiFailure(client.getGroup('acme_soc'));
    expect(error.code).toBe('API_TransientError');
    expect(server.requests).toHaveLength(6);
    // Waits of 0.5 × 250 × 2^n ms for n = 0..4: 125 + 250 + 500 + 1000 + 2000 = 3875 ms.
    expect(error.message).toMatch(/retry later \(gave up after 5 retries over 3\.9 s\)$/);
  });

  it('says so when the time budget ends the retries too', async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 503, apiError('TransientError', 'down'), { 'retry-after': '3' }),
    );
    const client = startTestClient(server.baseUrl, KEY, {
      retry: { budgetMs: 10_000 },
      clock: createFakeClock(),
    });
    const error = await apiFailure(client.getGroup('acme_soc'));
    expect(error.message).toMatch(/\(gave up after 3 retries over 9 s\)$/);
  });

  it('adds nothing to an error that was not retried', async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 403, apiError('ForbiddenError', 'not an administrator')),
    );
    const client = startTestClient(server.baseUrl, KEY, {
      retry: DEFAULT_RETRY,
      clock: createFakeClock(),
    });
    const error = await apiFailure(client.getGroup('acme_soc'));
    expect(error.code).toBe('API_ForbiddenError');
    expect(error.message).not.toContain('gave up');
  });

  it('words one retry and tenths of seconds', () => {
    expect(describeGiveUp(1, 250)).toBe('gave up after 1 retry over 0.3 s');
    expect(describeGiveUp(5, 61_049)).toBe('gave up after 5 retries over 61 s');
  });
});
