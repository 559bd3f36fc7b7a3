/**
 * What a webhook notification says (pure): a compact summary of one run (group, counts,
 * failures, the emails changed, a link to the CI run; over several groups, one summary for the
 * run with a part per group that has news and the groups that failed) and the body sent for it — the summary as
 * JSON, or Slack's incoming-webhook form `{"text": …}` for hooks.slack.com. Never the API key:
 * the summary is built from the plan or report only.
 */
import type { ApplyReport } from '../model/apply-report.js';
import type { GroupRunError } from '../model/multi-group.js';
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

/** One group's part of a multi-group notification. */
type GroupNews = Pick<NotifySummary, 'group' | 'counts' | 'failures' | 'emails'>;

/**
 * The summary of a run over several groups (issue 12): one notification for the whole run, the
 * groups with news each in `groups`, the groups that failed in `errors` (no messages: they may
 * quote the API).
 */
export interface MultiNotifySummary {
  version: 1;
  command: NotifySummary['command'];
  groups: GroupNews[];
  errors: { file: string; group?: string; code: string }[];
  run_url?: string;
}

/** What a notification carries: one group's summary or a multi-group run's. */
export type Notification = NotifySummary | MultiNotifySummary;

/** The summary of a plan with changes. */
export function planSummary(plan: Plan, env: Env): NotifySummary {
  return summary('plan', plan.group, countBy(plan.operations), 0, plan.operations, env);
}

/** The summary of an apply. */
export function applySummary(report: ApplyReport, env: Env): NotifySummary {
  const invited = report.invited.map((email) => ({ email }));
  const touched = [...report.done, ...report.failed, ...invited];
  const counts = countBy(report.done);
  // An invitation is the add of a member who has no account yet: news, though not "done".
  if (invited.length > 0) counts['invited'] = invited.length;
  return summary('apply', report.group, counts, report.failed.length, touched, env);
}

/** The summary of an audit's findings (`unknown_*` findings left out). */
export function auditSummary(report: AuditReport, env: Env): NotifySummary {
  const findings = report.findings.filter((f) => !isUnknownFinding(f));
  return summary('audit', report.group, countBy(findings), 0, findings, env);
}

/**
 * The summary of a multi-group run from the per-group summaries (those without news left out)
 * and the groups that failed.
 */
export function multiSummary(
  command: NotifySummary['command'],
  summaries: readonly NotifySummary[],
  errors: readonly GroupRunError[],
  env: Env,
): MultiNotifySummary {
  const run = runUrl(env);
  return {
    version: 1,
    command,
    groups: summaries
      .filter((s) => groupHasNews(s))
      .map(({ group, counts, failures, emails }) => ({ group, counts, failures, emails })),
    errors: errors.map(({ file, group, code }) => ({
      file,
      ...(group === undefined ? {} : { group }),
      code,
    })),
    ...(run === undefined ? {} : { run_url: run }),
  };
}

/** Whether `summary` is worth sending: something changed, failed or was found. */
export function hasNews(summary: Notification): boolean {
  if ('groups' in summary) return summary.groups.length > 0 || summary.errors.length > 0;
  return groupHasNews(summary);
}

/** The request body for `url`: Slack's `{"text": …}` for hooks.slack.com, else the summary. */
export function notifyBody(url: URL, summary: Notification): string {
  if (url.hostname.toLowerCase() === 'hooks.slack.com') {
    return JSON.stringify({ text: slackText(summary) });
  }
  return JSON.stringify(summary);
}

function groupHasNews(summary: GroupNews): boolean {
  return summary.failures > 0 || Object.values(summary.counts).some((n) => n > 0);
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

const WHAT = { apply: 'applied', plan: 'drift (plan)', audit: 'audit findings' } as const;

function slackText(s: Notification): string {
  const lines =
    'groups' in s
      ? [
          `gti-sync ${WHAT[s.command]} over several groups: ${s.groups.length} with news, ${s.errors.length} failed`,
          ...s.groups.map((g) => `${g.group}: ${groupLine(g)}`),
          ...s.errors.map((e) => `${e.group ?? e.file}: failed (${e.code})`),
        ]
      : [
          `gti-sync ${WHAT[s.command]} for group ${s.group}: ${groupLine(s)}`,
          ...(s.emails.length > 0 ? [`emails: ${s.emails.join(', ')}`] : []),
        ];
  if (s.run_url !== undefined) lines.push(`run: ${s.run_url}`);
  return lines.join('\n');
}

function groupLine(g: GroupNews): string {
  const counts = Object.entries(g.counts)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  return `${counts === '' ? 'nothing' : counts}${g.failures > 0 ? `; ${g.failures} failed` : ''}`;
}
