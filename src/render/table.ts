/**
 * Tables for the reports: aligned plain text for terminals and GitHub-flavoured markdown. Pure.
 */

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
): string {
  const cells = rows.map((row) => columns.map((_, i) => formatCell(row[i] ?? null)));
  const widths = columns.map((column, i) =>
    Math.max(textWidth(column.header), ...cells.map((row) => textWidth(row[i] ?? ''))),
  );
  const line = (values: readonly string[]): string =>
    values
      .map((value, i) => pad(value, widths[i] ?? 0, columns[i]?.align ?? 'left'))
      .join('  ')
      .trimEnd();
  const out = [line(columns.map((c) => c.header)), line(widths.map((w) => '-'.repeat(w)))];
  for (const row of cells) out.push(line(row));
  return `${out.join('\n')}\n`;
}

/** Renders a GitHub-flavoured markdown table (`|` in cells escaped, newlines flattened). */
export function renderMarkdownTable(
  columns: readonly Column[],
  rows: readonly (readonly Cell[])[],
): string {
  const line = (values: readonly string[]): string => `| ${values.join(' | ')} |`;
  const out = [
    line(columns.map((c) => escapeMarkdownCell(c.header))),
    line(columns.map((c) => (c.align === 'right' ? '---:' : '---'))),
  ];
  for (const row of rows)
    out.push(line(columns.map((_, i) => escapeMarkdownCell(formatCell(row[i] ?? null)))));
  return `${out.join('\n')}\n`;
}

/** Escapes text for a markdown table cell. */
export function escapeMarkdownCell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function formatCell(cell: Cell): string {
  if (cell === null) return '-';
  return typeof cell === 'number' ? String(cell) : cell;
}

/** Display width in terminal columns (code points; the reports print no wide characters). */
export function textWidth(text: string): number {
  return [...text].length;
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - textWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}
