/**
 * Renderer of `audit` (design §5): pure function of one AuditReport. text and markdown show the
 * findings (with who made each undeclared change and when), then the members and service
 * accounts; json is the model (`{"group", "findings", "members", "service_accounts", ...}`); csv is
 * one row per finding under a header line.
 */
import type { AuditFinding, AuditReport, ReportFormat } from '../model/reports.js';
import { renderCsv } from './csv.js';
import { renderMarkdownTable, renderTextTable } from './table.js';
import type { Cell, Column } from './table.js';

/** The columns of a finding in csv (a multi-group audit puts `group` first). */
export const FINDING_CSV_HEADER = [
  'kind',
  'email',
  'user_id',
  'actor',
  'actor_email',
  'date',
  'message',
] as const;

/** A finding as a csv row, in FINDING_CSV_HEADER's order. */
export function findingCsvRow(f: AuditFinding): (string | null)[] {
  return [
    f.kind,
    f.email,
    f.user_id,
    f.actor ?? null,
    f.actor_email ?? null,
    f.date ?? null,
    f.message,
  ];
}

/** Renders an audit report in `format`. */
export function renderAudit(
  report: AuditReport,
  format: ReportFormat,
  options: { tableWidth?: number | undefined } = {},
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return renderCsv(FINDING_CSV_HEADER, report.findings.map(findingCsvRow));
    case 'markdown':
      return renderAuditTables(report, true);
    case 'text':
      return renderAuditTables(report, false, options.tableWidth);
  }
}

const FINDING_COLUMNS: Column[] = [
  { header: 'KIND' },
  { header: 'WHO' },
  { header: 'CHANGED BY' },
  { header: 'WHEN' },
  { header: 'MESSAGE' },
];

const MEMBER_COLUMNS: Column[] = [
  { header: 'EMAIL' },
  { header: 'ID' },
  { header: 'ROLES' },
  { header: '2FA' },
  { header: 'CAPS' },
  { header: 'LAST LOGIN' },
];

const SERVICE_ACCOUNT_COLUMNS: Column[] = [
  { header: 'ID' },
  { header: 'NAME' },
  { header: 'CAPS' },
];

function findingRow(f: AuditFinding): Cell[] {
  const actor =
    f.actor === undefined ? null : f.actor_email ? `${f.actor} (${f.actor_email})` : f.actor;
  return [f.kind, f.email ?? f.user_id, actor, f.date ?? null, f.message];
}

function formatCaps(caps: Record<string, number>): string {
  const entries = Object.entries(caps);
  return entries.length === 0 ? '-' : entries.map(([q, n]) => `${q}=${n}`).join(', ');
}

function format2fa(has2fa: boolean | null): string {
  return has2fa === null ? '?' : has2fa ? 'yes' : 'NO';
}

function renderAuditTables(report: AuditReport, markdown: boolean, width?: number): string {
  const table = (columns: Column[], rows: Cell[][]): string =>
    markdown ? renderMarkdownTable(columns, rows) : renderTextTable(columns, rows, width);
  const heading = (text: string): string => (markdown ? `\n### ${text}\n\n` : `\n${text}:\n`);
  const count = report.findings.length;
  const title = `Audit of group ${report.group}: ${count === 0 ? 'no findings' : `${count} finding${count === 1 ? '' : 's'}`}`;
  const parts = [markdown ? `## ${title}\n` : `${title}\n`];
  if (count > 0)
    parts.push(heading('Findings'), table(FINDING_COLUMNS, report.findings.map(findingRow)));
  parts.push(
    heading(`Members (${report.members.length})`),
    table(
      MEMBER_COLUMNS,
      report.members.map((m) => [
        m.email,
        m.id,
        // Roles gti-sync does not know are shown as the API spells them (kept, never removed).
        [...m.roles, ...(m.unknown_roles ?? [])].join(', ') || '-',
        format2fa(m.has_2fa),
        formatCaps(m.caps),
        m.last_login,
      ]),
    ),
    heading(`Service accounts (${report.service_accounts.length})`),
    table(
      SERVICE_ACCOUNT_COLUMNS,
      report.service_accounts.map((s) => [s.id, s.name, formatCaps(s.caps)]),
    ),
  );
  const log = report.activity_log;
  const window = log.oldest === null ? 'the log is empty' : `back to ${log.oldest}`;
  const bound = log.truncated ? ' (the bound was reached: older changes are not explained)' : '';
  parts.push(
    `\n${markdown ? '_' : ''}Activity log: ${log.entries} entries read, ${window}${bound}.${markdown ? '_' : ''}\n`,
  );
  return parts.join('');
}
