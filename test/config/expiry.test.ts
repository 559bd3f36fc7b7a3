import { describe, expect, it } from 'vitest';
import {
  daysUntilExpiry,
  describeDaysLeft,
  expiresWithin,
  expiryInstant,
  isExpired,
  isRealDate,
} from '../../src/config/expiry.js';

describe('expiry', () => {
  it('membership ends at the end of the expires day, UTC', () => {
    expect(expiryInstant('2026-12-05')?.toISOString()).toBe('2026-12-06T00:00:00.000Z');
    expect(isExpired({ expires: '2026-12-05' }, new Date('2026-12-05T23:59:59Z'))).toBe(false);
    expect(isExpired({ expires: '2026-12-05' }, new Date('2026-12-06T00:00:00Z'))).toBe(true);
    expect(isExpired({}, new Date())).toBe(false);
  });

  it('expiresWithin counts from now to the end of the last day', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    expect(expiresWithin({ expires: '2026-12-05' }, now, 14)).toBe(true);
    expect(expiresWithin({ expires: '2026-12-05' }, now, 9)).toBe(false);
    expect(expiresWithin({ expires: '2026-11-25' }, now, 14)).toBe(false); // already expired
    expect(expiresWithin({ expires: undefined }, now, 14)).toBe(false);
    // 9 days and 12 hours left: 9 whole days.
    expect(daysUntilExpiry({ expires: '2026-12-05' }, now)).toBe(9);
  });

  it('counts whole days left to the end of the last day, and words them the same everywhere', () => {
    const at = (iso: string) => new Date(iso);
    const member = { expires: '2026-12-05' };
    expect(daysUntilExpiry(member, at('2026-12-04T00:00:00Z'))).toBe(2);
    expect(daysUntilExpiry(member, at('2026-12-04T23:59:59Z'))).toBe(1);
    expect(daysUntilExpiry(member, at('2026-12-05T00:00:00Z'))).toBe(1);
    expect(daysUntilExpiry(member, at('2026-12-05T00:00:01Z'))).toBe(0);
    expect(describeDaysLeft(member, at('2026-11-26T12:00:00Z'))).toBe('in 9 days');
    expect(describeDaysLeft(member, at('2026-12-04T23:59:59Z'))).toBe('in 1 day');
    expect(describeDaysLeft(member, at('2026-12-05T23:59:59Z'))).toBe('today');
    expect(describeDaysLeft({}, at('2026-12-05T23:59:59Z'))).toBeUndefined();
  });

  it('isRealDate knows month lengths and leap years', () => {
    expect(isRealDate('2028-02-29')).toBe(true);
    expect(isRealDate('2027-02-29')).toBe(false);
    expect(isRealDate('2027-02-30')).toBe(false);
    expect(isRealDate('2027-04-31')).toBe(false);
    expect(isRealDate('2027-13-01')).toBe(false);
    expect(isRealDate('0099-01-01')).toBe(true);
    expect(isRealDate('2027-1-01')).toBe(false);
    expect(expiryInstant('2027-02-30')).toBeUndefined();
  });
});
