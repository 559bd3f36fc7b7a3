/**
 * Renders the report of an apply (design §3): `text` for people (one line per operation, a
 * failure with its error, a skipped operation with its reason, the invitations, a closing count),
 * `json` for tools (exactly the report's fields). Pure.
 */
import type { Operation } from '../model/operation.js';
import { paint as paintIf } from './color.js';
import type { Color } from './color.js';
import { OPERATION_SYMBOL, describeDetail, describeSubject } from './plan-describe.js';

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
  const lines: string[] = [];
  for (const op of report.done)
    lines.push(`${paint('green', 'done    ')} ${describeOperation(op)}`);
  for (const op of report.failed) {
    lines.push(
      `${paint('red', 'failed  ')} ${describeOperation(op)} (${op.error.code}: ${op.error.message})`,
    );
  }
  for (const op of report.skipped)
    lines.push(`${paint('yellow', 'skipped ')} ${describeOperation(op)} — ${op.reason}`);
  for (const email of report.invited) {
    lines.push(`${paint('cyan', 'invited ')} ${email} (invitation awaiting sign-up)`);
  }
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

/** One operation as the text plan words it: `+ add_member erin@acme.example`. */
export function describeOperation(op: Operation): string {
  const detail = describeDetail(op);
  return `${OPERATION_SYMBOL[op.kind]} ${op.kind} ${describeSubject(op)}${detail === '' ? '' : ` ${detail}`}`;
}
