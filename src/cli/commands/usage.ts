/**
 * `gti-sync usage features` and `gti-sync usage api` (design §2, §5): this month's feature
 * consumption, and API calls per endpoint and day over a date range, for the group and members.
 * Every flag and date is checked before the first request.
 */
import type { Command } from 'commander';
import { UsageError } from '../../model/errors.js';
import type { GtiApi } from '../../api/types.js';
import type { CliContext } from '../io.js';
import { currentTime } from '../now.js';
import { addConnectionOptions, openClient } from '../connection-options.js';
import type { ConnectionOptions } from '../connection-options.js';
import { resolveDateRange } from '../../report/date-range.js';
import { formatDay } from '../../model/dates.js';
import { buildApiUsageReport } from '../../report/build-api-usage-report.js';
import { buildFeaturesReport } from '../../report/build-features-report.js';
import {
  parseReportFormat,
  resolveReportGroup,
  textOptionsOf,
} from '../../report/report-options.js';
import type { UserSelection } from '../../report/resolve-users.js';
import { render } from '../../render/render.js';

interface UsageFlags extends ConnectionOptions {
  group?: string;
  user?: string[];
  allUsers?: boolean;
  format: string;
}

interface UsageApiFlags extends UsageFlags {
  from?: string;
  to?: string;
}

/** Registers `usage` with its two reports. */
export function registerUsage(program: Command, ctx: CliContext): void {
  const usage = program
    .command('usage')
    .description(
      'Consumption reports: `usage features` (this month) and `usage api` (calls per endpoint and day).',
    );

  const features = addReportFlags(
    usage
      .command('features')
      .description(
        "This month's feature consumption (searches, downloads, hunting rules, retrohunt, diff, private scanning, API quotas), used and allowed, for the group and members.",
      ),
  ).action(async (_options: unknown, command: Command) => {
    const flags = command.opts<UsageFlags>();
    const format = parseReportFormat(flags.format);
    const now = currentTime(ctx.io.env);
    const selection = selectionOf(flags);
    const gid = await resolveReportGroup(flags.group, ctx.io.cwd);
    const report = await withClient(flags, ctx, (api) =>
      buildFeaturesReport(api, gid, selection, now),
    );
    ctx.io.stdout.write(render('usage-features', report, { format, ...textOptionsOf(ctx.io) }));
  });

  const api = addReportFlags(
    usage
      .command('api')
      .description(
        'API calls per endpoint and per day over a date range (UTC, both ends included; the last 60 days), for the group and members; calls that do not consume quota are kept apart.',
      )
      .option(
        '--from <date>',
        'first day, YYYY-MM-DD (default: 29 days before --to; alone: through today)',
      )
      .option('--to <date>', 'last day, YYYY-MM-DD (default: today)'),
  ).action(async (_options: unknown, command: Command) => {
    const flags = command.opts<UsageApiFlags>();
    const format = parseReportFormat(flags.format);
    const range = resolveDateRange(
      { from: flags.from, to: flags.to },
      formatDay(currentTime(ctx.io.env)),
    );
    const selection = selectionOf(flags);
    const gid = await resolveReportGroup(flags.group, ctx.io.cwd);
    const report = await withClient(flags, ctx, (client) =>
      buildApiUsageReport(client, gid, range, selection),
    );
    ctx.io.stdout.write(render('usage-api', report, { format, ...textOptionsOf(ctx.io) }));
  });

  for (const command of [features, api]) {
    command.exitOverride().configureOutput({
      writeOut: (text) => ctx.io.stdout.write(text),
      writeErr: (text) => ctx.io.stderr.write(text),
      outputError: () => undefined,
    });
  }
}

function addReportFlags(command: Command): Command {
  return addConnectionOptions(
    command
      .option('--group <id>', 'the group (default: the group of ./group.yaml)')
      .option(
        '--user <id-or-email...>',
        'also report these members or service accounts (user ids or emails)',
      )
      .option('--all-users', 'also report every member (few requests: see docs/reports.md)')
      .option('--format <format>', 'text, json, csv or markdown', 'text'),
  );
}

function selectionOf(flags: UsageFlags): UserSelection {
  if (flags.allUsers === true && flags.user !== undefined) {
    throw new UsageError('--user and --all-users cannot be used together');
  }
  if (flags.allUsers === true) return { kind: 'all' };
  if (flags.user !== undefined) return { kind: 'named', names: flags.user };
  return { kind: 'none' };
}

/**
 * (Shared by audit and export.) Opens a client, runs `fn`, closes it; then says on a terminal's
 * stderr how many requests it took (`gti-sync: 1 API request`, `gti-sync: N API requests`).
 */
export async function withClient<T>(
  flags: ConnectionOptions,
  ctx: CliContext,
  fn: (api: GtiApi) => Promise<T>,
): Promise<T> {
  const api = await openClient(flags, ctx);
  try {
    return await fn(api);
  } finally {
    // Closing clears the request counter's line: the total goes on a line of its own after it.
    await api.close();
    const n = api.stats.requests;
    if (ctx.io.stderrIsTTY)
      ctx.io.stderr.write(`gti-sync: ${n} API request${n === 1 ? '' : 's'}\n`);
  }
}
