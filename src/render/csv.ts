/**
 * CSV as RFC 4180 says: a header line, CRLF line ends, a field quoted when it holds a comma, a
 * double quote, CR or LF, with inner quotes doubled. Pure.
 */
import type { Cell } from './table.js';

/** Renders `header` and `rows` as CSV (`null` cells are empty). Ends with CRLF. */
export function renderCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [
    header.map(quoteField),
    ...rows.map((row) => header.map((_, i) => quoteField(row[i] ?? null))),
  ];
  return lines.map((fields) => `${fields.join(',')}\r\n`).join('');
}

/** One field, quoted only when it must be. */
export function quoteField(value: Cell): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
