/**
 * Quotas (gti-api.md §5, §6 rev 2): values beyond 32 bits read exactly, also when written as
 * decimal strings; quota names gti-sync does not know pass through; an entry of a shape gti-sync
 * cannot read is dropped instead of failing the whole answer.
 */
import { describe, expect, it } from 'vitest';
import { collect } from '../../src/api/paginate.js';
import { sendJson, startServer } from '../support/http-server.js';
import { startTestClient } from '../support/client.js';

const HOURLY = 60_000_000_000;

describe('quota numbers and names', () => {
  it('overall_quotas: 6·10^10 exact, strings read as numbers, unknown names kept', async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 200, {
        data: {
          api_requests_hourly: { user: { allowed: HOURLY, used: 3 } },
          monitor_storage_bytes: {
            user: { allowed: '9007199254740991', used: '12345678901' },
            group: { allowed: HOURLY, used: 1, inherited_from: 'g' },
          },
          cases_creation_monthly: { user: { allowed: 10, used: 1 } },
          intelligence_graphs_private: { user: { shape: 'unknown' } },
        },
      }),
    );
    const quotas = await startTestClient(server, 'key-q').getOverallQuotas('u');
    expect(quotas).toEqual({
      api_requests_hourly: { user: { allowed: HOURLY, used: 3 } },
      monitor_storage_bytes: {
        user: { allowed: Number.MAX_SAFE_INTEGER, used: 12_345_678_901 },
        group: { allowed: HOURLY, used: 1, inherited_from: 'g' },
      },
      cases_creation_monthly: { user: { allowed: 10, used: 1 } },
    });
  });

  it('a listed user with an unknown quota of another shape is still a user', async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 200, {
        data: [
          {
            type: 'user',
            id: 'u',
            attributes: {
              email: 'u@x.example',
              quotas: {
                api_requests_hourly: { allowed: String(HOURLY), used: 0 },
                cases_creation_monthly: { allowed: 5, used: 2 },
                monitor_storage_bytes: 42,
              },
            },
            context_attributes: {
              roles: [],
              quota_limits: { api_requests_daily: { allowed: '20000' } },
              quota_consumed_from_group: '7',
            },
          },
        ],
        meta: {},
      }),
    );
    const [user] = await collect(startTestClient(server, 'key-q').listGroupUsers('g'));
    expect(user?.attributes.quotas).toEqual({
      api_requests_hourly: { allowed: HOURLY, used: 0 },
      cases_creation_monthly: { allowed: 5, used: 2 },
    });
    expect(user?.context_attributes?.quota_limits).toEqual({
      api_requests_daily: { allowed: 20000 },
    });
    expect(user?.context_attributes?.quota_consumed_from_group).toBe(7);
  });
});
