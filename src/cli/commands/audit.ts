/**
 * `gti-sync audit [FILE]` (design §2, §5): the findings of the file against the live group, without
 * changing anything, each undeclared change with who made it and when (from the activity log), and
 * the list of members and service accounts. Exit 2 with `--detailed-exitcode` when there are findings.
 */
import type { Command } from 'commander';
import type { CliContext } from '../io.js';
import { currentTime } from '../now.js';
import { addConnectionOptions } from '../connection-options.js';
import type { ConnectionOptions } from '../connection-options.js';
import { withClient } from './usage.js';
import { loadGroupFile } from '../../config/load-group-file.js';
import { matchesIgnore } from '../../config/match-ignore.js';
import { computeFindings } from '../../plan/compute-findings.js';
import {
  explainFindings,
  listAuditMembers,
  listAuditServiceAccounts,
} from '../../report/explain-findings.js';
import { ACTIVITY_LOG_BOUNDS, readAuditGroup } from '../../report/read-activity-log.js';
import { DEFAULT_GROUP_FILE } from '../../config/load-group-file.js';
import { parseReportFormat } from '../../report/report-options.js';
import type { AuditReport } from '../../model/reports.js';
import { isUnknownFinding } from '../../model/plan.js';
import { renderAudit } from '../../render/render-audit.js';

interface AuditFlags extends ConnectionOptions {
  format: string;
  detailedExitcode?: boolean;
}

/** Finding kinds that an activity log entry can explain (who made the change, and when). */
const CHANGE_KINDS: ReadonlySet<string> = new Set([
  'undeclared_admin',
  'undeclared_member',
  'undeclared_service_account',
]);

/** Registers the `audit` command. */
export function registerAudit(program: Command, ctx: CliContext): void {
  addConnectionOptions(
    program
      .command('audit')
      .description(
        'Report findings without changing anything (no 2FA, undeclared administrators, members and service accounts, caps below use, expiring entries, pending invitations), who made each undeclared change and when, and list the members and service accounts.',
      )
      .argument('[file]', 'the group file', DEFAULT_GROUP_FILE)
      .option('--format <format>', 'text, json, csv or markdown', 'text')
      .option('--detailed-exitcode', 'exit 2 when there are findings'),
  ).action(async (file: string, flags: AuditFlags) => {
    const format = parseReportFormat(flags.format);
    const now = currentTime(ctx.io.env);
    const config = await loadGroupFile(file, { now, cwd: ctx.io.cwd });
    const report = await withClient(flags, ctx, async (api): Promise<AuditReport> => {
      const { live, log } = await readAuditGroup(api, config.group, now);
      const visible = {
        ...live,
        members: live.members.filter((m) => !matchesIgnore(m.email, config.ignore)),
      };
      return {
        group: config.group,
        findings: explainFindings(computeFindings(config, live, now, 'audit'), log.entries, live),
        members: listAuditMembers(visible),
        service_accounts: listAuditServiceAccounts(live),
        activity_log: log.window,
      };
    });
    const unexplained = report.findings.filter(
      (f) => CHANGE_KINDS.has(f.kind) && f.actor === undefined,
    );
    if (report.activity_log.truncated && unexplained.length > 0) {
      ctx.io.stderr.write(
        `gti-sync: warning: the activity log was read back to ${report.activity_log.oldest ?? 'nothing'} only ` +
          `(at most ${ACTIVITY_LOG_BOUNDS.maxDays} days or ${ACTIVITY_LOG_BOUNDS.maxEntries} entries); ` +
          `${unexplained.length} undeclared change(s) may be older\n`,
      );
    }
    ctx.io.stdout.write(renderAudit(report, format));
    // unknown_* findings say what the API would not tell: never exit 2 on their own (design §2).
    const drift = report.findings.some((f) => !isUnknownFinding(f));
    if (flags.detailedExitcode === true && drift) ctx.exitCode = 2;
  });
}
