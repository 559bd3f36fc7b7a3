import { describe, expect, it } from 'vitest';
import { SecretRedaction } from '../../src/cli/secrets.js';
import { runCli } from '../support/run-cli.js';
import { startServer } from '../support/http-server.js';

const HEX_KEY = 'fedcba9876543210'.repeat(4);

describe('the CLI never prints the key', () => {
  it('redacts every known secret, added at any time', () => {
    const secrets = new SecretRedaction();
    secrets.add('  ');
    expect(secrets.redact('nothing to hide')).toBe('nothing to hide');
    secrets.add(HEX_KEY);
    secrets.add('short-key');
    expect(secrets.redact(`a ${HEX_KEY.toUpperCase()} b short-key c`)).toBe(
      'a <apikey> b <apikey> c',
    );
  });

  it('even when a server puts it where the client does not look (a user id in an error line)', async () => {
    // The caller's own id is the key: NOT_GROUP_MEMBER names the caller.
    const server = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      if (req.url.startsWith('/api/v3/users/')) {
        res.end(
          JSON.stringify({
            data: { type: 'user', id: HEX_KEY, attributes: { email: `${HEX_KEY}@x.example` } },
          }),
        );
      } else {
        res.end(JSON.stringify({ data: [], meta: {}, links: { self: '' } }));
      }
    });
    const run = await runCli(['plan', 'examples/group.yaml'], {
      cwd: new URL('../..', import.meta.url).pathname,
      env: {
        GTI_API_URL: server.baseUrl,
        GTI_APIKEY: HEX_KEY,
        GTI_SYNC_NOW: '2026-11-26T12:00:00Z',
      },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gti-sync: NOT_GROUP_MEMBER: /m);
    expect(`${run.stdout}${run.stderr}`.toLowerCase()).not.toContain(HEX_KEY);
  });
});
