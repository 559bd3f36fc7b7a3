import { describe, expect, it } from 'vitest';
import { PALETTE, colorEnabled, paint } from '../../src/render/color.js';

describe('colorEnabled', () => {
  const on = (env: Record<string, string | undefined>, isTTY: boolean) =>
    colorEnabled({ env, isTTY });

  it('colours a terminal, not a pipe', () => {
    expect(on({}, true)).toBe(true);
    expect(on({}, false)).toBe(false);
  });

  it('NO_COLOR set and non-empty turns colour off; an empty NO_COLOR does not count', () => {
    expect(on({ NO_COLOR: '1' }, true)).toBe(false);
    expect(on({ NO_COLOR: '0' }, true)).toBe(false);
    expect(on({ NO_COLOR: '' }, true)).toBe(true);
    expect(on({ NO_COLOR: undefined }, true)).toBe(true);
  });

  it('FORCE_COLOR set, non-empty and not 0 turns colour on, even off a terminal', () => {
    expect(on({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(on({ FORCE_COLOR: 'true' }, false)).toBe(true);
    expect(on({ FORCE_COLOR: '0' }, false)).toBe(false);
    expect(on({ FORCE_COLOR: '' }, false)).toBe(false);
    // FORCE_COLOR=0 does not turn a terminal's colour off: only NO_COLOR does.
    expect(on({ FORCE_COLOR: '0' }, true)).toBe(true);
  });

  it('NO_COLOR wins over FORCE_COLOR', () => {
    expect(on({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
  });
});

describe('paint', () => {
  it('wraps text in the palette code and a reset when enabled, else leaves it', () => {
    expect(paint('green', '+', true)).toBe('\u001b[32m+\u001b[0m');
    expect(paint('cyan', 'bar', true)).toBe('\u001b[36mbar\u001b[0m');
    expect(paint('bold', 'x', false)).toBe('x');
  });

  it('has one code per name, all distinct', () => {
    const codes = Object.values(PALETTE);
    expect(new Set(codes).size).toBe(codes.length);
  });
});
