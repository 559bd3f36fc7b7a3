/**
 * An interrupted apply (SIGINT / SIGTERM mid-way): the real CLI as a child process against a slow
 * emulator. It starts nothing new, prints the partial report and exits 130 / 143; the next plan
 * shows what is left.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALLER_KEY, FIXTURES, NOW, startCliWorld, type CliWorld } from './apply-world.js';
import { ROOT } from '../support/paths.js';

interface Child {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface Report {
  interrupted?: boolean;
  done: unknown[];
  failed: unknown[];
  skipped: { reason_code: string }[];
  invited: unknown[];
}

/** Runs `apply` as a child process and sends `signal` once the emulator has seen one write. */
async function applyInterrupted(
  world: CliWorld,
  signal: NodeJS.Signals,
  when: 'first_write' | 'first_read' = 'first_write',
): Promise<Child> {
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'gti-sync.js'),
      'apply',
      'group.yaml',
      '--auto-approve',
      '--format',
      'json',
      '--concurrency',
      '1',
    ],
    {
      cwd: FIXTURES,
      env: {
        PATH: process.env['PATH'],
        GTI_API_URL: world.server.url,
        GTI_APIKEY: CALLER_KEY,
        GTI_SYNC_NOW: NOW,
      },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Wait (bounded by the test's timeout) for the first write, then interrupt.
  let sent = false;
  while (!sent) {
    const seen =
      when === 'first_read'
        ? (await world.stats()).requests
        : Object.values(await world.writes()).reduce((a, b) => a + b, 0);
    if (seen >= 1) {
      child.kill(signal);
      sent = true;
    } else await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { code: await exited, stdout, stderr };
}

function operationsOf(json: string): unknown[] {
  return (JSON.parse(json) as { operations: unknown[] }).operations;
}

describe('apply interrupted by a signal', () => {
  it('SIGINT: partial JSON report, interrupted, exit 130; the next plan shows what is left', async () => {
    const world = await startCliWorld({ latencyMs: 300 });
    const before = await world.run(['plan', 'group.yaml', '--format', 'json']);
    const total = operationsOf(before.stdout).length;
    expect(total).toBeGreaterThan(3);

    const result = await applyInterrupted(world, 'SIGINT');
    expect(result.code).toBe(130);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.interrupted).toBe(true);
    const settled =
      report.done.length + report.failed.length + report.skipped.length + report.invited.length;
    expect(settled).toBe(total);
    const interrupted = report.skipped.filter((op) => op.reason_code === 'interrupted');
    expect(interrupted.length).toBeGreaterThan(0);
    expect(report.done.length).toBeGreaterThan(0);
    expect(result.stderr).toMatch(
      new RegExp(`interrupted after ${total - interrupted.length} of ${total} operations`),
    );

    // A fresh plan shows what is left (no more than what was not done; a follow-up of an add
    // that was done may fold into one operation), and applying it converges.
    const after = await world.run(['plan', 'group.yaml', '--format', 'json']);
    const left = operationsOf(after.stdout).length;
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(report.skipped.length + report.failed.length);
    expect(left).toBeLessThan(total);
    expect((await world.run(['apply', 'group.yaml', '--auto-approve'])).code).toBe(0);
    expect((await world.run(['plan', 'group.yaml', '--detailed-exitcode'])).code).toBe(0);
  }, 60_000);

  it('SIGTERM: exit 143 with the report', async () => {
    const world = await startCliWorld({ latencyMs: 300 });
    const result = await applyInterrupted(world, 'SIGTERM');
    expect(result.code).toBe(143);
    expect((JSON.parse(result.stdout) as Report).interrupted).toBe(true);
  }, 60_000);

  it('SIGINT before the first write: exit 130 at once, nothing changed', async () => {
    const world = await startCliWorld({ latencyMs: 300 });
    const result = await applyInterrupted(world, 'SIGINT', 'first_read');
    expect(result.code).toBe(130);
    expect(result.stdout).toBe('');
    expect(Object.values(await world.writes()).reduce((a, b) => a + b, 0)).toBe(0);
  }, 60_000);
});
