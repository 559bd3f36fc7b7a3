/**
 * `usage api` and `usage features` when the API answers in the other documented shapes
 * (gti-api.md §6, §7 rev 2): the real CLI against the emulator behind a proxy that rewrites its
 * answers. `usage api` must give the same numbers whatever the shape; `usage features` must show
 * quota names gti-sync does not know, and numbers beyond 32 bits exactly, in every format.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { ApiUsageReport, FeaturesReport } from '../../src/model/reports.js';
import { startProxy } from '../support/http-server.js';
import { runReportCli, startReportEmulator } from './report-world.js';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await startReportEmulator();
});

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `/api/v3/(files)` → `files` in every key of a map of counts. */
function plainKeys(counts: unknown): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(counts as Json))
    out[k.replace(/^\/api\/v3\/\((.*)\)$/, '$1')] = v;
  return out;
}

/** Rewrites an api_usage answer in place: unwrapped, plain keys, idle days left out. */
function otherUsageShape(body: unknown): void {
  if (!isObject(body) || !isObject(body['data']) || !('daily' in body['data'])) return;
  const data = body['data'];
  delete body['data'];
  for (const [name, value] of Object.entries(data)) {
    if (name.startsWith('daily')) {
      const days: Json = {};
      for (const [day, counts] of Object.entries(value as Json))
        if (Object.keys(counts as Json).length > 0) days[day] = plainKeys(counts);
      body[name] = days;
    } else body[name] = plainKeys(value);
  }
}

async function usageApi(url: string, argv: string[]): Promise<ApiUsageReport> {
  const run = await runReportCli(emulator, ['usage', 'api', '--format', 'json', ...argv], {
    api: url,
  });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as ApiUsageReport;
}

describe('usage api whatever the shape of api_usage', () => {
  it.each([
    [['--group', 'lab_team']],
    [['--group', 'lab_team', '--all-users']],
    [['--group', 'lab_team', '--from', '2026-10-13', '--to', '2026-11-26', '--user', 'amy']],
  ])('%j: the same report unwrapped, with plain keys and sparse days', async (argv) => {
    const proxy = await startProxy(emulator.url, { rewriteJson: otherUsageShape });
    const direct = await usageApi(emulator.url, argv);
    const rewritten = await usageApi(proxy.url, argv);
    expect(rewritten).toEqual(direct);
    // Every day of the range asked, though the answers left the idle ones out.
    const days = Object.keys(rewritten.group_usage.by_day);
    expect(days[0]).toBe(rewritten.from);
    expect(days.at(-1)).toBe(rewritten.to);
    expect(
      Object.keys(rewritten.group_usage.by_endpoint).every((k) => k.startsWith('/api/v3/(')),
    ).toBe(true);
  });
});

/** Adds quotas gti-sync does not know, and values beyond 32 bits, to the group and the members. */
function extraQuotas(body: unknown): void {
  const objects = isObject(body)
    ? Array.isArray(body['data'])
      ? body['data']
      : [body['data']]
    : [];
  for (const object of objects) {
    if (!isObject(object) || !isObject(object['attributes'])) continue;
    const attributes = object['attributes'];
    if (object['type'] === 'group') {
      attributes['quotas'] = {
        ...(attributes['quotas'] as Json),
        api_requests_hourly: { allowed: 60_000_000_000, used: 7 },
        monitor_storage_bytes: { allowed: 60_000_000_000, used: '12345678901' },
        cases_creation_monthly: { allowed: 50, used: 7 },
      };
    } else if (object['type'] === 'user' && isObject(attributes['quotas'])) {
      attributes['quotas']['cases_creation_monthly'] = { allowed: 5, used: 2 };
      attributes['quotas']['intelligence_graphs_private'] = { shape: 'unknown' };
    }
  }
}

describe('usage features with quotas gti-sync does not know', () => {
  const features = async (format: string) => {
    const proxy = await startProxy(emulator.url, { rewriteJson: extraQuotas });
    const run = await runReportCli(
      emulator,
      ['usage', 'features', '--group', 'lab_team', '--all-users', '--format', format],
      { api: proxy.url },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    return run.stdout;
  };

  it('json: passed through, exact', async () => {
    const report = JSON.parse(await features('json')) as FeaturesReport;
    expect(report.group_usage['monitor_storage_bytes']).toEqual({
      used: 12_345_678_901,
      allowed: 60_000_000_000,
    });
    expect(report.group_usage['api_requests_hourly']).toEqual({ used: 7, allowed: 60_000_000_000 });
    expect(report.group_usage['cases_creation_monthly']).toEqual({ used: 7, allowed: 50 });
    const amy = report.users.find((u) => u.id === 'amy');
    expect(amy?.quotas['cases_creation_monthly']).toEqual({ used: 2, allowed: 5 });
    // A quota of a shape gti-sync cannot read is left out, not an error.
    expect(amy?.quotas['intelligence_graphs_private']).toBeUndefined();
  });

  it('csv, text and markdown show them too', async () => {
    const csv = await features('csv');
    expect(csv).toContain('group,lab_team,,monitor_storage_bytes,12345678901,60000000000');
    expect(csv).toContain('user,amy,amy@lab.example,cases_creation_monthly,2,5');
    for (const format of ['text', 'markdown']) {
      const out = await features(format);
      expect(out).toContain('monitor_storage_bytes');
      expect(out).toContain('12345678901');
      expect(out).toContain('cases_creation_monthly');
    }
  });
});
