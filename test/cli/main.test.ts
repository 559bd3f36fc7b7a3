import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../support/paths.js';
import { runCli as run } from '../support/run-cli.js';

describe('cli boundary', () => {
  it('prints help on stdout and exits 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: gti-sync');
  });

  it('turns an unknown flag into one BAD_USAGE line and exit 1', async () => {
    const r = await run(['--bogus']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gti-sync: BAD_USAGE: .*--bogus/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a missing command shows the help on stderr and one BAD_USAGE line, exit 1', async () => {
    for (const argv of [[], ['usage']]) {
      const r = await run(argv);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('Usage: gti-sync');
      expect(r.stderr.trimEnd().split('\n').at(-1)).toMatch(
        /^gti-sync: BAD_USAGE: a command is required/,
      );
    }
  });

  it('an unknown command is one BAD_USAGE line', async () => {
    const r = await run(['nosuch']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gti-sync: BAD_USAGE: unknown command 'nosuch'/);
  });

  it('--version prints the version on stdout, exit 0', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    const pkg = JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as {
      version: string;
    };
    expect(r.stdout.trim()).toBe(pkg.version);
  });
});
