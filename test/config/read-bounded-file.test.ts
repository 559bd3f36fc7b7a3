import { execFileSync } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/model/errors.js';
import { readGroupFile } from '../../src/config/load-group-file.js';
import { expectCode } from '../support/expect-code.js';
import { makeTempDir } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';

const dir = makeTempDir('gti-sync-bounded-');

describe('group files are read only when regular, and bounded as read (issue 11)', () => {
  it('NOT_A_FILE for a link to /dev/zero (stat says 0 bytes), before reading a byte', async () => {
    const link = join(dir, 'zero.yaml');
    symlinkSync('/dev/zero', link);
    // /dev/zero is a device: refused before any byte is read.
    await expectCode(readGroupFile(link), 'NOT_A_FILE');
  });

  it('NOT_A_FILE for a FIFO, at once (no writer, no hang)', async () => {
    const fifo = join(dir, 'pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    await expectCode(readGroupFile(fifo), 'NOT_A_FILE');
  });

  it('reads a symlink to a regular file', async () => {
    const real = join(dir, 'real.yaml');
    writeFileSync(real, 'version: 1\n');
    const link = join(dir, 'link.yaml');
    symlinkSync(real, link);
    expect(await readGroupFile(link)).toBe('version: 1\n');
  });

  it('YAML_TOO_LARGE for a regular file over 1 MiB', async () => {
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(1024 * 1024)}\n`);
    const error = await readGroupFile(big).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems[0]?.code).toBe('YAML_TOO_LARGE');
  });

  it('the CLI prints one NOT_A_FILE line for a FIFO given to validate', async () => {
    const fifo = join(dir, 'plan-pipe.yaml');
    execFileSync('mkfifo', [fifo]);
    const run = await runCli(['validate', fifo]);
    expect(run.code).toBe(1);
    expect(run.stderr + run.stdout).toContain('NOT_A_FILE');
  });
});

describe('saved plans are read the same way', () => {
  it('BAD_PLAN_FILE for a FIFO given to apply --plan, at once', async () => {
    const { readSavedPlan } = await import('../../src/engine/read-saved-plan.js');
    const fifo = join(dir, 'plan.json');
    execFileSync('mkfifo', [fifo]);
    const error = await expectCode(readSavedPlan(fifo, 'plan.json'), 'BAD_PLAN_FILE');
    expect(error.message).toContain('not a regular file');
  });
});
