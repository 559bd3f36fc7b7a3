import { describe, expect, it } from 'vitest';
import { fitRows, renderTextTable, textWidth, truncate } from '../../src/render/table.js';

describe('tables that fit the terminal', () => {
  const columns = [
    { header: 'EMAIL' },
    { header: 'ID' },
    { header: 'CALLS', align: 'right' as const },
  ];
  const rows = [
    ['a-very-long-address-of-someone@a-long-domain.example', 'amy', 12],
    ['ben@lab.example', 'ben', 3],
  ];

  it('without a width, keeps full lines', () => {
    const text = renderTextTable(columns, rows);
    expect(text).toContain('a-very-long-address-of-someone@a-long-domain.example');
  });

  it('cuts the long column with an ellipsis so every line fits the width', () => {
    const text = renderTextTable(columns, rows, 40);
    for (const line of text.trimEnd().split('\n')) expect(textWidth(line)).toBeLessThanOrEqual(40);
    expect(text).toMatch(/a-very-long-address-of-som\S*…/);
    expect(text).toContain('ben@lab.example');
  });

  it('never cuts a column below a readable minimum', () => {
    const fitted = fitRows(['EMAIL'], [['a-very-long-address@lab.example']], 5);
    expect(textWidth(fitted[0]?.[0] ?? '')).toBe(10);
  });

  it('counts no width for ANSI colour and leaves coloured cells whole', () => {
    expect(textWidth('\u001b[31m!\u001b[0m')).toBe(1);
    expect(truncate('\u001b[31mlong text here\u001b[0m', 4)).toBe(
      '\u001b[31mlong text here\u001b[0m',
    );
  });
});

describe('textWidth', () => {
  it('counts characters of plain text, code points of other text, and no colour codes', () => {
    expect(textWidth('alice@acme.example')).toBe(18);
    expect(textWidth('\u001b[31mab\u001b[0m')).toBe(2);
    expect(textWidth('é😀')).toBe(2);
    expect(textWidth('')).toBe(0);
  });
});
