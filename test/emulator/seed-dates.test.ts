import { describe, expect, it } from 'vitest';
import { parseSeed } from '../../src/emulator/index.js';
import { resolveRelative } from '../../src/emulator/seed-dates.js';

const BASE = new Date('2026-11-26T12:00:00Z');

describe('relative seed dates', () => {
  it('resolves now, days, hours, months and compounds', () => {
    expect(resolveRelative('now', BASE)?.toISOString()).toBe('2026-11-26T12:00:00.000Z');
    expect(resolveRelative('-3d', BASE)?.toISOString()).toBe('2026-11-23T12:00:00.000Z');
    expect(resolveRelative('now-2mo', BASE)?.toISOString()).toBe('2026-09-26T12:00:00.000Z');
    expect(resolveRelative('-1d6h30min', BASE)).toBeUndefined();
    expect(resolveRelative('-1d-6h-30min', BASE)?.toISOString()).toBe('2026-11-25T05:30:00.000Z');
    expect(resolveRelative('+1w', BASE)?.toISOString()).toBe('2026-12-03T12:00:00.000Z');
    for (const bad of ['-3', '-3days', 'now+', '3d', '-3d x']) {
      expect(resolveRelative(bad, BASE)).toBeUndefined();
    }
  });

  it('resolves instants and usage days against GTI_SYNC_NOW, which also freezes the clock', () => {
    const seed = parseSeed(
      'users:\n  - {id: a, email: a@x.example, last_login: "-1d", api_usage: {"-2d": {"/x": 1}}}\n',
      'seed.yaml',
      { GTI_SYNC_NOW: '2026-11-26T12:00:00Z' },
    );
    expect(seed.now).toBe('2026-11-26T12:00:00Z');
    expect(seed.users?.[0]?.last_login).toBe(Date.parse('2026-11-25T12:00:00Z') / 1000);
    expect(Object.keys(seed.users?.[0]?.api_usage ?? {})).toEqual(['2026-11-24']);
  });

  it('an absolute now: wins over GTI_SYNC_NOW', () => {
    const seed = parseSeed(
      'now: 2030-01-02T00:00:00Z\nusers:\n  - {id: a, email: a@x.example, user_since: now}\n',
      's.yaml',
      {
        GTI_SYNC_NOW: '2026-11-26T12:00:00Z',
      },
    );
    expect(seed.users?.[0]?.user_since).toBe(Date.parse('2030-01-02T00:00:00Z') / 1000);
  });

  it('answers SEED_BAD_DATE with the position of a malformed relative date', () => {
    expect(() =>
      parseSeed('users:\n  - {id: a, email: a@x.example, last_login: "-3days"}\n', 's.yaml', {}),
    ).toThrow(
      expect.objectContaining({
        problems: [expect.objectContaining({ code: 'SEED_BAD_DATE', line: 2 })],
      }),
    );
  });
});
