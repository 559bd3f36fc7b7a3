/**
 * Text from outside (group-file keys and values, API error messages) never starts a line of its
 * own in the output: a `\n::warning …` inside a key would otherwise be a GitHub workflow command.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiError, sendJson, startServer } from '../support/http-server.js';
import { makeTempDir } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';

const HEX_KEY = '0123456789abcdef'.repeat(4);

// YAML double-quoted escapes: \n, \r and \e (ESC) reach the parsed strings as they are.
const HOSTILE = `version: 1
group: acme_soc
"k\\n::warning title=x::y": 1
members:
  - email: "bad\\n::warning title=x::y\\r::error::z\\e[2J"
    roles: ["admin\\n::error title=r::boom\\e[31m"]
  - email: ok@acme.example
    roles: [admin]
    "q\\r::notice::n": "v\\n::warning::w"
`;

/** Every line of `text` (split at CR and LF): none may start a workflow command or hold ESC. */
function expectSafe(text: string): void {
  for (const line of text.split(/\r\n|\r|\n/)) {
    expect(line.startsWith('::')).toBe(false);
  }
  expect(text).not.toContain('\u001b');
  expect(text).not.toMatch(/\r(?!\n)/);
}

function hostileFile(): string {
  const dir = makeTempDir();
  const file = join(dir, 'group.yaml');
  writeFileSync(file, HOSTILE);
  return file;
}

describe('output sanitizing', () => {
  it('validate (text) prints each problem on one line', async () => {
    const run = await runCli(['validate', hostileFile()]);
    expect(run.code).toBe(1);
    expectSafe(run.stdout);
    expectSafe(run.stderr);
    // The injected text is still shown, escaped, so the user can find it.
    expect(`${run.stdout}${run.stderr}`).toContain('\\n::warning title=x::y');
  });

  it('validate (text, colour) prints each problem on one line', async () => {
    const run = await runCli(['validate', hostileFile()], { tty: true });
    expect(run.code).toBe(1);
    // Colour codes are ours; the file's ESC is escaped.
    expect(run.stdout).toContain('\u001b[');
    // eslint-disable-next-line no-control-regex -- ESC is what it looks for
    expectSafe(run.stdout.replace(/\u001b\[[0-9;]*m/g, ''));
  });

  it('plan: the error lines of a bad file are one line each, and no request is sent', async () => {
    const server = await startServer((_req, res) => sendJson(res, 500, {}));
    const run = await runCli(['plan', hostileFile()], { api: server.baseUrl, key: HEX_KEY });
    expect(run.code).toBe(1);
    expectSafe(run.stdout);
    expectSafe(run.stderr);
    expect(run.stderr).toMatch(/ (UNKNOWN_KEY|INVALID_EMAIL|UNKNOWN_ROLE|[A-Z_]+) /);
    expect(server.requests).toHaveLength(0);
  });

  it('an API error message with line breaks and ESC gives a one-line error', async () => {
    const server = await startServer((_req, res) =>
      sendJson(res, 403, apiError('ForbiddenError', 'no\n::error::boom\r\u001b[2Jx\u2028y')),
    );
    const run = await runCli(['plan', 'examples/group.yaml'], {
      api: server.baseUrl,
      key: HEX_KEY,
      now: '2026-11-26T12:00:00Z',
    });
    expect(run.code).toBe(1);
    expectSafe(run.stderr);
    expectSafe(run.stdout);
    const errorLines = run.stderr.split('\n').filter((l) => l.startsWith('gti-sync: API_'));
    expect(errorLines).toHaveLength(1);
    expect(errorLines[0]).toContain('no\\n::error::boom\\r\\u001b[2Jx\\u2028y');
    expect(run.stderr).not.toContain('\u2028');
  });
});
