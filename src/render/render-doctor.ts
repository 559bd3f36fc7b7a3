/**
 * Renders `gti-sync doctor` (issue 10): text, one line a check (status, name, what it saw and what
 * gti-sync will do) then the readings observed; json, the report as it is. Pure.
 */
import { escapeControl } from '../model/escape-control.js';
import type { DoctorFormat, DoctorReport } from '../model/doctor-report.js';

/** Renders `report` in `format`. */
export function renderDoctor(report: DoctorReport, format: DoctorFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  const nameWidth = Math.max(0, ...report.checks.map((c) => c.name.length));
  const lines = [`gti-sync doctor: group ${report.group}`, ''];
  for (const check of report.checks) {
    const code = check.code === undefined ? '' : ` [${check.code}]`;
    lines.push(
      `${check.status.padEnd(7)} ${check.name.padEnd(nameWidth)}  ${escapeControl(check.detail)}${code}`,
    );
  }
  const observed = Object.entries(report.observed);
  const keyWidth = Math.max(0, ...observed.map(([key]) => key.length));
  lines.push('', 'Observed (null: could not tell):');
  for (const [key, value] of observed)
    lines.push(`  ${key.padEnd(keyWidth)}  ${escapeControl(String(value))}`);
  const degraded = report.checks.filter((c) => c.status === 'differs').length;
  lines.push(
    '',
    report.error === null
      ? `gti-sync can work with group ${report.group}${degraded > 0 ? ` (degraded: ${degraded === 1 ? '1 check differs' : `${degraded} checks differ`})` : ''}.`
      : `gti-sync cannot work with group ${report.group}: ${report.error.code}.`,
  );
  return `${lines.join('\n')}\n`;
}
