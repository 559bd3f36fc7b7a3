/**
 * The markdown plan: ONE pull-request comment (design §3). The hidden marker line first, so CI can
 * find and update its own comment; a heading, the summary, the safety failures in bold, a summary
 * table, the operations grouped by kind, the findings and the fingerprint. GitHub refuses comments
 * over 65,536 characters, so long groups fold into `<details>` and, past a budget, the rest is
 * left out with a line saying how much and where to see everything (the JSON plan).
 */
import { escapeControl } from '../model/escape-control.js';
import { OPERATION_KINDS } from '../model/operation.js';
import type { Finding, Plan } from '../model/plan.js';
import type { Operation, OperationKind } from '../model/operation.js';
import {
  OPERATION_SYMBOL,
  describeDetail,
  describeSource,
  describeSubject,
  formatCap,
  partialLine,
  summaryLine,
} from './plan-describe.js';
import { markdownRow, markdownRule } from './table.js';
import type { Column } from './table.js';

/** GitHub's limit on a comment body. */
export const COMMENT_LIMIT = 65_536;
/** What the body may use before the closing lines; leaves room for them and for the marker. */
const MARKDOWN_BUDGET = 60_000;
/** Kept free for the omission note and the fingerprint. */
const RESERVE = 600;
/** Groups with more rows than this fold into `<details>`. */
const FOLD_OVER = 10;

/** The marker line a CI job searches for to update the plan comment of `group`. */
export function planCommentMarker(group: string): string {
  return `<!-- gti-sync:plan group=${group} -->`;
}

interface Table {
  title: string;
  headers: string[];
  rows: string[][];
  /** What the rows are, for the omission count. */
  counts: 'operations' | 'findings' | 'safety';
}

/** Renders `plan` as one markdown comment of at most COMMENT_LIMIT characters. */
export function renderPlanMarkdown(
  plan: Plan,
  options: { file?: string | undefined } = {},
): string {
  const from = options.file === undefined ? '' : ` from \`${code(options.file)}\``;
  const head = [
    planCommentMarker(plan.group),
    `### gti-sync plan for \`${code(plan.group)}\`${from}`,
    '',
    `**${summaryLine(plan)}**`,
    '',
    ...(plan.selection === undefined ? [] : [`> ⚠️ ${escape(partialLine(plan) ?? '')}`, '']),
  ];
  const out = { text: head.join('\n') + '\n', omitted: { operations: 0, findings: 0, safety: 0 } };

  if (plan.safety.length > 0) {
    const lines = plan.safety.map(
      (s) =>
        `- **${s.code}**: **${escape(s.message)}**${s.overridable ? ' (`--force` passes this one)' : ''}`,
    );
    appendList(out, '**⛔ Safety failures: `apply` will refuse this plan.**', lines);
  }
  const tables: Table[] = [];
  if (plan.operations.length <= COMPACT_MAX) {
    // A small plan: one line per operation, no count table.
    if (plan.operations.length > 0)
      append(out, `${plan.operations.map(compactLine).join('\n')}\n\n`);
  } else {
    append(out, summaryTable(plan));
    for (const kind of OPERATION_KINDS) {
      const ops = plan.operations.filter((op) => op.kind === kind);
      if (ops.length > 0) tables.push(operationTable(kind, ops));
    }
  }
  if (plan.findings.length > 0) tables.push(findingTable(plan.findings));
  // Each table gets a fair share of what is left, so one huge group cannot hide the others.
  tables.forEach((table, i) => {
    const left = MARKDOWN_BUDGET - RESERVE - out.text.length;
    appendTable(out, table, Math.floor(left / (tables.length - i)));
  });

  const { operations, findings, safety } = out.omitted;
  if (operations + findings + safety > 0) {
    const parts = [
      plural(operations, 'operation'),
      plural(findings, 'finding'),
      plural(safety, 'safety failure'),
    ].filter((p) => p !== '');
    out.text +=
      `**${parts.join(', ')} not shown:** a comment holds at most 65,536 characters. ` +
      'The complete plan is the JSON plan (`gti-sync plan --format json`, or the `--out PLAN.json` artifact of this run).\n';
  }
  out.text += `\nFingerprint: \`${plan.fingerprint}\`\n`;
  return out.text;
}

/** Plans of at most this many operations show one line each instead of the tables. */
const COMPACT_MAX = 3;

/** One operation as a list item: `` - `+ add_member` erin@acme.example (`group.yaml:55`) ``. */
function compactLine(op: Operation): string {
  const detail = describeDetail(op);
  const source = op.source === null ? '' : ` (\`${code(describeSource(op))}\`)`;
  return `- \`${OPERATION_SYMBOL[op.kind]} ${op.kind}\` ${escape(describeSubject(op))}${detail === '' ? '' : ` ${escape(detail)}`}${source}`;
}

const SUMMARY_COLUMNS: readonly Column[] = [
  { header: '' },
  { header: 'Operation' },
  { header: 'Count', align: 'right' },
];

function summaryTable(plan: Plan): string {
  const rows = OPERATION_KINDS.map((kind) =>
    markdownRow([OPERATION_SYMBOL[kind], kind, String(plan.summary[kind])]),
  );
  return (
    ['| | Operation | Count |', markdownRule(SUMMARY_COLUMNS, true), ...rows, ''].join('\n') + '\n'
  );
}

function operationTable(kind: OperationKind, ops: Operation[]): Table {
  const title = `${OPERATION_SYMBOL[kind]} ${kind} (${ops.length})`;
  const source = (op: Operation) => (op.source === null ? '' : `\`${code(describeSource(op))}\``);
  switch (kind) {
    case 'add_member':
      return {
        title,
        counts: 'operations',
        headers: ['Email', 'Source'],
        rows: ops.map((op) => [escape(op.email ?? ''), source(op)]),
      };
    case 'create_service_account':
      return {
        title,
        counts: 'operations',
        headers: ['Service account', 'Id', 'Source'],
        rows: ops.map((op) => [
          escape(op.service_account ?? ''),
          escape(op.user_id ?? ''),
          source(op),
        ]),
      };
    case 'grant_role':
    case 'revoke_role':
      return {
        title,
        counts: 'operations',
        headers: ['Email', 'User id', 'Role', 'Source'],
        rows: ops.map((op) => [
          escape(op.email ?? ''),
          escape(op.user_id ?? '(new)'),
          op.role ?? '',
          source(op),
        ]),
      };
    case 'set_quota':
      return {
        title,
        counts: 'operations',
        headers: ['Member or service account', 'Quota', 'From', 'To', 'Source'],
        rows: ops.map((op) => [
          escape(
            op.service_account === null
              ? (op.email ?? '')
              : `service account ${op.service_account}`,
          ),
          op.quota ?? '',
          formatCap(op.from),
          formatCap(op.to),
          source(op),
        ]),
      };
    case 'remove_member':
      return {
        title,
        counts: 'operations',
        headers: ['Email', 'User id'],
        rows: ops.map((op) => [escape(op.email ?? ''), escape(op.user_id ?? '')]),
      };
  }
}

function findingTable(findings: Finding[]): Table {
  return {
    title: `Findings (${findings.length}): no operation can fix these`,
    counts: 'findings',
    headers: ['Kind', 'Who', 'Message'],
    rows: findings.map((f) => [f.kind, escape(f.email ?? f.user_id ?? ''), escape(f.message)]),
  };
}

type Output = { text: string; omitted: Record<Table['counts'], number> };

function append(out: Output, text: string): boolean {
  if (out.text.length + text.length > MARKDOWN_BUDGET) return false;
  out.text += text;
  return true;
}

/**
 * Appends a table (folded into `<details>` when long) within `share` characters; rows that do not
 * fit are counted as omitted and named in a line under the table.
 */
function appendTable(out: Output, table: Table, share: number): void {
  const fold = table.rows.length > FOLD_OVER;
  const open = fold
    ? `<details><summary><b>${escape(table.title)}</b></summary>\n\n`
    : `#### ${escape(table.title)}\n\n`;
  const header = `${markdownRow(table.headers)}\n${markdownRule(
    table.headers.map((h) => ({ header: h })),
    true,
  )}\n`;
  const close = fold ? '\n</details>\n\n' : '\n';
  const more = 120; // the "… N more" line
  let room = share - open.length - header.length - close.length - more;
  if (room <= 0) {
    out.omitted[table.counts] += table.rows.length;
    return;
  }
  let body = '';
  let shown = 0;
  for (const row of table.rows) {
    const line = `${markdownRow(row)}\n`;
    if (line.length > room) break;
    body += line;
    room -= line.length;
    shown++;
  }
  const hidden = table.rows.length - shown;
  out.omitted[table.counts] += hidden;
  const note = hidden === 0 ? '' : `\n… and ${hidden} more ${table.counts}, in the JSON plan.\n`;
  out.text += open + header + body + note + close;
}

function appendList(out: Output, title: string, lines: string[]): void {
  out.text += `${title}\n\n`;
  let shown = 0;
  for (const line of lines) {
    if (!append(out, `${line}\n`)) break;
    shown++;
  }
  out.omitted.safety += lines.length - shown;
  out.text += '\n';
}

/** Escapes text for a table cell or a line: no HTML, no cell breaks, no newlines. */
function escape(text: string): string {
  return escapeControl(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, ' ');
}

/** Text for inside a code span: no backticks (they would end it), no newlines. */
function code(text: string): string {
  return text.replace(/`/g, "'").replace(/\r?\n/g, ' ');
}

function plural(n: number, word: string): string {
  return n === 0 ? '' : `${n} ${word}${n === 1 ? '' : 's'}`;
}
