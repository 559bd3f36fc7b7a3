/**
 * Where notifications go: the webhook URLs of `GTI_SYNC_NOTIFY_URL` (whitespace-separated) and of
 * `--notify-file PATH` (one a line; blank lines and `#` comments skipped), never a flag value.
 * Each must be `https://` (plain `http://` only to a loopback address). A bad one fails the run
 * before any work with BAD_NOTIFY_URL / INSECURE_NOTIFY_URL, naming where it came from but never
 * the URL itself (a webhook URL is a secret).
 */
import { resolve } from 'node:path';
import { isLoopbackHost } from '../api/connection.js';
import { BoundedReadError, readBoundedFile } from '../files/read-bounded-file.js';
import { GtiSyncError } from '../model/errors.js';

/** The environment variable that holds notification URLs. */
const NOTIFY_URL_ENV = 'GTI_SYNC_NOTIFY_URL';

/** A notify file larger than this is refused. */
const MAX_FILE_BYTES = 64 * 1024;

/** The webhook URLs of this run, checked; empty when none is configured. */
export async function readNotifyTargets(options: {
  env: Record<string, string | undefined>;
  file: string | undefined;
  cwd: string;
}): Promise<URL[]> {
  const targets: URL[] = [];
  const fromEnv = (options.env[NOTIFY_URL_ENV] ?? '').split(/\s+/).filter((t) => t !== '');
  fromEnv.forEach((text, i) => targets.push(checkUrl(text, `${NOTIFY_URL_ENV} entry ${i + 1}`)));
  if (options.file !== undefined) {
    const lines = (await readNotifyFile(options.file, options.cwd)).split(/\r?\n/);
    lines.forEach((line, i) => {
      const text = line.trim();
      if (text === '' || text.startsWith('#')) return;
      targets.push(checkUrl(text, `${options.file}:${i + 1}`));
    });
  }
  const seen = new Set<string>();
  return targets.filter((url) => !seen.has(url.href) && seen.add(url.href));
}

function checkUrl(text: string, where: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new GtiSyncError(
      'BAD_NOTIFY_URL',
      `${where}: not a URL (notification URLs are https://)`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new GtiSyncError('BAD_NOTIFY_URL', `${where}: not an http(s) URL`);
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new GtiSyncError(
      'INSECURE_NOTIFY_URL',
      `${where}: plain http to a host that is not a loopback address; use https`,
    );
  }
  return url;
}

async function readNotifyFile(file: string, cwd: string): Promise<string> {
  try {
    const bytes = await readBoundedFile(resolve(cwd, file), MAX_FILE_BYTES);
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    if (cause instanceof BoundedReadError) {
      const code = cause.reason === 'not-a-file' ? 'NOT_A_FILE' : 'FILE_UNREADABLE';
      throw new GtiSyncError(code, `--notify-file ${file}: ${cause.message}`);
    }
    if (cause instanceof Error && 'code' in cause && cause.code === 'ENOENT') {
      throw new GtiSyncError('FILE_NOT_FOUND', `--notify-file ${file}: no such file`);
    }
    throw new GtiSyncError('FILE_UNREADABLE', `--notify-file ${file}: cannot read it`, { cause });
  }
}
