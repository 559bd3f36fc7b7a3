/**
 * The consistency items of issue 11 through the real CLI against the emulator: export's
 * `--detailed-exitcode` needs `--diff`, `--diff` with no drift says so on stderr, and `--apikey`
 * is refused with a pointer to GTI_APIKEY / --apikey-file, without echoing the value.
 */
import { describe, expect, it } from 'vitest';
import { emptyDir, expectRefusal, useReportWorld } from './report-world.js';

const world = useReportWorld();

describe('export flags', () => {
  it('--detailed-exitcode without --diff: BAD_USAGE before any request', async () => {
    const run = await world.measured(['export', '--group', 'lab_team', '--detailed-exitcode'], {
      cwd: emptyDir(),
    });
    expectRefusal(run, 'BAD_USAGE');
    expect(run.stderr).toContain('--diff');
    expect(run.requests).toBe(0);
  });

  it('--diff with no drift: stdout empty, "no drift" on stderr, exit 0', async () => {
    const cwd = emptyDir();
    await world.run(['export', '--group', 'lab_team', '-o', 'g.yaml'], { cwd });
    const run = await world.run(
      ['export', '--group', 'lab_team', '--diff', 'g.yaml', '--detailed-exitcode'],
      { cwd },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('gti-sync: no drift: g.yaml matches the live group\n');
  });
});

describe('--apikey', () => {
  const SECRET = 'k3y-typed-on-the-command-line';
  for (const argv of [
    ['export', '--group', 'lab_team', '--apikey', SECRET],
    ['plan', `--apikey=${SECRET}`],
    ['usage', 'api', '--group', 'lab_team', '--apikey', SECRET],
  ]) {
    it(`${argv.slice(0, 2).join(' ')} …: APIKEY_FLAG, naming GTI_APIKEY and --apikey-file, never the value`, async () => {
      const run = await world.measured(argv, { cwd: emptyDir() });
      expectRefusal(run, 'APIKEY_FLAG');
      expect(run.stderr).toContain('GTI_APIKEY');
      expect(run.stderr).toContain('--apikey-file');
      expect(run.stdout + run.stderr).not.toContain(SECRET);
      expect(run.requests).toBe(0);
    });
  }
});
