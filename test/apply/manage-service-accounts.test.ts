import { describe, expect, it } from 'vitest';
import { createHttpError } from '../../src/api/errors.js';
import { executePlan } from '../../src/apply/execute-plan.js';
import { approved } from '../support/approved.js';
import { unreadableRolesReason } from '../../src/apply/manage-service-accounts.js';
import type { Seed } from '../../src/emulator/index.js';
import { baseSeed, ops, planOf, recordCalls, startHarness, withEndpoint21 } from './harness.js';

const DOWNLOADS = 'USER_ROLE_FILE_DOWNLOADS';
const SCANNING = 'USER_ROLE_PRIVATE_SCANNING';
/** A role gti-sync does not know: kept in every set it sends. */
const FUTURE = 'USER_ROLE_SOMETHING_NEW';

describe('service accounts through endpoint 21', () => {
  it('sends the live set (unknown roles kept) with the change applied, and the cap, in one entry', async () => {
    const harness = await startHarness(baseSeed());
    const live = new Map([['acme_sa_one', [FUTURE, DOWNLOADS]]]);
    const { api, calls } = recordCalls(withEndpoint21(harness.api, live));
    const plan = planOf([
      ops.saGrant('sa_one', 'private_scanning'),
      ops.saRevoke('sa_one', 'file_downloads'),
      ops.saCap('sa_one', 4000),
    ]);
    const report = await executePlan(api, approved(plan));
    expect(calls).toEqual([
      { method: 'listGroupServiceAccounts', args: [{ attributes: ['first_name'] }] },
      {
        method: 'manageServiceAccounts',
        args: [
          [
            {
              id: 'acme_sa_one',
              roles: [FUTURE, SCANNING],
              quota_limits: { api_requests_daily: { allowed: 4000 } },
            },
          ],
        ],
      },
    ]);
    expect(report.done).toHaveLength(3);
    expect(report.failed).toEqual([]);
    // Never through Manage Roles on the users endpoint (revision 1).
    expect((await harness.stats()).by_route['PATCH /groups/{gid}/relationships/users']).toBe(
      undefined,
    );
  });

  it('gives a service account created by this apply its roles without reading the live sets', async () => {
    const harness = await startHarness(baseSeed());
    const { api, calls } = recordCalls(withEndpoint21(harness.api, new Map()));
    const plan = planOf([ops.createSa('sa_two'), ops.saGrant('sa_two', 'file_downloads')]);
    const report = await executePlan(api, approved(plan));
    expect(calls.map((c) => c.method)).toEqual(['createServiceAccounts', 'manageServiceAccounts']);
    expect(calls[1]?.args).toEqual([[{ id: 'acme_sa_two', roles: [DOWNLOADS] }]]);
    expect(report.done.map((o) => o.kind)).toEqual(['create_service_account', 'grant_role']);
  });

  it('leaves the roles of an account whose listing shows none alone, saying why; its cap still goes', async () => {
    const harness = await startHarness(baseSeed());
    const { api, calls } = recordCalls(withEndpoint21(harness.api, new Map()));
    const grant = ops.saGrant('sa_one', 'file_downloads');
    const report = await executePlan(api, approved(planOf([grant, ops.saCap('sa_one', 10)])));
    expect(calls.filter((c) => c.method === 'manageServiceAccounts')).toEqual([
      {
        method: 'manageServiceAccounts',
        args: [[{ id: 'acme_sa_one', quota_limits: { api_requests_daily: { allowed: 10 } } }]],
      },
    ]);
    const why = unreadableRolesReason('acme_sa_one');
    expect(report.skipped).toEqual([{ ...grant, reason: why.text, reason_code: why.code }]);
    expect(report.done.map((o) => o.kind)).toEqual(['set_quota']);
  });

  it('a failed read of the live sets fails the role operations; the cap still goes', async () => {
    const harness = await startHarness(baseSeed());
    harness.api.listGroupServiceAccounts = () =>
      (async function* () {
        yield* [];
        throw createHttpError({
          method: 'GET',
          path: '/groups/acme/service_accounts',
          status: 500,
        });
      })();
    const { api, calls } = recordCalls(withEndpoint21(harness.api, new Map()));
    const grant = ops.saGrant('sa_one', 'private_scanning');
    const report = await executePlan(api, approved(planOf([grant, ops.saCap('sa_one', 10)])));
    expect(report.failed.map((f) => [f.kind, f.error.code])).toEqual([
      ['grant_role', 'API_HTTP_500'],
    ]);
    expect(calls.filter((c) => c.method === 'manageServiceAccounts')).toEqual([
      {
        method: 'manageServiceAccounts',
        args: [[{ id: 'acme_sa_one', quota_limits: { api_requests_daily: { allowed: 10 } } }]],
      },
    ]);
  });

  it('batches 40 accounts a request: 45 caps → 2 requests, no read', async () => {
    const seed: Seed = baseSeed();
    const names = Array.from({ length: 45 }, (_, i) => `bot${String(i).padStart(2, '0')}`);
    seed.service_accounts = names.map((name) => ({ group: 'acme', name }));
    const harness = await startHarness(seed);
    const { api, calls } = recordCalls(withEndpoint21(harness.api, new Map()));
    const report = await executePlan(
      api,
      approved(planOf(names.map((n, i) => ops.saCap(n, i + 1)))),
    );
    const sent = calls.filter((c) => c.method === 'manageServiceAccounts');
    expect(sent.map((c) => (c.args[0] as unknown[]).length)).toEqual([40, 5]);
    expect(calls.some((c) => c.method === 'listGroupServiceAccounts')).toBe(false);
    expect(report.done).toHaveLength(45);
  });
});
