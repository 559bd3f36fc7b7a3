/**
 * The text plan, read like Terraform's: a header, one aligned line per operation (`+`, `~`, `-`)
 * with the file line that asks for it, the findings, the safety failures, a summary line and the
 * fingerprint. ANSI colour only when asked (the CLI asks on a terminal without NO_COLOR).
 */
import type { Plan } from '../model/plan.js';
import {
  OPERATION_SYMBOL,
  describeDetail,
  describeSource,
  describeSubject,
  summaryLine,
} from './plan-describe.js';

const ANSI = { green: '32', yellow: '33', red: '31', bold: '1', dim: '2' } as const;
type Style = keyof typeof ANSI;

/** Renders `plan` as text; `file` names the group file in the header. Ends with a newline. */
export function renderPlanText(
  plan: Plan,
  options: { color: boolean; file?: string | undefined },
): string {
  const paint = (style: Style, text: string): string =>
    options.color ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text;
  const from = options.file === undefined ? '' : ` from ${options.file}`;
  const out: string[] = [paint('bold', `gti-sync plan for group ${plan.group}${from}`), ''];

  if (plan.operations.length > 0) {
    out.push('Operations, in the order apply runs them:', '');
    const rows = plan.operations.map((op) => ({
      symbol: OPERATION_SYMBOL[op.kind],
      cells: [op.kind, describeSubject(op), describeDetail(op), describeSource(op)],
    }));
    const widths = [0, 1, 2].map((i) =>
      Math.max(...rows.map((r) => [...(r.cells[i] ?? '')].length)),
    );
    for (const { symbol, cells } of rows) {
      const line = cells
        .map((cell, i) =>
          i < 3
            ? cell.padEnd((widths[i] ?? 0) + cell.length - [...cell].length)
            : cell === ''
              ? ''
              : paint('dim', cell),
        )
        .join('  ')
        .trimEnd();
      const style: Style = symbol === '+' ? 'green' : symbol === '~' ? 'yellow' : 'red';
      out.push(`  ${paint(style, symbol)} ${line}`);
    }
    out.push('');
  }

  if (plan.findings.length > 0) {
    out.push('Findings (no operation can fix these):', '');
    const width = Math.max(...plan.findings.map((f) => f.kind.length));
    for (const f of plan.findings)
      out.push(`  ${paint('yellow', '!')} ${f.kind.padEnd(width)}  ${f.message}`);
    out.push('');
  }

  if (plan.safety.length > 0) {
    out.push(paint('red', paint('bold', 'Safety failures: apply will refuse this plan')), '');
    for (const s of plan.safety) {
      const force = s.overridable
        ? ' (--force passes this one)'
        : ' (--force does not pass this one)';
      out.push(`  ${paint('red', '✗')} ${paint('bold', s.code)}: ${s.message}${force}`);
    }
    out.push('');
  }

  out.push(paint('bold', summaryLine(plan)));
  out.push(`Fingerprint: ${plan.fingerprint}`);
  return `${out.join('\n')}\n`;
}
