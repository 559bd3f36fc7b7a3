/**
 * The one table helper of every renderer: aligned plain text for terminals (reports, the plan's
 * operation lines) and GitHub-flavoured markdown (reports, the plan comment). Pure.
 */
import { escapeControl } from '../model/escape-control.js';

/** One column: its header and how its cells line up (numbers read best right-aligned). */
export interface Column {
  header: string;
  align?: 'left' | 'right';
}

/** A cell: text, a number, or nothing (shown as `-`). */
export type Cell = string | number | null;

/**
 * Renders `rows` under `columns` as aligned text: a header line, a rule, one line per row; columns
 * separated by two spaces, no trailing spaces. Ends with a newline.
 */
export function renderTextTable(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
  width?: number,
): string {
  const raw = rows.map((row) => columns.map((_, i) => formatCell(row[i] ?? null)));
  const aligns = columns.map((c) => c.align ?? 'left');
  const headers = columns.map((c) => c.header);
  const cells = width === undefined ? raw : fitRows(headers, raw, width);
  const widths = columnWidths([headers, ...cells]);
  const rule = widths.map((w) => '-'.repeat(w));
  const lines = alignCells([headers, rule, ...cells], aligns).map((row) =>
    row.join('  ').trimEnd(),
  );
  return `${lines.join('\n')}\n`;
}

/**
 * `rows` with each cell padded to its column's width (the widest cell of the column, in terminal
 * columns), on the left where `aligns` says `right`. A last column aligned left is not padded, so
 * a caller may still wrap it (in colour) and a line has no trailing spaces to trim.
 */
export function alignCells(
  rows: readonly (readonly string[])[],
  aligns: readonly ('left' | 'right')[] = [],
): string[][] {
  const widths = columnWidths(rows);
  return rows.map((row) =>
    row.map((cell, i) => {
      const align = aligns[i] ?? 'left';
      return i === row.length - 1 && align === 'left' ? cell : pad(cell, widths[i] ?? 0, align);
    }),
  );
}

/** The width of each column of `rows`: its widest cell, in terminal columns. */
function columnWidths(rows: readonly (readonly string[])[]): number[] {
  const count = Math.max(0, ...rows.map((row) => row.length));
  return Array.from({ length: count }, (_, i) =>
    Math.max(0, ...rows.map((row) => textWidth(row[i] ?? ''))),
  );
}

/** Renders a GitHub-flavoured markdown table (`|` in cells escaped, newlines flattened). */
export function renderMarkdownTable(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
): string {
  const out = [
    markdownRow(columns.map((c) => escapeMarkdownCell(c.header))),
    markdownRule(columns),
  ];
  for (const row of rows)
    out.push(markdownRow(columns.map((_, i) => escapeMarkdownCell(formatCell(row[i] ?? null)))));
  return `${out.join('\n')}\n`;
}

/** One markdown table line of cells already escaped: `| a | b |` (no newline). */
export function markdownRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/**
 * The line under a markdown table's header: `| --- | ---: |`, or `|---|---:|` when `compact`
 * (no newline).
 */
export function markdownRule(columns: readonly Column[], compact = false): string {
  const marks = columns.map((c) => (c.align === 'right' ? '---:' : '---'));
  return compact ? `|${marks.join('|')}|` : markdownRow(marks);
}

/** Escapes text for a markdown table cell. */
function escapeMarkdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function formatCell(cell: Cell): string {
  if (cell === null) return '-';
  if (typeof cell === 'number') return String(cell);
  // A renderer's own colour codes (SGR) stay; every other control character is escaped.
  return (
    cell
      // eslint-disable-next-line no-control-regex -- our SGR codes are what it keeps
      .split(/(\u001b\[[0-9;]*m)/)
      .map((part, i) => (i % 2 === 1 ? part : escapeControl(part)))
      .join('')
  );
}

/** Display width in terminal columns (code points, ANSI colour codes not counted). */
export function textWidth(text: string): number {
  // Printable ASCII (nearly every cell): one column a character, nothing to take apart.
  if (PRINTABLE_ASCII.test(text)) return text.length;
  return [...text.replace(ANSI_SGR, '')].length;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

// eslint-disable-next-line no-control-regex -- the ANSI escape is what it matches
const ANSI_SGR = /\u001b\[[0-9;]*m/g;

/** Narrowest a shortened column gets: a few characters and the ellipsis still say something. */
const MIN_FITTED = 10;

/**
 * `rows` with the longest columns cut (ending in `…`) so that a line of the table, columns joined
 * by two spaces, fits in `width` terminal columns where it can; the others are left whole.
 */
export function fitRows(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  width: number,
): string[][] {
  const out = rows.map((row) => [...row]);
  const widths = columnWidths([headers, ...out]);
  const total = (): number => widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1);
  for (let round = 0; round < widths.length && total() > width; round++) {
    const widest = widths.indexOf(Math.max(...widths));
    const target = Math.max(
      MIN_FITTED,
      textWidth(headers[widest] ?? ''),
      (widths[widest] ?? 0) - (total() - width),
    );
    if (target >= (widths[widest] ?? 0)) break;
    for (const row of out) row[widest] = truncate(row[widest] ?? '', target);
    widths[widest] = target;
  }
  return out;
}

/** `text` cut to `width` columns, its last one `…`; coloured text is left whole. */
export function truncate(text: string, width: number): string {
  if (textWidth(text) <= width || text.includes('\u001b')) return text;
  return `${[...text].slice(0, Math.max(0, width - 1)).join('')}…`;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - textWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}
