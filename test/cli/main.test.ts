import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

/** Drives the real CLI in-process and captures what it prints. */
async function run(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    env: {},
  });
  return { code, stdout, stderr };
}

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
});
