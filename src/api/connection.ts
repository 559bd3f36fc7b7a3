/**
 * Where the API is and which key to use (design §2). The key comes from a file or the environment,
 * never from a command-line value (it would show in process listings); no error message here ever
 * contains it.
 */
import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { BoundedReadError, readBoundedFile } from '../files/read-bounded-file.js';
import { GtiSyncError } from '../model/errors.js';
import { createRedactor } from './redact.js';

/** The largest API key file read (a key is 64 characters; 4 KiB leaves room for a newline or a BOM). */
const MAX_KEY_FILE_BYTES = 4096;

/** The public API's base URL. */
export const DEFAULT_API_URL = 'https://www.virustotal.com/api/v3';

/** Where the base URL came from, as errors name it: the flag, the variable, or the default. */
type BaseUrlSource = '--api-url' | 'GTI_API_URL' | 'the default';

/** A resolved connection: a checked base URL (no trailing slash), where it came from, and a key. */
export interface Connection {
  baseUrl: string;
  baseUrlSource: BaseUrlSource;
  apiKey: string;
}

/**
 * Resolves the connection from the flags (`--api-url`, `--apikey-file`, relative to `cwd`) and the
 * environment (`GTI_API_URL`, `GTI_APIKEY`); a flag wins over the environment. Throws
 * `GtiSyncError` with code BAD_API_URL, INSECURE_API_URL (plain http to a non-loopback host),
 * BAD_APIKEY_FILE, NOT_A_FILE (the key file is a FIFO, socket or device), BAD_API_KEY or
 * NO_API_KEY.
 */
export async function resolveConnection(
  flags: { apiUrl?: string; apikeyFile?: string },
  env: Record<string, string | undefined>,
  cwd: string,
): Promise<Connection> {
  const apiKey = await readApiKey(flags.apikeyFile, env, cwd);
  const fromFlag = nonEmpty(flags.apiUrl);
  const fromEnv = nonEmpty(env['GTI_API_URL']);
  const text = fromFlag ?? fromEnv ?? DEFAULT_API_URL;
  const baseUrlSource: BaseUrlSource =
    fromFlag !== undefined ? '--api-url' : fromEnv !== undefined ? 'GTI_API_URL' : 'the default';
  try {
    return { baseUrl: checkApiUrl(text), baseUrlSource, apiKey };
  } catch (error) {
    // The URL is quoted back to help; a key pasted into GTI_API_URL must not be.
    if (!(error instanceof GtiSyncError)) throw error;
    throw new GtiSyncError(error.code, createRedactor(apiKey)(error.message));
  }
}

/** Checks a base URL and returns it without trailing slashes. */
function checkApiUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new GtiSyncError('BAD_API_URL', `not a URL: ${text} (expected e.g. ${DEFAULT_API_URL})`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new GtiSyncError('BAD_API_URL', `the API URL must use https: ${text}`);
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw new GtiSyncError(
      'BAD_API_URL',
      'the API URL must not carry credentials, a query or a fragment',
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new GtiSyncError(
      'INSECURE_API_URL',
      `refusing plain http to ${url.hostname}: the API key would travel unencrypted; use https (http is allowed only for loopback addresses)`,
    );
  }
  return url.href.replace(/\/+$/, '');
}

/**
 * `localhost`, 127.0.0.0/8, ::1 and ::ffff:127.0.0.0/104 (with or without brackets, in any case).
 * Names under `.localhost` are not loopback here: the system resolver may ask DNS for them, and
 * the answer could be any host.
 */
export function isLoopbackHost(hostname: string): boolean {
  // The emulator asks for every request it serves: the usual answers first, without a regex.
  if (hostname === '127.0.0.1' || hostname === 'localhost') return true;
  const host = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (host === 'localhost') return true;
  const family = isIP(host);
  if (family === 4) return host.startsWith('127.');
  if (family !== 6) return false;
  // `URL` spells an IPv4-mapped address in hex: [::ffff:127.0.0.1] becomes [::ffff:7f00:1].
  return (
    host === '::1' ||
    host === '0:0:0:0:0:0:0:1' ||
    /^::ffff:127\./.test(host) ||
    /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host)
  );
}

async function readApiKey(
  file: string | undefined,
  env: Record<string, string | undefined>,
  cwd: string,
) {
  if (file !== undefined) {
    const path = resolve(cwd, file);
    let text: string;
    try {
      text = (await readBoundedFile(path, MAX_KEY_FILE_BYTES)).toString('utf8');
    } catch (error) {
      if (error instanceof BoundedReadError) {
        throw new GtiSyncError(
          error.reason === 'not-a-file' ? 'NOT_A_FILE' : 'BAD_APIKEY_FILE',
          `cannot read the API key file ${describeKeyFile(file)}: ${error.message}`,
        );
      }
      const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
      throw new GtiSyncError(
        'BAD_APIKEY_FILE',
        `cannot read the API key file ${describeKeyFile(file)} (${reason})`,
      );
    }
    const key = text.trim();
    if (key === '') throw new GtiSyncError('BAD_APIKEY_FILE', `the API key file ${file} is empty`);
    if (!isHeaderSafe(key)) {
      throw new GtiSyncError(
        'BAD_APIKEY_FILE',
        `the API key file ${file} must hold the key alone, on one line`,
      );
    }
    return key;
  }
  const fromEnv = nonEmpty(env['GTI_APIKEY']);
  if (fromEnv !== undefined) {
    if (!isHeaderSafe(fromEnv))
      throw new GtiSyncError('BAD_API_KEY', 'GTI_APIKEY must hold the key alone, on one line');
    return fromEnv;
  }
  throw new GtiSyncError(
    'NO_API_KEY',
    'no API key: set GTI_APIKEY or pass --apikey-file PATH (a file holding the key); the key is never taken as a command-line value',
  );
}

/** Printable ASCII without spaces: what an API key is, and what an HTTP header can carry. */
function isHeaderSafe(key: string): boolean {
  return /^[\x21-\x7e]+$/.test(key);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

/**
 * How an unreadable --apikey-file is named in errors: its path, unless the value looks like a key
 * pasted in place of a path (long, no separator or dot), which is then not echoed.
 */
function describeKeyFile(file: string): string {
  return /^[A-Za-z0-9_-]{20,}$/.test(file)
    ? '(the value given looks like a key, not a path)'
    : file;
}
