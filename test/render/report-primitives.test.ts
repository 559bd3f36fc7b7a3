import { describe, expect, it } from 'vitest';
import { renderCsv, quoteField } from '../../src/render/csv.js';
import { drawBar, renderBarChart } from '../../src/render/bar-chart.js';
import { renderXyChart } from '../../src/render/mermaid.js';
import {
  alignCells,
  markdownRow,
  markdownRule,
  renderMarkdownTable,
  renderTextTable,
} from '../../src/render/table.js';

describe('renderTextTable', () => {
  it('aligns columns, numbers to the right, without trailing spaces', () => {
    const text = renderTextTable(
      [{ header: 'NAME' }, { header: 'CALLS', align: 'right' }, { header: 'NOTE' }],
      [
        ['alice', 812, null],
        ['bob', 3, 'x'],
      ],
    );
    expect(text).toBe(
      ['NAME   CALLS  NOTE', '-----  -----  ----', 'alice    812  -', 'bob        3  x', ''].join(
        '\n',
      ),
    );
  });
});

describe('renderMarkdownTable', () => {
  it('escapes pipes and marks right alignment', () => {
    expect(
      renderMarkdownTable([{ header: 'A' }, { header: 'N', align: 'right' }], [['a|b', 1]]),
    ).toBe('| A | N |\n| --- | ---: |\n| a\\|b | 1 |\n');
  });
});

describe('alignCells (the plan text and the text tables)', () => {
  it('pads to the widest cell in code points, right-aligned where asked; a last left column stays as it is', () => {
    expect(
      alignCells(
        [
          ['+', 'add_member', '→ x', 'g.yaml:1'],
          ['-', 'remove', 'y', ''],
        ],
        ['left', 'left', 'right'],
      ),
    ).toEqual([
      ['+', 'add_member', '→ x', 'g.yaml:1'],
      ['-', 'remove    ', '  y', ''],
    ]);
  });

  it('pads a last column aligned right', () => {
    expect(
      alignCells(
        [
          ['a', '1'],
          ['b', '100'],
        ],
        ['left', 'right'],
      ),
    ).toEqual([
      ['a', '  1'],
      ['b', '100'],
    ]);
  });
});

describe('markdownRow and markdownRule', () => {
  const columns = [{ header: 'A' }, { header: 'N', align: 'right' as const }];
  it('write one table line, spaced or compact', () => {
    expect(markdownRow(['a', 'b'])).toBe('| a | b |');
    expect(markdownRule(columns)).toBe('| --- | ---: |');
    expect(markdownRule(columns, true)).toBe('|---|---:|');
  });
});

describe('renderCsv (RFC 4180)', () => {
  it('writes a header, CRLF line ends, and quotes only where needed', () => {
    expect(
      renderCsv(
        ['a', 'b', 'c'],
        [
          ['x,y', 'say "hi"', null],
          ['plain', 2, 'line\nbreak'],
        ],
      ),
    ).toBe('a,b,c\r\n"x,y","say ""hi""",\r\nplain,2,line\\nbreak\r\n');
  });
  it('defuses text a spreadsheet would run as a formula, but not numbers', () => {
    expect(quoteField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(quoteField('+1')).toBe("'+1");
    expect(quoteField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(quoteField(-5)).toBe('-5');
    expect(quoteField('alice@acme.example')).toBe('alice@acme.example');
  });

  it('leaves ordinary fields alone', () => {
    expect(quoteField('/api/v3/(files)')).toBe('/api/v3/(files)');
  });
});

describe('renderBarChart', () => {
  it('scales the largest value to the full width and shows every non-zero value', () => {
    const out = renderBarChart(
      [
        { label: 'd1', value: 100 },
        { label: 'd2', value: 1 },
        { label: 'd3', value: 0 },
      ],
      { width: 30, color: false },
    );
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect([...line].length).toBe(30);
    expect(lines[0]).toMatch(/^d1 │█{22} 100$/);
    expect(lines[1]).toMatch(/^d2 │▎ +1$/);
    expect(lines[2]).toMatch(/^d3 │ +0$/);
    expect(out).not.toContain('\u001b[');
  });

  it('fits a narrow terminal: the bars shrink, the lines keep the width', () => {
    const points = [
      { label: '2026-11-25', value: 5557 },
      { label: '2026-11-26', value: 12 },
    ];
    const lines = renderBarChart(points, { width: 20, color: false }).trimEnd().split('\n');
    expect(lines).toEqual(['2026-11-25 │███ 5557', '2026-11-26 │▏     12']);
  });

  it('draws nothing for zeros and still marks a tiny value beside a huge one', () => {
    const zeros = renderBarChart(
      [
        { label: 'a', value: 0 },
        { label: 'b', value: 0 },
      ],
      { width: 12, color: true },
    );
    // 12 columns: label, ' │', a 7-cell bar left empty, a space, the value; no colour codes.
    expect(zeros).toBe(`a │${' '.repeat(8)}0\nb │${' '.repeat(8)}0\n`);
    const lines = renderBarChart(
      [
        { label: 'a', value: 1_000_000_000_000 },
        { label: 'b', value: 1 },
      ],
      { width: 40, color: false },
    )
      .trimEnd()
      .split('\n');
    expect(lines[0]).toMatch(/^a │█{23} 1000000000000$/);
    expect(lines[1]).toMatch(/^b │▏ +1$/);
    for (const line of lines) expect([...line].length).toBe(40);
  });

  it('colours bars only when asked', () => {
    expect(renderBarChart([{ label: 'a', value: 2 }], { width: 40, color: true })).toContain(
      '\u001b[36m',
    );
  });

  it('uses eighths of a block', () => {
    expect(drawBar(1, 2, 3)).toBe('█▌');
    expect(drawBar(0, 2, 3)).toBe('');
  });
});

describe('renderXyChart', () => {
  it('writes a fenced xychart-beta bar chart', () => {
    expect(
      renderXyChart({
        title: 'Calls "per" day',
        x: ['2026-11-01', '2026-11-02'],
        yLabel: 'calls',
        values: [3, 7],
      }),
    ).toBe(
      [
        '```mermaid',
        'xychart-beta',
        `    title "Calls 'per' day"`,
        '    x-axis ["2026-11-01", "2026-11-02"]',
        '    y-axis "calls" 0 --> 7',
        '    bar [3, 7]',
        '```',
        '',
      ].join('\n'),
    );
  });
});
