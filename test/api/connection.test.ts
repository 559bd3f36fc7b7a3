import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_API_URL, isLoopbackHost, resolveConnection } from '../../src/api/connection.js';
import { GtiSyncError } from '../../src/model/errors.js';
import { makeTempDir } from '../support/paths.js';

let dir: string;
beforeAll(async () => {
  dir = makeTempDir('gti-conn-');
  await writeFile(join(dir, 'key.txt'), '  file-key-123\n');
  await writeFile(join(dir, 'empty.txt'), ' \n\n');
  await writeFile(join(dir, 'two-lines.txt'), 'key-one\nkey-two\n');
  await mkdir(join(dir, 'a-dir'));
});

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof GtiSyncError) return error.code;
    throw error;
  }
  return 'OK';
}

describe('resolveConnection', () => {
  it('defaults to the public API and takes the key from GTI_APIKEY', async () => {
    expect(await resolveConnection({}, { GTI_APIKEY: ' env-key ' }, dir)).toEqual({
      baseUrl: DEFAULT_API_URL,
      baseUrlSource: 'the default',
      apiKey: 'env-key',
    });
  });

  it('says where the URL came from: the flag, GTI_API_URL or the default', async () => {
    const env = { GTI_APIKEY: 'k', GTI_API_URL: 'https://env.example/api/v3' };
    const flag = { apiUrl: 'https://flag.example/api/v3' };
    expect((await resolveConnection(flag, env, dir)).baseUrlSource).toBe('--api-url');
    expect((await resolveConnection({}, env, dir)).baseUrlSource).toBe('GTI_API_URL');
    expect((await resolveConnection({}, { GTI_APIKEY: 'k' }, dir)).baseUrlSource).toBe(
      'the default',
    );
  });

  it('takes the URL from GTI_API_URL, the flag winning, trailing slashes trimmed', async () => {
    const env = { GTI_APIKEY: 'k', GTI_API_URL: 'https://env.example/api/v3/' };
    expect((await resolveConnection({}, env, dir)).baseUrl).toBe('https://env.example/api/v3');
    expect(
      (await resolveConnection({ apiUrl: 'http://127.0.0.1:8080/api/v3//' }, env, dir)).baseUrl,
    ).toBe('http://127.0.0.1:8080/api/v3');
    expect((await resolveConnection({}, { ...env, GTI_API_URL: '' }, dir)).baseUrl).toBe(
      DEFAULT_API_URL,
    );
  });

  it('reads the key from --apikey-file relative to cwd, trimmed, ahead of GTI_APIKEY', async () => {
    expect(
      (await resolveConnection({ apikeyFile: 'key.txt' }, { GTI_APIKEY: 'env-key' }, dir)).apiKey,
    ).toBe('file-key-123');
    expect((await resolveConnection({ apikeyFile: join(dir, 'key.txt') }, {}, '/')).apiKey).toBe(
      'file-key-123',
    );
  });

  it('refuses plain http to anything but loopback: INSECURE_API_URL', async () => {
    const env = { GTI_APIKEY: 'k' };
    for (const url of [
      'http://www.virustotal.com/api/v3',
      'http://10.0.0.1/api/v3',
      'http://127.example.com/',
      'http://[::2]/',
    ]) {
      expect(await codeOf(resolveConnection({ apiUrl: url }, env, dir))).toBe('INSECURE_API_URL');
    }
    for (const url of [
      'http://127.0.0.1:1/api/v3',
      'http://127.9.9.9/',
      'http://localhost:9/api/v3',
      'http://[::1]:9/api/v3',
    ]) {
      expect(await codeOf(resolveConnection({ apiUrl: url }, env, dir))).toBe('OK');
    }
  });

  it('refuses what is not an http(s) URL: BAD_API_URL', async () => {
    const env = { GTI_APIKEY: 'k' };
    for (const url of [
      'not a url',
      'www.virustotal.com/api/v3',
      'ftp://x.example/',
      'https://user:pw@x.example/',
      'https://x.example/?a=1',
    ]) {
      expect(await codeOf(resolveConnection({ apiUrl: url }, env, dir))).toBe('BAD_API_URL');
    }
    expect(await codeOf(resolveConnection({}, { ...env, GTI_API_URL: '::' }, dir))).toBe(
      'BAD_API_URL',
    );
  });

  it('does not quote the key back when it was pasted into the URL setting', async () => {
    const key = 'k3y-0123456789abcdef';
    for (const apiUrl of [key, `ftp://${key}.example/`, `http://${key}.example/`]) {
      const error = await resolveConnection({ apiUrl }, { GTI_APIKEY: key }, dir).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(GtiSyncError);
      expect(String(error)).not.toContain(key);
    }
  });

  it('refuses a missing, unreadable, empty or multi-line key file: BAD_APIKEY_FILE', async () => {
    for (const file of ['nope.txt', 'a-dir', 'empty.txt', 'two-lines.txt']) {
      expect(await codeOf(resolveConnection({ apikeyFile: file }, { GTI_APIKEY: 'k' }, dir))).toBe(
        'BAD_APIKEY_FILE',
      );
    }
  });

  it('reads the key file only when regular and small (issue 11): a FIFO or device is NOT_A_FILE, at once', async () => {
    const fifo = join(dir, 'key.fifo');
    execFileSync('mkfifo', [fifo]);
    symlinkSync('/dev/zero', join(dir, 'zero.key'));
    await writeFile(join(dir, 'huge.key'), 'k'.repeat(5000));
    const env = { GTI_APIKEY: 'k' };
    expect(await codeOf(resolveConnection({ apikeyFile: 'key.fifo' }, env, dir))).toBe(
      'NOT_A_FILE',
    );
    expect(await codeOf(resolveConnection({ apikeyFile: 'zero.key' }, env, dir))).toBe(
      'NOT_A_FILE',
    );
    expect(await codeOf(resolveConnection({ apikeyFile: 'huge.key' }, env, dir))).toBe(
      'BAD_APIKEY_FILE',
    );
  });

  it('without any key: NO_API_KEY, saying how to give one', async () => {
    expect(await codeOf(resolveConnection({}, {}, dir))).toBe('NO_API_KEY');
    expect(await codeOf(resolveConnection({}, { GTI_APIKEY: '   ' }, dir))).toBe('NO_API_KEY');
    await expect(resolveConnection({}, {}, dir)).rejects.toThrow(/GTI_APIKEY.*--apikey-file/);
  });

  it('refuses a GTI_APIKEY with spaces or control characters: BAD_API_KEY, without echoing it', async () => {
    const error = await resolveConnection({}, { GTI_APIKEY: 'two words' }, dir).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: 'BAD_API_KEY' });
    expect(String(error)).not.toContain('two words');
  });

  it('knows loopback hosts', () => {
    expect(
      ['localhost', '127.0.0.1', '[::1]', 'LOCALHOST', '::ffff:127.0.0.1', '[::ffff:7f00:1]'].every(
        isLoopbackHost,
      ),
    ).toBe(true);
    expect(['128.0.0.1', 'example.com', '[::2]', '0.0.0.0'].some(isLoopbackHost)).toBe(false);
  });

  it('refuses plain http to a name under .localhost (DNS may resolve it anywhere), accepts a mapped 127.x', async () => {
    const env = { GTI_APIKEY: 'k' };
    for (const url of ['http://a.localhost/api/v3', 'http://evil.localhost:8080/'])
      expect(await codeOf(resolveConnection({ apiUrl: url }, env, dir))).toBe('INSECURE_API_URL');
    expect(
      await codeOf(resolveConnection({ apiUrl: 'http://[::ffff:127.0.0.1]:9/' }, env, dir)),
    ).toBe('OK');
    expect(
      await codeOf(resolveConnection({ apiUrl: 'http://[::ffff:10.0.0.1]:9/' }, env, dir)),
    ).toBe('INSECURE_API_URL');
  });
});
