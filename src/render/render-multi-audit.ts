/**
 * The output of a multi-group audit (issue 12 item 6). text: each group's audit as a
 * single-group audit prints it under a header (or its error), then a summary line. csv: one
 * table of the findings across groups, `group` first. markdown: one findings table across
 * groups with a GROUP column, then the failed groups. json: the MultiAudit. Pure.
 */
import type { MultiAudit } from '../model/multi-group.js';
import type { ReportFormat } from '../model/reports.js';
import { renderCsv } from './csv.js';
import { FINDING_CSV_HEADER, findingCsvRow, renderAudit } from './render-audit.js';
import { renderMarkdownTable } from './table.js';
import type { Cell, Column } from './table.js';

const COLUMNS: Column[] = [
  { header: 'GROUP' },
  { header: 'KIND' },
  { header: 'WHO' },
  { header: 'CHANGED BY' },
  { header: 'WHEN' },
  { header: 'MESSAGE' },
];

/** One line over all groups: how many have findings, none, failed. */
function summaryLine(multi: MultiAudit): string {
  const withFindings = multi.audits.filter((a) => a.findings.length > 0).length;
  const total = multi.audits.length + multi.errors.length;
  return `${total} group(s): ${withFindings} with findings, ${multi.audits.length - withFindings} without, ${multi.errors.length} failed.`;
}

/** Renders a multi-group audit in `format`; always ends with a newline. */
export function renderMultiAudit(
  multi: MultiAudit,
  format: ReportFormat,
  options: { tableWidth?: number | undefined } = {},
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(multi, null, 2)}\n`;
    case 'csv':
      return renderCsv(
        ['group', ...FINDING_CSV_HEADER],
        multi.audits.flatMap((a) => a.findings.map((f) => [a.group, ...findingCsvRow(f)])),
      );
    case 'markdown':
      return renderMarkdown(multi);
    case 'text':
      return renderText(multi, options.tableWidth);
  }
}

function renderMarkdown(multi: MultiAudit): string {
  const rows: Cell[][] = multi.audits.flatMap((a) =>
    a.findings.map((f) => {
      const actor =
        f.actor === undefined ? null : f.actor_email ? `${f.actor} (${f.actor_email})` : f.actor;
      return [a.group, f.kind, f.email ?? f.user_id, actor, f.date ?? null, f.message];
    }),
  );
  const parts = [`## Audit of ${multi.audits.length + multi.errors.length} group(s)\n\n`];
  parts.push(rows.length === 0 ? '_No findings._\n' : renderMarkdownTable(COLUMNS, rows));
  if (multi.errors.length > 0) {
    parts.push('\n### Failed groups\n\n');
    for (const e of multi.errors) {
      parts.push(`- \`${e.group ?? '?'}\` (${e.file}): ${e.code}: ${e.message}\n`);
    }
  }
  parts.push(`\n${summaryLine(multi)}\n`);
  return parts.join('');
}

function renderText(multi: MultiAudit, tableWidth: number | undefined): string {
  const parts: string[] = [];
  for (const audit of multi.audits) {
    parts.push(`=== group ${audit.group} ===\n`, renderAudit(audit, 'text', { tableWidth }), '\n');
  }
  for (const e of multi.errors) {
    parts.push(`=== group ${e.group ?? '?'} (${e.file}) failed ===\n`);
    parts.push(`error ${e.code}: ${e.message}\n\n`);
  }
  parts.push(`${summaryLine(multi)}\n`);
  return parts.join('');
}
