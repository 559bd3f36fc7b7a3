/**
 * CSV as RFC 4180 says: a header line, CRLF line ends, a field quoted when it holds a comma, a
 * double quote, CR or LF, with inner quotes doubled. A text field that a spreadsheet would run as a
 * formula (starting with =, +, -, @, tab or CR) is prefixed with `'` (OWASP's advice against CSV
 * injection: emails, names and endpoints come from the API). Numbers are written as they are. Pure.
 */
import { escapeControl } from '../model/escape-control.js';
import type { Cell } from './table.js';

/** Renders `header` and `rows` as CSV (`null` cells are empty). Ends with CRLF. */
export function renderCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const lines = [
    header.map(quoteField),
    ...rows.map((row) => header.map((_, i) => quoteField(row[i] ?? null))),
  ];
  return lines.map((fields) => `${fields.join(',')}\r\n`).join('');
}

/** One field, quoted only when it must be; a formula-like text is defused. */
export function quoteField(value: Cell): string {
  if (value === null) return '';
  const raw = escapeControl(String(value));
  const text = typeof value === 'string' && /^[=+\-@\t\r]/.test(raw) ? `'${raw}` : raw;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
