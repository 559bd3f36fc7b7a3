/**
 * `audit` (design §5): the findings of the file against the live group, each undeclared change
 * with who made it and when (from the activity log), and the members and service accounts.
 */
import { matchesIgnore } from '../config/match-ignore.js';
import type { AuditReport } from '../model/reports.js';
import { computeFindings } from '../plan/compute-findings.js';
import {
  explainFindings,
  listAuditMembers,
  listAuditServiceAccounts,
} from '../report/explain-findings.js';
import { ACTIVITY_LOG_BOUNDS, readAuditGroup } from '../report/read-activity-log.js';
import { lifecycleFindings, needsApiActivity } from '../plan/lifecycle-findings.js';
import { readRecentApiUsers } from '../report/read-api-activity.js';
import { withGroupRun } from './group-run.js';
import type { GroupRunOptions } from './group-run.js';

/** Finding kinds that an activity log entry can explain (who made the change, and when). */
const CHANGE_KINDS: ReadonlySet<string> = new Set([
  'undeclared_admin',
  'undeclared_member',
  'undeclared_service_account',
]);

/** The log was read only so far back, and some undeclared changes found no entry in it. */
interface LogShortfall {
  /** The oldest day read, or null when the log was empty. */
  oldest: string | null;
  /** Undeclared changes the log did not explain. */
  unexplained: number;
  maxDays: number;
  maxEntries: number;
}

/** What `auditGroup` found. */
export interface AuditGroupResult {
  report: AuditReport;
  /** Set when undeclared changes may be older than the log that was read (a warning). */
  logShortfall: LogShortfall | undefined;
}

/** Loads the file, reads the live group and the activity log, and builds the audit. */
export async function auditGroup(options: GroupRunOptions): Promise<AuditGroupResult> {
  const { now } = options;
  const report = await withGroupRun(options, async ({ config, api }): Promise<AuditReport> => {
    // One read of the activity log serves both the live group and who-did-what.
    const { live, log } = await readAuditGroup(api, config.group, now);
    const visible = {
      ...live,
      members: live.members.filter((m) => !matchesIgnore(m.email, config.ignore)),
    };
    return {
      group: config.group,
      findings: [
        ...explainFindings(computeFindings(config, live, now, 'audit'), log.entries, live),
        ...lifecycleFindings(config, live, now, {
          activeIds: needsApiActivity(config)
            ? await readRecentApiUsers(api, config.group, now)
            : undefined,
        }),
      ],
      members: listAuditMembers(visible),
      service_accounts: listAuditServiceAccounts(live),
      activity_log: log.window,
    };
  });
  const unexplained = report.findings.filter(
    (f) => CHANGE_KINDS.has(f.kind) && f.actor === undefined,
  ).length;
  const logShortfall =
    report.activity_log.truncated && unexplained > 0
      ? {
          oldest: report.activity_log.oldest ?? null,
          unexplained,
          maxDays: ACTIVITY_LOG_BOUNDS.maxDays,
          maxEntries: ACTIVITY_LOG_BOUNDS.maxEntries,
        }
      : undefined;
  return { report, logShortfall };
}
