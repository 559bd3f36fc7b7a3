import { describe, expect, it } from 'vitest';
import { mergeApiUsage } from '../../src/report/merge-api-usage.js';
import type { ApiUsage } from '../../src/api/types.js';

function usage(daily: ApiUsage['daily'], notConsuming: ApiUsage['daily'] = {}): ApiUsage {
  return {
    daily,
    total: {},
    daily_endpoints_not_consuming_quota: notConsuming,
    total_endpoints_not_consuming_quota: {},
  };
}

describe('mergeApiUsage', () => {
  it('sums parts per endpoint and per day, fills idle days, keeps not-consuming calls apart', () => {
    const merged = mergeApiUsage(
      [
        usage(
          { '2026-11-01': { '/api/v3/(files)': 5, '/api/v3/(urls)': 1 }, '2026-11-02': {} },
          { '2026-11-01': { '/api/v3/(users)': 7 } },
        ),
        usage({ '2026-11-03': { '/api/v3/(files)': 2 } }),
      ],
      { from: '2026-11-01', to: '2026-11-04' },
    );
    expect(merged.consuming).toEqual({
      total: 8,
      by_endpoint: { '/api/v3/(files)': 7, '/api/v3/(urls)': 1 },
      by_day: { '2026-11-01': 6, '2026-11-02': 0, '2026-11-03': 2, '2026-11-04': 0 },
    });
    expect(merged.notConsuming.total).toBe(7);
    expect(merged.notConsuming.by_endpoint).toEqual({ '/api/v3/(users)': 7 });
  });

  it('ignores days outside the range', () => {
    const merged = mergeApiUsage([usage({ '2026-10-31': { a: 100 }, '2026-11-01': { a: 1 } })], {
      from: '2026-11-01',
      to: '2026-11-01',
    });
    expect(merged.consuming.total).toBe(1);
    expect(Object.keys(merged.consuming.by_day)).toEqual(['2026-11-01']);
  });

  it('orders endpoints by count, then name', () => {
    const merged = mergeApiUsage([usage({ '2026-11-01': { b: 1, c: 3, a: 1 } })], {
      from: '2026-11-01',
      to: '2026-11-01',
    });
    expect(Object.keys(merged.consuming.by_endpoint)).toEqual(['c', 'a', 'b']);
  });
});
