import { describe, expect, it } from 'vitest';
import {
  countDays,
  listMonths,
  parseDay,
  resolveDateRange,
  splitDateRange,
} from '../../src/report/date-range.js';
import { addDays } from '../../src/model/dates.js';
import { GtiSyncError } from '../../src/model/errors.js';

const today = '2026-11-26';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof GtiSyncError ? error.code : 'NOT_A_GTI_ERROR';
  }
  return undefined;
}

describe('parseDay', () => {
  it('accepts real days', () => {
    expect(parseDay('2024-02-29', '--from')).toBe('2024-02-29');
  });
  it.each(['2026-02-30', '2025-02-29', '2026-1-05', '20261105', 'yesterday', '2026-13-01', ''])(
    'refuses %j with BAD_DATE',
    (value) => {
      expect(codeOf(() => parseDay(value, '--from'))).toBe('BAD_DATE');
    },
  );
});

describe('resolveDateRange', () => {
  it('defaults to the 30 days ending today', () => {
    const range = resolveDateRange({}, today);
    expect(range).toEqual({ from: '2026-10-28', to: '2026-11-26' });
    expect(countDays(range)).toBe(30);
  });

  it('--from alone runs through today', () => {
    expect(resolveDateRange({ from: '2026-11-01' }, today)).toEqual({
      from: '2026-11-01',
      to: today,
    });
  });

  it('--to alone takes the 30 days ending there, never before the oldest kept day', () => {
    expect(resolveDateRange({ to: '2026-11-10' }, today)).toEqual({
      from: '2026-10-12',
      to: '2026-11-10',
    });
    expect(resolveDateRange({ to: '2026-10-01' }, today)).toEqual({
      from: '2026-09-28',
      to: '2026-10-01',
    });
  });

  it('accepts the oldest kept day (59 days before today) and today: recent dates are fine', () => {
    expect(resolveDateRange({ from: '2026-09-28', to: today }, today)).toEqual({
      from: '2026-09-28',
      to: today,
    });
    expect(resolveDateRange({ from: today, to: today }, today)).toEqual({ from: today, to: today });
  });

  it('refuses a start more than 59 days before today', () => {
    expect(codeOf(() => resolveDateRange({ from: '2026-09-27', to: '2026-10-10' }, today))).toBe(
      'DATE_TOO_OLD',
    );
    expect(codeOf(() => resolveDateRange({ to: '2026-09-27' }, today))).toBe('DATE_TOO_OLD');
  });

  it('refuses from after to', () => {
    expect(codeOf(() => resolveDateRange({ from: '2026-11-20', to: '2026-11-10' }, today))).toBe(
      'DATE_RANGE_REVERSED',
    );
  });

  it('refuses a day after today', () => {
    expect(codeOf(() => resolveDateRange({ from: '2026-11-01', to: '2026-11-27' }, today))).toBe(
      'DATE_IN_FUTURE',
    );
    expect(codeOf(() => resolveDateRange({ from: '2026-11-27' }, today))).toBe('DATE_IN_FUTURE');
  });

  it('checks the format first', () => {
    expect(codeOf(() => resolveDateRange({ from: '2026-11-31', to: '2026-11-27' }, today))).toBe(
      'BAD_DATE',
    );
  });
});

describe('splitDateRange', () => {
  it('keeps a range of 30 days whole', () => {
    expect(splitDateRange({ from: '2026-10-28', to: '2026-11-26' })).toEqual([
      { from: '2026-10-28', to: '2026-11-26' },
    ]);
  });

  it('splits 45 days into 30 + 15', () => {
    const parts = splitDateRange({ from: '2026-10-13', to: '2026-11-26' });
    expect(parts).toEqual([
      { from: '2026-10-13', to: '2026-11-11' },
      { from: '2026-11-12', to: '2026-11-26' },
    ]);
    expect(parts.map(countDays)).toEqual([30, 15]);
  });

  it('splits 60 days into two of 30 and 61 days into three parts', () => {
    expect(splitDateRange({ from: '2026-09-28', to: '2026-11-26' }).map(countDays)).toEqual([
      30, 30,
    ]);
    expect(splitDateRange({ from: '2026-09-27', to: '2026-11-26' }).map(countDays)).toEqual([
      30, 30, 1,
    ]);
  });

  it('handles a single day', () => {
    expect(splitDateRange({ from: today, to: today })).toEqual([{ from: today, to: today }]);
  });
});

describe('calendar helpers', () => {
  it('crosses months and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(listMonths({ from: '2026-09-28', to: '2026-11-26' })).toEqual([
      '2026-09',
      '2026-10',
      '2026-11',
    ]);
  });
});
