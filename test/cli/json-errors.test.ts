/**
 * Under `--format json` a failure prints one JSON document on stdout (design §2) besides the
 * stderr line; without it stdout stays empty; a command that already printed its document adds
 * no second one.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/paths.js';
import { runCli as run } from '../support/run-cli.js';

/** A group file with an unknown top-level key (a ConfigError with problems). */
function badGroupFile(): string {
  const dir = makeTempDir('gti-jsonerr-');
  const file = join(dir, 'group.yaml');
  writeFileSync(file, 'version: 1\ngroup: acme_soc\nmembrs: []\n');
  return file;
}

// Nothing listens on port 9 of loopback; a bad file must fail before any request anyway.
const OFFLINE = { api: 'http://127.0.0.1:9/api/v3', key: 'k3y-jsonerr' };

interface ErrorDocument {
  version: number;
  error: {
    code: string;
    message: string;
    location?: string;
    problems?: { file: string; line: number; col: number; code: string; message: string }[];
  };
}

describe('failures under --format json', () => {
  it('a bad group file under plan --format json: one document with the problems', async () => {
    const file = badGroupFile();
    const r = await run(['plan', file, '--format', 'json'], OFFLINE);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as ErrorDocument;
    expect(doc.version).toBe(1);
    const problem = doc.error.problems?.[0];
    expect(problem).toMatchObject({
      file: expect.stringContaining('group.yaml'),
      line: expect.any(Number),
      col: expect.any(Number),
      code: expect.stringMatching(/^[A-Z][A-Z0-9_]*$/),
    });
    expect(doc.error.problems?.some((p) => p.line === 3)).toBe(true);
    expect(doc.error.code).toBe(problem?.code);
    expect(doc.error.location).toBe(`${problem?.file}:${problem?.line}:${problem?.col}`);
    // The stderr lines stay.
    expect(r.stderr).toContain(`${problem?.code}`);
  });

  it('the same failure without --format json leaves stdout empty', async () => {
    const r = await run(['plan', badGroupFile()], OFFLINE);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });

  it('a known error without problems: code and message, and the stderr line', async () => {
    const r = await run(
      ['plan', join(makeTempDir('gti-jsonerr-'), 'absent.yaml'), '--format=json'],
      OFFLINE,
    );
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as ErrorDocument;
    expect(doc.version).toBe(1);
    expect(doc.error.code).toMatch(/^[A-Z][A-Z0-9_]*$/);
    expect(doc.error.problems).toBeUndefined();
    expect(r.stderr).toMatch(new RegExp(`^gti-sync: ${doc.error.code}: `, 'm'));
  });

  it('a bad flag (commander, before any action) under --format json: BAD_USAGE', async () => {
    const r = await run(['audit', '--format', 'json', '--bogus'], OFFLINE);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as ErrorDocument;
    expect(doc.error.code).toBe('BAD_USAGE');
    expect(r.stderr).toMatch(/^gti-sync: BAD_USAGE: /m);
  });

  it('validate --format json prints its own report only: stdout is one document', async () => {
    const r = await run(['validate', badGroupFile(), '--format', 'json'], OFFLINE);
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(doc['error']).toBeUndefined();
  });

  it('--help under --format json prints no error document', async () => {
    const r = await run(['plan', '--format', 'json', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('"error"');
  });
});
