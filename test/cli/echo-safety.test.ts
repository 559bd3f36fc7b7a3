/**
 * Mistakes that put the key where a value was expected must not echo it back (security review).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSavedPlan } from '../../src/engine/read-saved-plan.js';
import { resolveConnection } from '../../src/api/connection.js';
import { startServer } from '../support/http-server.js';
import { startTestClient } from '../support/client.js';
import { makeTempDir } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';
import { expectCode } from '../support/expect-code.js';

const HEX_KEY = '00112233445566778899aabbccddeeff'.repeat(2);

describe('no echo of a key given in the wrong place', () => {
  it('an unknown --flag=value is reported without its value', async () => {
    const run = await runCli(['plan', `--apikey=${HEX_KEY}`]);
    expect(run.code).toBe(1);
    // Refused as a key given as a flag (APIKEY_FLAG), pointing to GTI_APIKEY; never echoed.
    expect(run.stderr).toMatch(/^gti-sync: APIKEY_FLAG: .*GTI_APIKEY/);
    expect(run.stderr).not.toContain(HEX_KEY.slice(0, 8));
  });

  it('another unknown --flag=value is BAD_USAGE, without its value', async () => {
    const run = await runCli(['plan', `--token=${HEX_KEY}`]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gti-sync: BAD_USAGE: unknown option '--token=…'/);
    expect(run.stderr).not.toContain(HEX_KEY.slice(0, 8));
  });

  it('a key pasted as --apikey-file is not named in the error', async () => {
    const error = await expectCode(
      resolveConnection({ apikeyFile: HEX_KEY }, {}, makeTempDir()),
      'BAD_APIKEY_FILE',
    );
    expect(error.message).not.toContain(HEX_KEY.slice(0, 8));
    const path = await expectCode(
      resolveConnection({ apikeyFile: 'keys/gti.txt' }, {}, makeTempDir()),
      'BAD_APIKEY_FILE',
    );
    expect(path.message).toContain('keys/gti.txt');
  });

  it('a key file given as --plan is not quoted', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'key.txt'), `${HEX_KEY}\n`);
    const error = await expectCode(readSavedPlan(join(dir, 'key.txt'), 'key.txt'), 'BAD_PLAN_FILE');
    expect(`${error.message} ${error.location ?? ''}`).not.toContain(HEX_KEY.slice(0, 8));
  });

  it('an id of "", "." or ".." is refused before any request (URLs would resolve the dots)', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":{"code":"NotFoundError","message":"no"}}');
    });
    const client = startTestClient(server, 'key-x');
    for (const id of ['..', '.', '']) {
      await expectCode(async () => client.getUser(id), 'BAD_ID');
    }
    expect(server.requests).toEqual([]);
  });
});
