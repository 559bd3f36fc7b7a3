/**
 * `gti-sync history` in text, JSON, CSV and markdown: one timeline per member, each entry with its
 * time, source (`journal` or `activity_log`), action, result, particulars and who acted. Pure.
 */
import { escapeControl } from '../model/escape-control.js';
import type { HistoryEntry, HistoryReport } from '../model/history.js';
import type { ReportFormat } from '../model/reports.js';
import { renderCsv } from './csv.js';
import { renderMarkdownTable, renderTextTable } from './table.js';
import type { Cell, Column } from './table.js';

const COLUMNS: readonly Column[] = [
  { header: 'time' },
  { header: 'source' },
  { header: 'action' },
  { header: 'result' },
  { header: 'actor' },
  { header: 'detail' },
];

/** Renders the history report in `format`; every format ends with a newline. */
export function renderHistory(
  report: HistoryReport,
  format: ReportFormat,
  options: { tableWidth?: number | undefined } = {},
): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'csv') {
    return renderCsv(
      ['member', 'time', 'source', 'group', 'action', 'result', 'actor', 'detail', 'run_url'],
      report.members.flatMap((m) =>
        m.entries.map((e): Cell[] =>
          [
            m.member,
            e.time,
            e.source,
            e.group,
            e.action,
            e.result,
            e.actor,
            e.detail,
            e.run_url,
          ].map((c) => (c === null ? null : escapeControl(c))),
        ),
      ),
    );
  }
  const markdown = format === 'markdown';
  const out: string[] = [markdown ? `## ${escapeControl(headline(report))}` : headline(report)];
  if (report.members.length === 0) out.push('No entries for the members asked about.');
  for (const m of report.members) {
    const title = escapeControl(
      m.aliases.length === 0 ? m.member : `${m.member} (${m.aliases.join(', ')})`,
    );
    const rows = m.entries.map(rowOf);
    out.push(
      markdown
        ? `### ${title}\n\n${renderMarkdownTable(COLUMNS, rows).trimEnd()}`
        : `\n${title}\n${renderTextTable(COLUMNS, rows, options.tableWidth).trimEnd()}`,
    );
  }
  return `${out.join(markdown ? '\n\n' : '\n')}\n`;
}

/** What was read: the group, the journals and how far back the activity log reached. */
function headline(report: HistoryReport): string {
  const group = report.group === null ? 'every group of the journals' : `group ${report.group}`;
  const journals = `${report.journals.length} journal${report.journals.length === 1 ? '' : 's'}`;
  const log = report.activity_log;
  const logText =
    log === null
      ? 'activity log not read'
      : `activity log: ${log.entries} entries back to ${log.oldest ?? 'nothing'}${log.truncated ? ' (bounded)' : ''}`;
  const since = report.since === null ? '' : `, since ${report.since}`;
  return `History of ${group}${since} (${journals}; ${logText})`;
}

function rowOf(e: HistoryEntry): Cell[] {
  return [e.time, e.source, e.action, e.result, e.actor, e.detail].map((c) =>
    c === null ? null : escapeControl(c),
  );
}
