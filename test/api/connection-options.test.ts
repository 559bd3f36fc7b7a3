import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Command } from 'commander';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import {
  addConnectionOptions,
  openClient,
  type ConnectionOptions,
} from '../../src/cli/connection-options.js';
import type { CliContext } from '../../src/cli/io.js';
import { apiError, sendJson, startServer } from '../support/http-server.js';
import { KEY } from '../support/client.js';
import { makeTempDir } from '../support/paths.js';

let dir: string;
beforeAll(async () => {
  dir = makeTempDir('gti-opts-');
  await writeFile(join(dir, 'key'), `${KEY}\n`);
});

function context(env: Record<string, string | undefined> = {}): CliContext & { stderr: string[] } {
  const stderr: string[] = [];
  return {
    stderr,
    exitCode: 0,
    io: {
      stdout: { write: () => true },
      stderr: { write: (t: string) => stderr.push(t) },
      env,
      readLine: () => Promise.resolve(null),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      stdinIsTTY: false,
      cwd: dir,
    },
  };
}

function parse(argv: string[]): ConnectionOptions {
  const command = addConnectionOptions(
    new Command('x').exitOverride().configureOutput({ writeErr: () => undefined }),
  );
  command.parse(argv, { from: 'user' });
  return command.opts<ConnectionOptions>();
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  return promise.then(
    () => 'OK',
    (error: unknown) =>
      error instanceof Error && 'code' in error ? String(error.code) : String(error),
  );
}

describe('connection options', () => {
  it('adds the five flags with defaults, and no flag that takes a key', () => {
    const command = addConnectionOptions(new Command('x'));
    // `--apikey` exists only, hidden, to refuse a key given as a flag (APIKEY_FLAG).
    expect(command.options.filter((o) => !o.hidden).map((o) => o.long)).toEqual([
      '--api-url',
      '--apikey-file',
      '--max-rps',
      '--concurrency',
      '--timeout',
    ]);
    expect(parse([])).toEqual({ concurrency: '8', timeout: '30' });
    expect(() => parse(['--apikey', KEY])).toThrow(
      expect.objectContaining({ code: 'APIKEY_FLAG' }),
    );
  });

  it('refuses bad numbers with BAD_FLAG', async () => {
    const ctx = context({ GTI_APIKEY: KEY });
    for (const argv of [
      ['--concurrency', '0'],
      ['--concurrency', '2.5'],
      ['--concurrency', 'many'],
      ['--concurrency', '1000'],
      ['--max-rps', '0'],
      ['--max-rps', '-1'],
      ['--max-rps', 'fast'],
      ['--timeout', '0'],
      ['--timeout', ''],
    ]) {
      expect(await codeOf(openClient(parse(argv), ctx)), argv.join(' ')).toBe('BAD_FLAG');
    }
  });

  it('passes connection errors through (NO_API_KEY, INSECURE_API_URL)', async () => {
    expect(await codeOf(openClient(parse([]), context()))).toBe('NO_API_KEY');
    expect(
      await codeOf(
        openClient(parse(['--api-url', 'http://example.com/api/v3']), context({ GTI_APIKEY: 'k' })),
      ),
    ).toBe('INSECURE_API_URL');
  });

  it('opens a working client from the flags and reports retries on stderr without the key', async () => {
    const server = await startServer((req, res, i) =>
      i === 0
        ? sendJson(res, 503, apiError('TransientError', `bad ${KEY}`))
        : sendJson(res, 200, { data: { type: 'user', id: 'me', attributes: { apikey: 'x' } } }),
    );
    const ctx = context();
    const client = await openClient(
      parse([
        '--api-url',
        server.baseUrl,
        '--apikey-file',
        'key',
        '--concurrency',
        '2',
        '--max-rps',
        '50',
        '--timeout',
        '5',
      ]),
      ctx,
    );
    onTestFinished(() => client.close());
    expect((await client.getCaller()).id).toBe('me');
    expect(server.requests[0]?.headers['x-apikey']).toBe(KEY);
    expect(ctx.stderr).toHaveLength(1);
    expect(ctx.stderr[0]).toMatch(
      /^gti-sync: retry 1 of GET \/users\/<apikey> after 503 API_TransientError, in \d+\.\ds\n$/,
    );
    expect(ctx.stderr.join('')).not.toContain(KEY);
  });
});
