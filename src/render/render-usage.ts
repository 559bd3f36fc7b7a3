/**
 * Renderers of `usage api` and `usage features` (design §5): pure functions of one report model.
 * text: aligned tables, and the daily series as a bar chart; json: the model; csv: one row per
 * (scope, id, day or quota) under a header line; markdown: tables and a mermaid `xychart-beta`.
 */
import { paint } from './color.js';
import type {
  ApiUsageReport,
  FeaturesReport,
  QuotaUse,
  ReportFormat,
  TextOptions,
  UsageSeries,
} from '../model/reports.js';
import { renderBarChart } from './bar-chart.js';
import { NO_PERSONAL_CAP } from '../model/quotas.js';
import { renderCsv } from './csv.js';
import { renderXyChart } from './mermaid.js';
import { renderMarkdownTable, renderTextTable } from './table.js';
import type { Cell, Column } from './table.js';

/** Quotas in the order reports show them (features first, then the API quotas), with short labels. */
const QUOTA_LABELS: Readonly<Record<string, string>> = {
  intelligence_searches_monthly: 'searches',
  intelligence_downloads_monthly: 'downloads',
  intelligence_hunting_rules: 'hunting rules',
  intelligence_retrohunt_jobs_monthly: 'retrohunt jobs',
  intelligence_vtdiff_creation_monthly: 'diff',
  private_scans_monthly: 'private scans',
  private_urlscans_monthly: 'private URL scans',
  api_requests_hourly: 'API requests (hour)',
  api_requests_daily: 'API requests (day)',
  api_requests_monthly: 'API requests (month)',
};

/** Renders a `usage api` report in `format`. */
export function renderApiUsage(
  report: ApiUsageReport,
  format: ReportFormat,
  text: TextOptions,
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return renderApiUsageCsv(report);
    case 'markdown':
      return renderApiUsageMarkdown(report);
    case 'text':
      return renderApiUsageText(report, text);
  }
}

/** Renders a `usage features` report in `format`. */
export function renderFeatures(
  report: FeaturesReport,
  format: ReportFormat,
  options: { color?: boolean; tableWidth?: number | undefined } = {},
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'csv':
      return renderFeaturesCsv(report);
    case 'markdown':
      return renderFeaturesTables(report, true);
    case 'text':
      return renderFeaturesTables(report, false, options);
  }
}

const ENDPOINT_COLUMNS: Column[] = [{ header: 'ENDPOINT' }, { header: 'CALLS', align: 'right' }];

function endpointRows(series: UsageSeries): Cell[][] {
  return [...Object.entries(series.by_endpoint), ['total', series.total]];
}

/** The users table: id, email, total, not consuming, then one column per endpoint any user called. */
function userMatrix(report: ApiUsageReport): { columns: Column[]; rows: Cell[][] } {
  const endpoints = [...new Set(report.users.flatMap((u) => Object.keys(u.by_endpoint)))].sort();
  const columns: Column[] = [
    { header: 'ID' },
    { header: 'EMAIL' },
    { header: 'TOTAL', align: 'right' },
    { header: 'NOT CONSUMING', align: 'right' },
    ...endpoints.map((e): Column => ({ header: shortEndpoint(e), align: 'right' })),
  ];
  const rows = report.users.map((u): Cell[] => [
    u.id,
    u.email,
    u.total,
    u.not_consuming.total,
    ...endpoints.map((e) => u.by_endpoint[e] ?? 0),
  ]);
  return { columns, rows };
}

/** `/api/v3/(files)` → `(files)`: the prefix every endpoint shares, left out of column headers. */
function shortEndpoint(endpoint: string): string {
  return endpoint.startsWith('/api/v3/') ? endpoint.slice('/api/v3/'.length) : endpoint;
}

function rangeTitle(report: ApiUsageReport): string {
  const days = Object.keys(report.group_usage.by_day).length;
  const span = `${days} day${days === 1 ? '' : 's'}, UTC`;
  return `API calls of group ${report.group}, ${report.from} to ${report.to} (${span})`;
}

function renderApiUsageText(report: ApiUsageReport, options: TextOptions): string {
  const parts = [
    `${rangeTitle(report)}\n`,
    `Group: ${report.group_usage.total} calls consuming quota; ${report.not_consuming.total} more did not consume quota (not counted).\n`,
    `\n${renderTextTable(ENDPOINT_COLUMNS, endpointRows(report.group_usage))}`,
  ];
  if (report.not_consuming.total > 0) {
    parts.push(
      `\nNot consuming quota:\n${renderTextTable(ENDPOINT_COLUMNS, endpointRows(report.not_consuming))}`,
    );
  }
  const points = Object.entries(report.group_usage.by_day).map(([label, value]) => ({
    label,
    value,
  }));
  parts.push(`\nCalls per day (consuming quota):\n${renderBarChart(points, options)}`);
  if (report.users.length > 0) {
    const { columns, rows } = userMatrix(report);
    parts.push(
      `\n${accountsHeading(report.users)}:\n${renderTextTable(columns, rows, options.tableWidth)}`,
    );
  }
  return parts.join('');
}

function renderApiUsageMarkdown(report: ApiUsageReport): string {
  const days = Object.keys(report.group_usage.by_day);
  const parts = [
    `## ${rangeTitle(report)}\n\n`,
    `**${report.group_usage.total}** calls consuming quota; ${report.not_consuming.total} more did not consume quota (not counted).\n\n`,
    renderMarkdownTable(ENDPOINT_COLUMNS, endpointRows(report.group_usage)),
    '\n',
    renderXyChart({
      title: `API calls per day, group ${report.group}`,
      x: days,
      yLabel: 'calls',
      values: days.map((d) => report.group_usage.by_day[d] ?? 0),
    }),
  ];
  if (report.not_consuming.total > 0) {
    parts.push(
      `\n### Not consuming quota\n\n${renderMarkdownTable(ENDPOINT_COLUMNS, endpointRows(report.not_consuming))}`,
    );
  }
  if (report.users.length > 0) {
    const { columns, rows } = userMatrix(report);
    parts.push(`\n### ${accountsHeading(report.users)}\n\n${renderMarkdownTable(columns, rows)}`);
  }
  return parts.join('');
}

/** One row per (scope, id, day): calls consuming quota and, apart, calls that did not. */
function renderApiUsageCsv(report: ApiUsageReport): string {
  const rows: Cell[][] = [];
  const add = (
    scope: string,
    id: string,
    email: string | null,
    series: UsageSeries,
    apart: UsageSeries,
  ): void => {
    for (const [day, calls] of Object.entries(series.by_day)) {
      rows.push([scope, id, email, day, calls, apart.by_day[day] ?? 0]);
    }
  };
  add('group', report.group, null, report.group_usage, report.not_consuming);
  for (const user of report.users) add('user', user.id, user.email, user, user.not_consuming);
  return renderCsv(['scope', 'id', 'email', 'day', 'calls', 'not_consuming_calls'], rows);
}

/** The quotas a features report mentions, in display order (known ones first). */
function quotaOrder(report: FeaturesReport): string[] {
  const present = new Set([
    ...Object.keys(report.group_usage),
    ...report.users.flatMap((u) => Object.keys(u.quotas)),
  ]);
  const known = Object.keys(QUOTA_LABELS).filter((q) => present.has(q));
  const other = [...present].filter((q) => !(q in QUOTA_LABELS)).sort();
  return [...known, ...other];
}

function formatAllowed(use: QuotaUse): string {
  return use.allowed >= NO_PERSONAL_CAP ? 'no cap' : String(use.allowed);
}

/** Whether `use` is over a cap: more used than allowed, where a cap applies. */
function isOverCap(use: QuotaUse): boolean {
  return use.allowed < NO_PERSONAL_CAP && use.used > use.allowed;
}

function formatShare(use: QuotaUse): string {
  if (use.allowed >= NO_PERSONAL_CAP || use.allowed <= 0) return isOverCap(use) ? '!' : '';
  return `${Math.round((use.used / use.allowed) * 100)}%${isOverCap(use) ? ' !' : ''}`;
}

/**
 * `used/allowed` (`!` after it when over the cap), or `used` alone where there is no personal cap;
 * `-` (null) where the quota is not reported for the account.
 */
function formatCompact(use: QuotaUse | undefined): Cell {
  if (use === undefined) return null;
  if (use.allowed >= NO_PERSONAL_CAP) return String(use.used);
  return `${use.used}/${use.allowed}${isOverCap(use) ? ' !' : ''}`;
}

function renderFeaturesTables(
  report: FeaturesReport,
  markdown: boolean,
  options: { color?: boolean; tableWidth?: number | undefined } = {},
): string {
  const table = (columns: Column[], rows: Cell[][]): string =>
    markdown
      ? renderMarkdownTable(columns, rows)
      : renderTextTable(columns, rows, options.tableWidth);
  // Over a cap: the `!` in red on a terminal (text only).
  const over = (cell: Cell): Cell =>
    options.color === true && typeof cell === 'string' && cell.endsWith('!')
      ? `${cell.slice(0, -1)}${paint('red', '!', true)}`
      : cell;
  const quotas = quotaOrder(report);
  const groupQuotas = quotas.filter((q) => q in report.group_usage);
  const title = `Feature consumption of group ${report.group}, ${report.month} (this month, UTC)`;
  const groupTable = table(
    [
      { header: 'QUOTA' },
      { header: 'USED', align: 'right' },
      { header: 'ALLOWED', align: 'right' },
      { header: 'USE', align: 'right' },
    ],
    groupQuotas.flatMap((q) => {
      const use = report.group_usage[q];
      return use === undefined
        ? []
        : [[QUOTA_LABELS[q] ?? q, use.used, formatAllowed(use), over(formatShare(use))]];
    }),
  );
  const parts = markdown ? [`## ${title}\n\n`, groupTable] : [`${title}\n\n`, groupTable];
  if (report.users.length > 0) {
    const columns: Column[] = [
      { header: 'ID' },
      { header: 'EMAIL' },
      // The same columns whoever is listed (named or all): the group's quotas and any member's.
      ...quotas.map((q): Column => ({ header: QUOTA_LABELS[q] ?? q, align: 'right' })),
    ];
    const rows = report.users.map((u): Cell[] => [
      u.id,
      u.email,
      ...quotas.map((q) => over(formatCompact(u.quotas[q]))),
    ]);
    const heading = `${accountsHeading(report.users)}: used, or used/allowed where a personal cap is set (! over it; - not reported)`;
    parts.push(markdown ? `\n### ${heading}\n\n` : `\n${heading}:\n`, table(columns, rows));
  }
  return parts.join('');
}

/** One row per (scope, id, quota). */
function renderFeaturesCsv(report: FeaturesReport): string {
  const quotas = quotaOrder(report);
  const rows: Cell[][] = [];
  const add = (
    scope: string,
    id: string,
    email: string | null,
    uses: Record<string, QuotaUse>,
  ): void => {
    for (const q of quotas) {
      const use = uses[q];
      if (use !== undefined) rows.push([scope, id, email, q, use.used, use.allowed]);
    }
  };
  add('group', report.group, null, report.group_usage);
  for (const user of report.users) add('user', user.id, user.email, user.quotas);
  return renderCsv(['scope', 'id', 'email', 'quota', 'used', 'allowed'], rows);
}

/**
 * `Members (3)`, or `Members (3) and service accounts (1)`: the two counted apart (a service
 * account is the row without an email).
 */
export function accountsHeading(users: readonly { email: string | null }[]): string {
  const accounts = users.filter((u) => u.email === null).length;
  const members = users.length - accounts;
  return accounts === 0
    ? `Members (${members})`
    : `Members (${members}) and service accounts (${accounts})`;
}
