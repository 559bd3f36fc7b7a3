/**
 * The consistency items of issue 11 through the real CLI against the emulator: export's
 * `--detailed-exitcode` needs `--diff`, `--diff` with no drift says so on stderr, and `--apikey`
 * is refused with a pointer to GTI_APIKEY / --apikey-file, without echoing the value.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';
import { dirWithGroupFile, emptyDir, expectRefusal, useReportWorld } from './report-world.js';

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

describe('validate: the one colour rule', () => {
  const bad = (): string => {
    const cwd = emptyDir();
    writeFileSync(join(cwd, 'g.yaml'), 'version: 1\ngroup: lab_team\nmembers:\n  - email: 3\n');
    return cwd;
  };
  it('colours on a terminal and with FORCE_COLOR; not into a pipe, nor with NO_COLOR', async () => {
    const cwd = bad();
    const tty = await runCli(['validate', 'g.yaml'], { cwd, stdoutIsTTY: true });
    const forced = await runCli(['validate', 'g.yaml'], { cwd, env: { FORCE_COLOR: '1' } });
    const piped = await runCli(['validate', 'g.yaml'], { cwd });
    const noColor = await runCli(['validate', 'g.yaml'], {
      cwd,
      stdoutIsTTY: true,
      env: { NO_COLOR: '1' },
    });
    expect(tty.stdout).toContain('\u001b[');
    expect(forced.stdout).toContain('\u001b[');
    expect(piped.stdout).not.toContain('\u001b[');
    expect(noColor.stdout).not.toContain('\u001b[');
    for (const run of [tty, forced, piped, noColor]) expect(run.code).toBe(1);
  });
});

describe('audit tables fit the terminal', () => {
  const widest = (text: string): number => Math.max(...text.split('\n').map((l) => l.length));
  it('cut the long column to COLUMNS (or the terminal), keep full lines into a pipe', async () => {
    const cwd = dirWithGroupFile();
    const piped = await world.run(['audit'], { cwd });
    const narrow = await world.run(['audit'], { cwd, env: { COLUMNS: '60' } });
    const terminal = await world.run(['audit'], {
      cwd,
      stdoutIsTTY: true,
      columns: 60,
      env: { NO_COLOR: '1' },
    });
    expect(piped.code).toBe(narrow.code);
    expect(widest(piped.stdout)).toBeGreaterThan(60);
    expect(narrow.stdout).toContain('…');
    expect(terminal.stdout).toBe(narrow.stdout);
    // Table lines (two or more columns) fit; prose lines are not cut.
    const tableLines = narrow.stdout.split('\n').filter((l) => / {2}\S/.test(l));
    expect(tableLines.length).toBeGreaterThan(3);
    for (const line of tableLines) expect(line.length).toBeLessThanOrEqual(59);
  });
});
