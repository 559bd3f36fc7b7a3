import { describe, expect, it } from 'vitest';
import type { GtiApi } from '../../src/api/types.js';
import { executePlan } from '../../src/apply/execute-plan.js';
import { loadGroupFile } from '../../src/config/load-group-file.js';
import { readLiveGroup } from '../../src/live/read-live-group.js';
import { computePlan } from '../../src/engine/compute-plan.js';
import { approved } from '../support/approved.js';
import { CALLER_KEY, FIXTURES, NOW, startCliWorld } from './apply-world.js';
import { startTestClient } from '../support/client.js';
import { recordCalls } from '../apply/harness.js';

/** A run that dies after `k` writes: writes past the k-th never reach the API. */
async function applyKilledAfter(k: number, url: string): Promise<number> {
  const client: GtiApi = startTestClient(url, CALLER_KEY);
  let writes = 0;
  const { api } = recordCalls(client, {
    beforeWrite: () => {
      writes += 1;
      if (writes > k) throw new Error('killed');
    },
  });
  try {
    const now = new Date(NOW);
    const { config } = await loadGroupFile('group.yaml', { cwd: FIXTURES, now });
    const plan = computePlan(config, await readLiveGroup(client, 'acme'), { now });
    await executePlan(api, approved(plan), { concurrency: 1 });
    return Math.min(writes, k);
  } finally {
    await client.close();
  }
}

describe('apply after an interrupted run', () => {
  it.each([1, 2, 3])('converges on the next run after dying after %i write(s)', async (k) => {
    const world = await startCliWorld();
    expect(await applyKilledAfter(k, world.server.url)).toBe(k);
    const rerun = await world.run(['apply', 'group.yaml', '--auto-approve']);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toMatch(/Apply complete: \d+ done, 0 failed/);
    expect((await world.run(['plan', 'group.yaml', '--detailed-exitcode'])).code).toBe(0);
  });

  it('rides out transient faults (503, 429, closed connections) with retries and converges', async () => {
    const world = await startCliWorld({ faultRate: 0.2, faultSeed: 7 });
    const result = await world.run(['apply', 'group.yaml', '--auto-approve']);
    expect(result.code).toBe(0);
    // Faults happened and were retried (one stderr line per retry).
    expect(result.stderr).toMatch(/^gti-sync: retry 1 of /m);
    expect(result.stdout).toMatch(/Apply complete: 12 done, 0 failed/);
    expect((await world.run(['plan', 'group.yaml', '--detailed-exitcode'])).code).toBe(0);
  });
});
