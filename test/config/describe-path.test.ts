import { describe, expect, it } from 'vitest';
import { describePath, suggestKey } from '../../src/config/describe-path.js';

const MEMBER_KEYS = ['email', 'id', 'roles', 'quotas', 'expires'];

describe('describePath', () => {
  it('names a place in the file the way a reader writes it', () => {
    expect(describePath([])).toBe('the top level');
    expect(describePath(['members', 2, 'quotas'])).toBe('members[2].quotas');
  });
});

describe('suggestKey', () => {
  it.each([
    ['rolez', 'roles'],
    ['role', 'roles'],
    ['emial', 'email'],
    ['Email', 'email'],
    ['ID', 'id'],
    ['idd', 'id'],
    ['expire', 'expires'],
  ])('suggests for the typo %s → %s', (typo, key) => {
    expect(suggestKey(typo, MEMBER_KEYS)).toBe(key);
  });

  it.each(['<<', 'ab', 'x', 'name', 'admin'])('suggests nothing for %s', (key) => {
    expect(suggestKey(key, MEMBER_KEYS)).toBeUndefined();
  });
});
