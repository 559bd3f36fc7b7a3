/**
 * `audit` over several group files or a directory (issue 12): every group audited on its own
 * client and key, `--groups N` at once; one output across the groups (render-multi-audit). Exit 1
 * when any group failed (GROUPS_FAILED, after everything is printed), else 2 with
 * `--detailed-exitcode` when any group has findings other than `unknown_*`. Loaded only when such
 * a run starts.
 */
import type { ReportFormat } from '../model/reports.js';
import { isUnknownFinding } from '../model/plan.js';
import { renderMultiAudit } from '../render/render-multi-audit.js';
import type { ConnectionOptions } from './connection-options.js';
import type { CliContext } from './io.js';
import type { Notify } from './notify-options.js';
import { failIfAnyFailed, multiGroupOptions } from './plan-many.js';
import { textOptionsOf } from './report-options.js';

/** The flags of a multi-group audit. */
export interface AuditManyFlags extends ConnectionOptions {
  format: ReportFormat;
  detailedExitcode?: boolean;
  groups?: string;
}

/** Audits every group of `files` and prints the multi-group output. */
export async function runAuditMany(
  ctx: CliContext,
  files: string[],
  flags: AuditManyFlags,
  notify: Notify,
): Promise<void> {
  const { io } = ctx;
  const run = multiGroupOptions(ctx, files, flags, { countRequests: true });
  const { auditGroups } = await import('../engine/audit-groups.js');
  const { multi, shortfalls } = await auditGroups(run);
  for (const { group, logShortfall } of shortfalls) {
    if (logShortfall === undefined) continue;
    io.stderr.write(
      `gti-sync: warning: group ${group}: the activity log was read back to ${logShortfall.oldest ?? 'nothing'} only; ` +
        `${logShortfall.unexplained} undeclared change(s) may be older\n`,
    );
  }
  const { tableWidth } = textOptionsOf(io);
  io.stdout.write(renderMultiAudit(multi, flags.format, { tableWidth }));
  if (flags.format === 'csv') {
    // The csv stays one table; the failed groups go to stderr.
    for (const e of multi.errors) {
      io.stderr.write(
        `gti-sync: group ${e.group ?? '?'} (${e.file}) failed: ${e.code}: ${e.message}\n`,
      );
    }
  }
  const { auditSummary, multiSummary } = await import('../notify/payload.js');
  const summaries = multi.audits.map((audit) => auditSummary(audit, io.env));
  await notify(multiSummary('audit', summaries, multi.errors, io.env));
  failIfAnyFailed(multi.errors.length, files.length);
  const drift = multi.audits.some((a) => a.findings.some((f) => !isUnknownFinding(f)));
  if (flags.detailedExitcode === true && drift) ctx.exitCode = 2;
}
