/**
 * `gti-sync audit [FILE|DIR...]` (design §2, §5): the findings of the file against the live group,
 * without changing anything, each undeclared change with who made it and when (from the activity
 * log), and the list of members and service accounts; several files or a directory go to
 * audit-many.ts. Exit 2 with `--detailed-exitcode` when there are findings; findings notify the
 * webhooks (notify-options.ts). The engine and the renderer load only when the command runs.
 */
import type { Command } from 'commander';
import { DEFAULT_GROUP_FILE } from '../../model/group-config.js';
import { addConnectionOptions } from '../connection-options.js';
import type { ConnectionOptions } from '../connection-options.js';
import type { CliContext } from '../io.js';
import { addNotifyOption, prepareNotify, type NotifyOptions } from '../notify-options.js';
import { isUnknownFinding } from '../../model/plan.js';

interface AuditFlags extends ConnectionOptions, NotifyOptions {
  format: string;
  detailedExitcode?: boolean;
  groups?: string;
}

/** Registers the `audit` command. */
export function registerAudit(program: Command, ctx: CliContext): void {
  addNotifyOption(
    addConnectionOptions(
      program
        .command('audit')
        .description(
          'Report findings without changing anything (no 2FA, undeclared administrators, members and service accounts, caps below use, expiring entries, pending invitations), who made each undeclared change and when, and list the members and service accounts.',
        )
        .argument(
          '[files...]',
          'group files or directories (several, or a directory: one audit across the groups)',
          [DEFAULT_GROUP_FILE],
        )
        .option('--format <format>', 'text, json, csv or markdown', 'text')
        .option('--detailed-exitcode', 'exit 2 when there are findings')
        .option('--groups <n>', 'with several groups: groups read at once (default 16)'),
    ),
  ).action(async (args: string[], flags: AuditFlags) => {
    // A bad notification URL fails the run before any work.
    const notify = await prepareNotify(ctx, flags);
    const { expandGroupArgs } = await import('../../engine/group-args.js');
    const expanded = await expandGroupArgs(args, ctx.io.cwd);
    if (expanded.multi) {
      const [{ runAuditMany }, { parseReportFormat }] = await Promise.all([
        import('../audit-many.js'),
        import('../report-options.js'),
      ]);
      const format = parseReportFormat(flags.format);
      return runAuditMany(ctx, expanded.files, { ...flags, format }, notify);
    }
    const file = expanded.files[0] ?? DEFAULT_GROUP_FILE;
    const [{ auditGroup }, { groupRunOptions }, { parseReportFormat, textOptionsOf }, { render }] =
      await Promise.all([
        import('../../engine/audit-group.js'),
        import('../engine-options.js'),
        import('../report-options.js'),
        import('../../render/render.js'),
      ]);
    const format = parseReportFormat(flags.format);
    const { report, logShortfall } = await auditGroup(
      groupRunOptions(ctx, file, flags, { countRequests: true }),
    );
    if (logShortfall !== undefined) {
      ctx.io.stderr.write(
        `gti-sync: warning: the activity log was read back to ${logShortfall.oldest ?? 'nothing'} only ` +
          `(at most ${logShortfall.maxDays} days or ${logShortfall.maxEntries} entries); ` +
          `${logShortfall.unexplained} undeclared change${logShortfall.unexplained === 1 ? '' : 's'} may be older\n`,
      );
    }
    ctx.io.stdout.write(render('audit', report, { format, ...textOptionsOf(ctx.io) }));
    // unknown_* findings say what the API would not tell: never exit 2 on their own (design §2).
    const drift = report.findings.some((f) => !isUnknownFinding(f));
    if (flags.detailedExitcode === true && drift) ctx.exitCode = 2;
    if (drift) {
      const { auditSummary } = await import('../../notify/payload.js');
      await notify(auditSummary(report, ctx.io.env));
    }
  });
}
