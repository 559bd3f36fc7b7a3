import { describe, expect, it } from 'vitest';
import type { HistoryReport } from '../../src/model/history.js';
import { render } from '../../src/render/render.js';

const REPORT: HistoryReport = {
  version: 1,
  group: 'acme',
  since: null,
  journals: ['j.jsonl'],
  activity_log: { entries: 1, oldest: '2026-11-20T00:00:00Z', truncated: false },
  members: [
    {
      member: 'a@acme.example',
      aliases: ['u1'],
      entries: [
        {
          time: '2026-11-20T00:00:00Z',
          source: 'activity_log',
          group: 'acme',
          action: 'Add user\n::warning title=x::y',
          result: null,
          detail: null,
          actor: 'boss\r\u001b[31m',
          run_url: null,
        },
        {
          time: '2026-11-26T12:00:00Z',
          source: 'journal',
          group: 'acme',
          action: 'grant_role',
          result: 'failed',
          detail: 'role admin; NETWORK_ERROR; reset\n::error::boom',
          actor: 'boss',
          run_url: 'https://github.com/o/r/actions/runs/1',
        },
      ],
    },
  ],
};

const options = { color: false } as const;

describe('render history', () => {
  it('keeps outside text on one line in text, csv and markdown', () => {
    for (const format of ['text', 'csv', 'markdown'] as const) {
      const out = render('history', REPORT, { ...options, format });
      for (const line of out.split(/\r?\n/)) expect(line.startsWith('::')).toBe(false);
      expect(out).not.toContain('\u001b');
      expect(out).toContain('\\n::warning');
    }
  });

  it('prints the JSON model as one document', () => {
    const out = render('history', REPORT, { ...options, format: 'json' });
    expect(JSON.parse(out)).toEqual(REPORT);
  });

  it('csv: one row per entry with the member, header first', () => {
    const rows = render('history', REPORT, { ...options, format: 'csv' }).split('\r\n');
    expect(rows[0]).toBe('member,time,source,group,action,result,actor,detail,run_url');
    expect(rows.filter((r) => r.startsWith('a@acme.example,'))).toHaveLength(2);
  });

  it('says when no entry matched', () => {
    const out = render(
      'history',
      { ...REPORT, members: [], activity_log: null },
      {
        ...options,
        format: 'text',
      },
    );
    expect(out).toContain('activity log not read');
    expect(out).toContain('No entries');
  });
});
