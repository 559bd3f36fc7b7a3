/**
 * Webhook notifications from the CLI's side (issue 13): `--notify-file PATH` beside
 * `GTI_SYNC_NOTIFY_URL`, read and checked before any work (a bad URL is an error then), every URL
 * added to the run's secrets so no output shows it, and a `notify` that sends a summary and turns
 * any failure into one warning. src/notify/ loads only when a command runs.
 */
import type { Command } from 'commander';
import type { Notification } from '../notify/payload.js';
import type { CliContext } from './io.js';

/** The parsed `--notify-file` flag. */
export interface NotifyOptions {
  notifyFile?: string;
}

/** Sends a run's summary to the configured webhooks (nothing when none is configured). */
export type Notify = (summary: Notification) => Promise<void>;

/** Adds `--notify-file <path>` to `command`. */
export function addNotifyOption(command: Command): Command {
  return command.option(
    '--notify-file <path>',
    'webhook URLs to notify, one a line (also env GTI_SYNC_NOTIFY_URL, whitespace-separated)',
  );
}

/** Reads and checks the webhook URLs (before any work) and returns the run's `notify`. */
export async function prepareNotify(ctx: CliContext, flags: NotifyOptions): Promise<Notify> {
  const { io } = ctx;
  const { readNotifyTargets } = await import('../notify/targets.js');
  const urls = await readNotifyTargets({ env: io.env, file: flags.notifyFile, cwd: io.cwd });
  for (const url of urls) ctx.secrets?.add(url.href, '<notify-url>');
  if (urls.length === 0) return async () => undefined;
  return async (summary) => {
    const [{ sendNotifications }, { hasNews, notifyBody }] = await Promise.all([
      import('../notify/send.js'),
      import('../notify/payload.js'),
    ]);
    if (!hasNews(summary)) return;
    await sendNotifications(
      urls,
      // The body quotes emails and ids the API sent: the run's redaction applies to it too.
      (url) => {
        const body = notifyBody(url, summary);
        return ctx.secrets?.redact(body) ?? body;
      },
      (message) => io.stderr.write(`gti-sync: warning: ${message}\n`),
    );
  };
}
