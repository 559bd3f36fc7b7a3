import { describe, expect, it } from 'vitest';
import { escapeControl } from '../../src/model/escape-control.js';

describe('escapeControl', () => {
  it('writes line breaks, tab and ESC as visible escapes', () => {
    expect(escapeControl('a\nb\rc\td\u001b[31m')).toBe('a\\nb\\rc\\td\\u001b[31m');
  });

  it('escapes every C0 control, DEL, every C1 control and U+2028/U+2029', () => {
    const controls = [
      ...Array.from({ length: 0x20 }, (_, i) => i),
      0x7f,
      ...Array.from({ length: 0x20 }, (_, i) => 0x80 + i),
      0x2028,
      0x2029,
    ];
    for (const code of controls) {
      const out = escapeControl(`x${String.fromCharCode(code)}y`);
      expect(out).toMatch(/^x\\(n|r|t|u[0-9a-f]{4})y$/);
    }
    expect(escapeControl('\u0000\u007f\u0085\u2028\u2029')).toBe(
      '\\u0000\\u007f\\u0085\\u2028\\u2029',
    );
  });

  it('leaves ordinary text alone (accents, emoji, quotes, backslashes)', () => {
    const text = 'José <jose@acme.example> "ok" \\ 🙂 — ü';
    expect(escapeControl(text)).toBe(text);
  });

  it('makes a workflow command injection one line', () => {
    const out = escapeControl('x\n::warning title=x::y\r::error::z');
    expect(out.split(/\r|\n/)).toHaveLength(1);
    expect(out).toBe('x\\n::warning title=x::y\\r::error::z');
  });
});
