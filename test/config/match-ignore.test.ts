import { describe, expect, it } from 'vitest';
import { findIgnorePattern, matchesIgnore } from '../../src/config/match-ignore.js';

describe('matchesIgnore', () => {
  it.each([
    ['trent@contractor.example', ['*@contractor.example'], true],
    ['Trent@Contractor.EXAMPLE', ['*@contractor.example'], true],
    ['trent@contractor.example.evil', ['*@contractor.example'], false],
    ['x@sub.contractor.example', ['*@contractor.example'], false],
    ['x@sub.contractor.example', ['*contractor.example'], true],
    ['ab@x.example', ['?@x.example'], false],
    ['a@x.example', ['?@x.example'], true],
    ['a@xyexample', ['a@x.example'], false], // `.` is literal
    ['a+b@x.example', ['a+b@x.example'], true], // regex metacharacters are literal
    ['(a)@x.example', ['(a)@x.example'], true],
    ['bot-1@x.example', ['bot-*@x.example', 'nobody'], true],
    ['anyone@x.example', [], false],
    ['anyone@x.example', ['*'], true],
  ])('%s against %j → %s', (email, patterns, expected) => {
    expect(matchesIgnore(email, patterns)).toBe(expected);
  });

  it('findIgnorePattern gives the first matching pattern', () => {
    expect(findIgnorePattern('a@x.example', ['b@*', '*@x.example', 'a@*'])).toBe(1);
    expect(findIgnorePattern('a@x.example', ['b@*'])).toBe(-1);
  });
});

describe('matchesIgnore on hostile patterns', () => {
  it('answers a pattern that makes a backtracking regex explode (would time out before)', () => {
    const name = `${'a'.repeat(72)}@x.example`;
    expect(matchesIgnore(name, ['*a*a*a*a*a*a*a*a*a*a*b'])).toBe(false);
    expect(matchesIgnore(name, ['*a*a*a*a*a*a*a*a*a*a*@x.example'])).toBe(true);
  });

  it('handles stars anywhere, repeated stars, and ? as one code point', () => {
    expect(matchesIgnore('', ['*'])).toBe(true);
    expect(matchesIgnore('ab', ['a**b***'])).toBe(true);
    expect(matchesIgnore('ab', ['a?b'])).toBe(false);
    expect(matchesIgnore('a😀b@x', ['a?b@x'])).toBe(true);
    expect(matchesIgnore('abcabd', ['*abd'])).toBe(true);
    expect(matchesIgnore('abcab', ['*abd'])).toBe(false);
  });
});
