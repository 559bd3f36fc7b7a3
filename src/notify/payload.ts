/**
 * What a webhook notification says (pure): a compact summary of one run (group, counts,
 * failures, the emails changed, a link to the CI run) and the body sent for it — the summary as
 * JSON, or Slack's incoming-webhook form `{"text": …}` for hooks.slack.com. Never the API key:
 * the summary is built from the plan or report only.
 */
import type { ApplyReport } from '../model/apply-report.js';
import type { Operation } from '../model/operation.js';
import type { Plan } from '../model/plan.js';
import { isUnknownFinding } from '../model/plan.js';
import type { AuditReport } from '../model/reports.js';

/** The most emails a notification lists (the count says how many there were). */
const MAX_EMAILS = 50;

/** The summary of one run that a notification carries. */
export interface NotifySummary {
  version: 1;
  command: 'apply' | 'plan' | 'audit';
  group: string;
  /** Operations by kind (plan, apply: done), or findings by kind (audit). */
  counts: Record<string, number>;
  /** Operations that failed (apply); 0 otherwise. */
  failures: number;
  /** The emails changed (or to change, or with findings), sorted, at most 50. */
  emails: string[];
  /** The CI run, from GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_RUN_ID; absent outside CI. */
  run_url?: string;
}

/** The summary of a plan with changes. */
export function planSummary(plan: Plan, env: Env): NotifySummary {
  return summary('plan', plan.group, countBy(plan.operations), 0, plan.operations, env);
}

/** The summary of an apply. */
export function applySummary(report: ApplyReport, env: Env): NotifySummary {
  const touched = [...report.done, ...report.failed];
  return summary('apply', report.group, countBy(report.done), report.failed.length, touched, env);
}

/** The summary of an audit's findings (`unknown_*` findings left out). */
export function auditSummary(report: AuditReport, env: Env): NotifySummary {
  const findings = report.findings.filter((f) => !isUnknownFinding(f));
  return summary('audit', report.group, countBy(findings), 0, findings, env);
}

/** Whether `summary` is worth sending: something changed, failed or was found. */
export function hasNews(summary: NotifySummary): boolean {
  return summary.failures > 0 || Object.values(summary.counts).some((n) => n > 0);
}

/** The request body for `url`: Slack's `{"text": …}` for hooks.slack.com, else the summary. */
export function notifyBody(url: URL, summary: NotifySummary): string {
  if (url.hostname.toLowerCase() === 'hooks.slack.com') {
    return JSON.stringify({ text: slackText(summary) });
  }
  return JSON.stringify(summary);
}

type Env = Record<string, string | undefined>;

function summary(
  command: NotifySummary['command'],
  group: string,
  counts: Record<string, number>,
  failures: number,
  items: readonly Pick<Operation, 'email'>[],
  env: Env,
): NotifySummary {
  const emails = [...new Set(items.map((i) => i.email).filter((e): e is string => e !== null))]
    .sort()
    .slice(0, MAX_EMAILS);
  const run = runUrl(env);
  return {
    version: 1,
    command,
    group,
    counts,
    failures,
    emails,
    ...(run === undefined ? {} : { run_url: run }),
  };
}

function countBy(items: readonly { kind: string }[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item.kind] = (counts[item.kind] ?? 0) + 1;
  return counts;
}

function runUrl(env: Env): string | undefined {
  const server = env['GITHUB_SERVER_URL'];
  const repository = env['GITHUB_REPOSITORY'];
  const id = env['GITHUB_RUN_ID'];
  if (!server || !repository || !id) return undefined;
  return `${server.replace(/\/+$/, '')}/${repository}/actions/runs/${id}`;
}

function slackText(s: NotifySummary): string {
  const what = { apply: 'applied', plan: 'drift (plan)', audit: 'audit findings' }[s.command];
  const counts = Object.entries(s.counts)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  const lines = [
    `gti-sync ${what} for group ${s.group}: ${counts === '' ? 'nothing' : counts}` +
      (s.failures > 0 ? `; ${s.failures} failed` : ''),
  ];
  if (s.emails.length > 0) lines.push(`emails: ${s.emails.join(', ')}`);
  if (s.run_url !== undefined) lines.push(`run: ${s.run_url}`);
  return lines.join('\n');
}
