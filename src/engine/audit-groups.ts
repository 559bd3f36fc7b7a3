/**
 * `audit` over several group files (issue 12): each group audited as `auditGroup` audits one, on
 * its own client and key, the groups concurrently. One group failing never stops the others.
 */
import type { MultiAudit } from '../model/multi-group.js';
import { auditGroup } from './audit-group.js';
import type { AuditGroupResult } from './audit-group.js';
import { forEachGroup, isGroupRunError, loadGroups } from './multi-group.js';
import type { MultiGroupOptions } from './multi-group.js';

/** What `auditGroups` found: the multi-group audit and each audited group's log shortfall. */
interface AuditGroupsResult {
  multi: MultiAudit;
  /** Per audited group (in file order): its id and the shortfall of its activity-log read. */
  shortfalls: { group: string; logShortfall: AuditGroupResult['logShortfall'] }[];
}

/** Loads and checks every file, then audits every group that passed, concurrently. */
export async function auditGroups(options: MultiGroupOptions): Promise<AuditGroupsResult> {
  const loaded = await loadGroups(options.files, {
    now: options.now,
    cwd: options.connection.cwd,
  });
  const entries = await forEachGroup(loaded, options, ({ run }) => auditGroup(run));
  const multi: MultiAudit = { version: 1, audits: [], errors: [] };
  const shortfalls: AuditGroupsResult['shortfalls'] = [];
  for (const entry of entries) {
    if (isGroupRunError(entry)) {
      multi.errors.push(entry);
      continue;
    }
    multi.audits.push(entry.result.report);
    shortfalls.push({ group: entry.group, logShortfall: entry.result.logShortfall });
  }
  return { multi, shortfalls };
}
