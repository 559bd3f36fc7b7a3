/**
 * `gti-sync history [EMAIL|ID...] [--journal FILE...] [--group ID] [--since DATE]`
 * (docs/operations.md): one timeline per member from the apply journals and the activity log, each
 * entry saying its source. Without an API key and with `--journal`: the journals only, with a note
 * on stderr. The engine and the renderer load only when the command runs.
 */
import type { Command } from 'commander';
import type { CliContext } from '../io.js';
import { currentTime } from '../now.js';
import { addConnectionOptions, clientHooks, connectionSettings } from '../connection-options.js';
import type { ConnectionOptions } from '../connection-options.js';

/** `--journal`'s starting value: none. */
const NO_JOURNALS: string[] = [];

interface HistoryFlags extends ConnectionOptions {
  journal: string[];
  group?: string;
  since?: string;
  format: string;
}

/** Registers the `history` command. */
export function registerHistory(program: Command, ctx: CliContext): void {
  addConnectionOptions(
    program
      .command('history')
      .description(
        "One timeline per member from apply journals and the group's activity log (as far back as audit reads it), each entry with its source.",
      )
      .argument('[members...]', 'emails or user ids to show (default: every member)')
      .option(
        '--journal <file>',
        'an `apply --journal` file to read (repeatable)',
        (value: string, previous: string[]) => [...previous, value],
        NO_JOURNALS,
      )
      .option('--group <id>', 'the group (default: the group of ./group.yaml)')
      .option('--since <date>', 'only entries at or after this day (YYYY-MM-DD) or instant')
      .option('--format <format>', 'text, json, csv or markdown', 'text'),
  ).action(async (members: string[], flags: HistoryFlags) => {
    const [{ historyOf }, { parseReportFormat, textOptionsOf }, { render }] = await Promise.all([
      import('../../engine/history.js'),
      import('../report-options.js'),
      import('../../render/render.js'),
    ]);
    const format = parseReportFormat(flags.format);
    const { report, journalOnly } = await historyOf({
      members,
      journals: flags.journal,
      group: flags.group,
      since: flags.since,
      now: currentTime(ctx.io.env),
      connection: connectionSettings(flags, ctx),
      hooks: clientHooks(ctx, { countRequests: true }),
    });
    if (journalOnly) {
      ctx.io.stderr.write(
        'gti-sync: note: no API key (GTI_APIKEY or --apikey-file): the journals only, without the activity log\n',
      );
    }
    ctx.io.stdout.write(render('history', report, { format, ...textOptionsOf(ctx.io) }));
  });
}
