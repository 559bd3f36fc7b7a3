/**
 * The journal of `apply --journal FILE` (docs/operations.md): one JSON object per operation the
 * run attempted, built from the apply report. Pure: the clock and the CI environment come in.
 */
import type { ApplyReport, SkippedOperation } from '../model/apply-report.js';
import { addMember, type Operation } from '../model/operation.js';
import { formatInstant } from '../model/dates.js';

/** Where a journal line's operation ended. */
type JournalResult = 'done' | 'failed' | 'skipped' | 'invited';

/** The GitHub Actions run that applied, or null outside CI. */
export interface JournalCi {
  repository: string | null;
  commit: string | null;
  pull_request: number | null;
  run_url: string | null;
}

/** One line of the journal (schema/journal-line.schema.json); the keys are the contract. */
export interface JournalLine {
  time: string;
  group: string;
  kind: Operation['kind'];
  email: string | null;
  user_id: string | null;
  service_account: string | null;
  role: string | null;
  quota: string | null;
  from: number | null;
  to: number | null;
  result: JournalResult;
  code: string | null;
  message: string | null;
  fingerprint: string;
  caller: string;
  ci: JournalCi | null;
}

/** What every line of one run shares. */
export interface JournalRun {
  time: Date;
  caller: string;
  env: Record<string, string | undefined>;
}

/** The code of a skipped operation: the report's stable skip-reason code (model/apply-report.ts). */
function skipCode(op: SkippedOperation): string {
  return op.reason_code;
}

/** The lines of one apply, in the report's order: done, failed, skipped, then invitations. */
export function journalLines(report: ApplyReport, run: JournalRun): JournalLine[] {
  const base = {
    time: formatInstant(run.time),
    group: report.group,
    fingerprint: report.fingerprint,
    caller: run.caller,
    ci: ciOf(run.env),
  };
  const line = (
    op: Operation,
    result: JournalResult,
    code: string | null,
    message: string | null,
  ): JournalLine => ({
    time: base.time,
    group: base.group,
    kind: op.kind,
    email: op.email,
    user_id: op.user_id,
    service_account: op.service_account,
    role: op.role,
    quota: op.quota,
    from: op.from,
    to: op.to,
    result,
    code,
    message,
    fingerprint: base.fingerprint,
    caller: base.caller,
    ci: base.ci,
  });
  return [
    ...report.done.map((op) => line(op, 'done', null, null)),
    ...report.failed.map((op) => line(op, 'failed', op.error.code, op.error.message)),
    ...report.skipped.map((op) => line(op, 'skipped', skipCode(op), op.reason)),
    // An invitation is an add_member that left an invitation instead of a member.
    ...report.invited.map((email) =>
      line(addMember(email, null), 'invited', null, `${email} was invited, not yet a member`),
    ),
  ];
}

/** The GitHub Actions context (`GITHUB_ACTIONS=true`), or null outside it. */
export function ciOf(env: Record<string, string | undefined>): JournalCi | null {
  if (env.GITHUB_ACTIONS !== 'true') return null;
  const repository = env.GITHUB_REPOSITORY ?? null;
  const pr = /^refs\/pull\/(\d+)\/merge$/.exec(env.GITHUB_REF ?? '');
  const server = env.GITHUB_SERVER_URL ?? 'https://github.com';
  const runId = env.GITHUB_RUN_ID;
  return {
    repository,
    commit: env.GITHUB_SHA ?? null,
    pull_request: pr === null ? null : Number(pr[1]),
    run_url:
      repository !== null && runId !== undefined
        ? `${server}/${repository}/actions/runs/${runId}`
        : null,
  };
}
