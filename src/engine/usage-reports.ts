/** `usage features` and `usage api` (design §5): every date and the group settled before any request. */
import type { ApiUsageReport, FeaturesReport } from '../model/reports.js';
import { formatDay } from '../model/dates.js';
import { buildApiUsageReport } from '../report/build-api-usage-report.js';
import { buildFeaturesReport } from '../report/build-features-report.js';
import { resolveDateRange } from '../report/date-range.js';
import type { UserSelection } from '../report/resolve-users.js';
import { withClient } from './client.js';
import type { ClientHooks, ConnectionSettings } from './client.js';
import { resolveReportGroup } from './resolve-report-group.js';

/** What both usage reports take. */
export interface UsageOptions {
  /** `--group`; default the `group` of ./group.yaml (in `connection.cwd`). */
  group?: string | undefined;
  /** Which members to report besides the group. */
  selection: UserSelection;
  now: Date;
  connection: ConnectionSettings;
  hooks?: ClientHooks | undefined;
}

/** This month's feature consumption, for the group and the selected members. */
export async function usageFeatures(options: UsageOptions): Promise<FeaturesReport> {
  const gid = await resolveReportGroup(options.group, options.connection.cwd);
  return withClient(options.connection, options.hooks ?? {}, (api) =>
    buildFeaturesReport(api, gid, options.selection, options.now),
  );
}

/**
 * API calls per endpoint and day from `from` to `to` (`YYYY-MM-DD`, UTC; defaults as
 * resolveDateRange says), for the group and the selected members.
 */
export async function usageApi(
  options: UsageOptions & { from?: string | undefined; to?: string | undefined },
): Promise<ApiUsageReport> {
  const range = resolveDateRange({ from: options.from, to: options.to }, formatDay(options.now));
  const gid = await resolveReportGroup(options.group, options.connection.cwd);
  return withClient(options.connection, options.hooks ?? {}, (api) =>
    buildApiUsageReport(api, gid, range, options.selection),
  );
}
