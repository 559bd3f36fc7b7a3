/**
 * The CLI's side of notifications: the body posted to a real receiver on 127.0.0.1 goes through
 * the run's secret redaction (it quotes emails and ids the API sent), and a summary without news
 * is not posted.
 */
import { describe, expect, it } from 'vitest';
import type { CliContext } from '../../src/cli/io.js';
import { prepareNotify } from '../../src/cli/notify-options.js';
import { SecretRedaction } from '../../src/cli/secrets.js';
import type { NotifySummary } from '../../src/notify/payload.js';
import { startServer } from '../support/http-server.js';

function contextFor(url: string, secrets: SecretRedaction): CliContext {
  const stderr: string[] = [];
  return {
    exitCode: 0,
    secrets,
    io: {
      stdout: { write: () => true },
      stderr: { write: (text: string) => stderr.push(text) },
      env: { GTI_SYNC_NOTIFY_URL: url },
      readLine: () => Promise.resolve(null),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      stdinIsTTY: false,
      cwd: process.cwd(),
    },
  };
}

const summary = (emails: string[]): NotifySummary => ({
  version: 1,
  command: 'apply',
  group: 'g',
  counts: { add_member: emails.length },
  failures: 0,
  emails,
});

describe('prepareNotify', () => {
  it('redacts the run’s secrets from the body, and posts nothing without news', async () => {
    const hook = await startServer((_req, res) => {
      res.writeHead(204);
      res.end();
    });
    const secrets = new SecretRedaction();
    secrets.add('key-SECRET-123');
    const notify = await prepareNotify(contextFor(`${hook.origin}/h`, secrets), {});
    await notify(summary(['key-SECRET-123@x.example']));
    expect(hook.requests).toHaveLength(1);
    expect(hook.requests[0]?.body).not.toContain('key-SECRET-123');
    expect(hook.requests[0]?.body).toContain('<apikey>@x.example');
    await notify(summary([]));
    expect(hook.requests).toHaveLength(1);
  });
});
