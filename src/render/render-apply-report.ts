/**
 * Renders the report of an apply (design §3): `text` for people (one line per operation, a
 * failure with its error, a skipped operation with its reason, the invitations, a closing count),
 * `json` for tools (exactly the report's fields). Pure.
 */
import { escapeControl } from '../model/escape-control.js';
import type { Operation } from '../model/operation.js';
import { paint as paintIf } from './color.js';
import type { Color } from './color.js';
import { OPERATION_SYMBOL, describeDetail, describeSubject } from './plan-describe.js';
import { alignCells } from './table.js';

/**
 * The report as this renderer reads it: the shape of `ApplyReport` (src/apply/types.ts), restated
 * here because src/render may not import from src/apply.
 */
export interface ApplyReportView {
  group: string;
  fingerprint: string;
  done: readonly Operation[];
  failed: readonly (Operation & { error: { code: string; message: string } })[];
  /** `reason`: why it was not tried, in words. */
  skipped: readonly (Operation & { reason: string })[];
  invited: readonly string[];
  /** True when SIGINT/SIGTERM stopped the run. */
  interrupted?: boolean | undefined;
}

/** How to render: `color` adds ANSI colours to `text` (only on a terminal). */
export interface RenderApplyReportOptions {
  format: 'text' | 'json';
  color: boolean;
}

/** The report as text or as one JSON document; always ends with a newline. */
export function renderApplyReport(
  report: ApplyReportView,
  options: RenderApplyReportOptions,
): string {
  if (options.format === 'json') {
    const { group, fingerprint, done, failed, skipped, invited } = report;
    const interrupted = report.interrupted === true ? { interrupted: true } : {};
    return `${JSON.stringify({ group, fingerprint, ...interrupted, done, failed, skipped, invited }, null, 2)}\n`;
  }
  const paint = (color: Color, text: string): string => paintIf(color, text, options.color);
  // One aligned line per operation, in the plan's columns: status, `+ kind`, subject, detail, note.
  const rows: { color: Color; cells: string[]; note: string }[] = [
    ...report.done.map((op) => ({ color: 'green' as const, cells: cellsOf('done', op), note: '' })),
    ...report.failed.map((op) => ({
      color: 'red' as const,
      cells: cellsOf('failed', op),
      note: `(${op.error.code}: ${escapeControl(op.error.message)})`,
    })),
    ...report.skipped.map((op) => ({
      color: 'yellow' as const,
      cells: cellsOf('skipped', op),
      note: `— ${escapeControl(op.reason)}`,
    })),
    ...report.invited.map((email) => ({
      color: 'cyan' as const,
      cells: ['invited', '', escapeControl(email), ''],
      note: '(invitation awaiting sign-up)',
    })),
  ];
  const aligned = alignCells(rows.map((r) => [...r.cells, r.note]));
  const lines: string[] = aligned.map((cells, i) => {
    const [status = '', ...rest] = cells;
    return `${paint(rows[i]?.color ?? 'bold', status)}  ${rest.join('  ')}`.trimEnd();
  });
  const counts =
    `${report.done.length} done, ${report.failed.length} failed, ` +
    `${report.skipped.length} skipped, ${report.invited.length} invited.`;
  const closing =
    report.interrupted === true
      ? `Apply interrupted: ${counts}`
      : report.failed.length === 0
        ? `Apply complete: ${counts}`
        : `Apply incomplete: ${counts}`;
  if (lines.length > 0) lines.push('');
  lines.push(paint('bold', closing));
  return `${lines.join('\n')}\n`;
}

/** The plan's columns for one operation of the report, after its status. */
function cellsOf(status: string, op: Operation): string[] {
  return [
    status,
    `${OPERATION_SYMBOL[op.kind]} ${op.kind}`,
    describeSubject(op),
    describeDetail(op),
  ];
}
