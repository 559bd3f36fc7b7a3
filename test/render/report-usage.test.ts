import { describe, expect, it } from 'vitest';
import { renderApiUsage, renderFeatures } from '../../src/render/render-usage.js';
import type { ApiUsageReport, FeaturesReport } from '../../src/model/reports.js';

const apiReport: ApiUsageReport = {
  group: 'lab',
  from: '2026-11-01',
  to: '2026-11-03',
  group_usage: {
    total: 30,
    by_endpoint: { '/api/v3/(files)': 20, '/api/v3/(urls)': 10 },
    by_day: { '2026-11-01': 25, '2026-11-02': 0, '2026-11-03': 5 },
  },
  not_consuming: {
    total: 4,
    by_endpoint: { '/api/v3/(users)': 4 },
    by_day: { '2026-11-01': 4, '2026-11-02': 0, '2026-11-03': 0 },
  },
  users: [
    {
      id: 'amy',
      email: 'amy@lab.example',
      total: 30,
      by_endpoint: { '/api/v3/(files)': 20, '/api/v3/(urls)': 10 },
      by_day: { '2026-11-01': 25, '2026-11-02': 0, '2026-11-03': 5 },
      not_consuming: {
        total: 0,
        by_endpoint: {},
        by_day: { '2026-11-01': 0, '2026-11-02': 0, '2026-11-03': 0 },
      },
    },
  ],
};

const featuresReport: FeaturesReport = {
  group: 'lab',
  month: '2026-11',
  group_usage: {
    api_requests_daily: { used: 5, allowed: 100 },
    intelligence_searches_monthly: { used: 30, allowed: 120 },
  },
  users: [
    {
      id: 'amy',
      email: 'amy@lab.example',
      quotas: { intelligence_searches_monthly: { used: 7, allowed: 1_000_000_000 } },
    },
    {
      id: 'ben',
      email: 'ben, "the" second',
      quotas: { api_requests_daily: { used: 3, allowed: 10 } },
    },
  ],
};

const text = { width: 60, color: false };

describe('renderApiUsage', () => {
  it('json is the model, one document', () => {
    expect(JSON.parse(renderApiUsage(apiReport, 'json', text))).toEqual(apiReport);
  });

  it('the title counts the days: 1 day, 3 days', () => {
    expect(renderApiUsage(apiReport, 'text', text)).toContain('(3 days, UTC)');
    const oneDay = {
      ...apiReport,
      to: apiReport.from,
      group_usage: { ...apiReport.group_usage, by_day: { [apiReport.from]: 25 } },
    };
    expect(renderApiUsage(oneDay, 'text', text).split('\n')[0]).toBe(
      `API calls of group lab, ${apiReport.from} to ${apiReport.from} (1 day, UTC)`,
    );
    expect(renderApiUsage(oneDay, 'markdown', text)).toContain('(1 day, UTC)\n');
  });

  it('csv has a header and one row per (scope, id, day)', () => {
    const lines = renderApiUsage(apiReport, 'csv', text).split('\r\n');
    expect(lines[0]).toBe('scope,id,email,day,calls,not_consuming_calls');
    expect(lines.slice(1, -1)).toEqual([
      'group,lab,,2026-11-01,25,4',
      'group,lab,,2026-11-02,0,0',
      'group,lab,,2026-11-03,5,0',
      'user,amy,amy@lab.example,2026-11-01,25,0',
      'user,amy,amy@lab.example,2026-11-02,0,0',
      'user,amy,amy@lab.example,2026-11-03,5,0',
    ]);
    expect(lines.at(-1)).toBe('');
  });

  it('markdown has tables and a mermaid xychart of the days', () => {
    const md = renderApiUsage(apiReport, 'markdown', text);
    expect(md).toContain('| ENDPOINT | CALLS |');
    expect(md).toContain('| /api/v3/(files) | 20 |');
    expect(md).toContain('```mermaid\nxychart-beta\n');
    expect(md).toContain('    x-axis ["2026-11-01", "2026-11-02", "2026-11-03"]');
    expect(md).toContain('    bar [25, 0, 5]');
    expect(md).toContain('### Not consuming quota');
    expect(md).toContain('| amy | amy@lab.example | 30 | 0 | 20 | 10 |');
  });

  it('text has the endpoint table, the not-consuming calls apart, and a bar per day', () => {
    const out = renderApiUsage(apiReport, 'text', text);
    expect(out).toMatch(/^\/api\/v3\/\(files\) +20$/m);
    expect(out).toMatch(/^total +30$/m);
    expect(out).toMatch(
      /Not consuming quota:\nENDPOINT +CALLS\n-+ +-+\n\/api\/v3\/\(users\) +4\ntotal +4\n/,
    );
    expect(out).toMatch(/^2026-11-01 │█+ +25$/m);
    expect(out).toMatch(/^2026-11-02 │ +0$/m);
    expect(out).toMatch(/^amy +amy@lab\.example +30 +0 +20 +10$/m);
  });
});

describe('renderFeatures', () => {
  it('json is the model', () => {
    expect(JSON.parse(renderFeatures(featuresReport, 'json'))).toEqual(featuresReport);
  });

  it('csv has one row per (scope, id, quota), quoted per RFC 4180', () => {
    expect(renderFeatures(featuresReport, 'csv')).toBe(
      [
        'scope,id,email,quota,used,allowed',
        'group,lab,,intelligence_searches_monthly,30,120',
        'group,lab,,api_requests_daily,5,100',
        'user,amy,amy@lab.example,intelligence_searches_monthly,7,1000000000',
        'user,ben,"ben, ""the"" second",api_requests_daily,3,10',
        '',
      ].join('\r\n'),
    );
  });

  it('text shows used, allowed and share; "no cap" for 10^9', () => {
    const out = renderFeatures(featuresReport, 'text');
    expect(out).toMatch(/^searches +30 +120 +25%$/m);
    expect(out).toMatch(/^API requests \(day\) +5 +100 +5%$/m);
    expect(out).toMatch(/^amy +amy@lab\.example +7 +-$/m);
    expect(out).toMatch(/^ben +ben, "the" second +- +3\/10$/m);
  });

  it('flags use over a cap with !, for a member and for the group (not where there is no cap)', () => {
    const over = {
      ...featuresReport,
      group_usage: { api_requests_daily: { used: 150, allowed: 100 } },
      users: [
        {
          id: 'dave',
          email: 'dave@lab.example',
          quotas: {
            api_requests_daily: { used: 2500, allowed: 2000 },
            intelligence_searches_monthly: { used: 2000, allowed: 2000 },
            api_requests_monthly: { used: 5, allowed: 1_000_000_000 },
          },
        },
      ],
    };
    const out = renderFeatures(over, 'text');
    expect(out).toMatch(/^API requests \(day\) +150 +100 +150% !$/m);
    expect(out).toMatch(/^dave +dave@lab\.example +2000\/2000 +2500\/2000 ! +5$/m);
    // Coloured when asked: the `!` red, the columns as aligned as without colour.
    const colored = renderFeatures(over, 'text', { color: true });
    expect(colored).toContain('\u001b[31m!\u001b[0m');
    // eslint-disable-next-line no-control-regex -- the ANSI codes are what is removed
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderFeatures(over, 'text'));
  });

  it('markdown has tables', () => {
    const md = renderFeatures(featuresReport, 'markdown');
    expect(md).toContain('## Feature consumption of group lab, 2026-11');
    expect(md).toContain('| QUOTA | USED | ALLOWED | USE |\n| --- | ---: | ---: | ---: |');
  });
});
