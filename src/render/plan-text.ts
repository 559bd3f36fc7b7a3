/**
 * The text plan, read like Terraform's: a header, one aligned line per operation (`+`, `~`, `-`)
 * with the file line that asks for it, the findings, the safety failures, a summary line and the
 * fingerprint. ANSI colour only when asked (the CLI decides with `colorEnabled`, color.ts).
 */
import { escapeControl } from '../model/escape-control.js';
import type { Plan } from '../model/plan.js';
import { paint as paintIf } from './color.js';
import type { Color } from './color.js';
import { alignCells } from './table.js';
import {
  OPERATION_SYMBOL,
  describeDetail,
  describeSource,
  describeSubject,
  summaryLine,
  partialLine,
} from './plan-describe.js';

/** Renders `plan` as text; `file` names the group file in the header. Ends with a newline. */
export function renderPlanText(
  plan: Plan,
  options: { color: boolean; file?: string | undefined },
): string {
  const paint = (color: Color, text: string): string => paintIf(color, text, options.color);
  const from = options.file === undefined ? '' : ` from ${options.file}`;
  const out: string[] = [
    paint('bold', `gti-sync plan for group ${escapeControl(plan.group)}${escapeControl(from)}`),
    '',
  ];

  if (plan.operations.length > 0) {
    out.push('Operations, in the order apply runs them:', '');
    const rows = alignCells(
      plan.operations.map((op) => [
        OPERATION_SYMBOL[op.kind],
        op.kind,
        describeSubject(op),
        describeDetail(op),
        describeSource(op),
      ]),
    );
    for (const [symbol = '', ...cells] of rows) {
      const source = cells.pop() ?? '';
      const line = [...cells, source === '' ? '' : paint('dim', source)].join('  ').trimEnd();
      const color: Color = symbol === '+' ? 'green' : symbol === '~' ? 'yellow' : 'red';
      out.push(`  ${paint(color, symbol)} ${line}`);
    }
    out.push('');
  }

  if (plan.findings.length > 0) {
    out.push('Findings (no operation can fix these):', '');
    const rows = alignCells(plan.findings.map((f) => [f.kind, escapeControl(f.message)]));
    for (const cells of rows) out.push(`  ${paint('yellow', '!')} ${cells.join('  ')}`);
    out.push('');
  }

  if (plan.safety.length > 0) {
    out.push(paint('red', paint('bold', 'Safety failures: apply will refuse this plan')), '');
    for (const s of plan.safety) {
      const force = s.overridable
        ? ' (--force passes this one)'
        : ' (--force does not pass this one)';
      out.push(
        `  ${paint('red', '✗')} ${paint('bold', s.code)}: ${escapeControl(s.message)}${force}`,
      );
    }
    out.push('');
  }

  out.push(paint('bold', summaryLine(plan)));
  const partial = partialLine(plan);
  if (partial !== undefined) out.push(paint('yellow', partial));
  out.push(`Fingerprint: ${plan.fingerprint}`);
  return `${out.join('\n')}\n`;
}
