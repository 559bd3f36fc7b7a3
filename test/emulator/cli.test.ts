/**
 * `gti-sync emulator`: flag errors in-process (stable codes), then the built CLI as a real process:
 * it prints the listening line, serves the API, and exits 0 on SIGTERM or SIGINT.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../../src/api/connection.js';
import { readEmulatorFlags } from '../../src/cli/commands/emulator.js';
import { fixturePath, ROOT } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';

const FIXTURES = fixturePath('emulator');

/** The real CLI in-process in `cwd` (default the repository root), with an empty environment. */
const run = (argv: string[], cwd = ROOT) => runCli(argv, { cwd });

describe('gti-sync emulator: flag errors', () => {
  it.each([
    [['--port', 'eighty'], 'BAD_PORT'],
    [['--port', '70000'], 'BAD_PORT'],
    [['--latency-ms=-5'], 'BAD_LATENCY'],
    [['--fault-rate', '1.5'], 'BAD_FAULT_RATE'],
    [['--fault-rate', 'often'], 'BAD_FAULT_RATE'],
    [['--fault-seed', 'abc'], 'BAD_FAULT_SEED'],
    [['--rate-limit', '0'], 'BAD_RATE_LIMIT'],
    [['--host', ' '], 'BAD_HOST'],
    [['--host', '0.0.0.0'], 'INSECURE_HOST'],
    [['--host', '192.168.1.10'], 'INSECURE_HOST'],
    [['--seed', 'missing.yaml'], 'SEED_NOT_FOUND'],
    [['--variant', 'visible-2fa', '--variant', 'shiny'], 'UNKNOWN_VARIANT'],
  ])('%j → %s', async (flags, code) => {
    const r = await run(['emulator', ...flags]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^gti-sync: ${code}: `));
  });

  it('prints every problem of an invalid seed, resolved against the working directory', async () => {
    const r = await run(['emulator', '--seed', 'bad-rules.yaml'], FIXTURES);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${join(FIXTURES, 'bad-rules.yaml')}:3:9 SEED_DUPLICATE_GROUP`);
    expect(r.stderr.trim().split('\n')).toHaveLength(12);
  });

  it('answers LISTEN_FAILED when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    try {
      const r = await run(['emulator', '--port', String(port)]);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/^gti-sync: LISTEN_FAILED: /);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('accepts a remote host only with --allow-remote; loopback needs nothing', () => {
    expect(readEmulatorFlags({ host: '0.0.0.0', allowRemote: true }, ROOT).host).toBe('0.0.0.0');
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '10.0.0.1', 'example.com', '::'])
      expect(isLoopbackHost(host)).toBe(false);
    expect(readEmulatorFlags({}, ROOT)).toMatchObject({
      host: '127.0.0.1',
      port: 0,
      latencyMs: 0,
      faultRate: 0,
      faultSeed: 1,
    });
    expect(readEmulatorFlags({}, ROOT).seed).toBe(join(ROOT, 'examples/emulator-seed.yaml'));
    expect(readEmulatorFlags({ faultRate: '0.25', rateLimit: '60' }, ROOT)).toMatchObject({
      faultRate: 0.25,
      rateLimit: 60,
    });
  });

  it('collects repeated --variant values (none by default), in gti-api.md §13 order', () => {
    expect(readEmulatorFlags({}, ROOT).variants).toEqual([]);
    expect(
      readEmulatorFlags({ variant: ['enum-actions', 'visible-2fa', 'enum-actions'] }, ROOT)
        .variants,
    ).toEqual(['visible-2fa', 'enum-actions']);
  });
});

describe('gti-sync emulator as a process', () => {
  const children: ChildProcess[] = [];

  beforeAll(() => {
    const started = Date.now();
    // Other work in progress may not type-check; tsc still emits, which is all this needs.
    spawnSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
    const built = join(ROOT, 'dist/src/cli/commands/emulator.js');
    expect(existsSync(built) && statSync(built).mtimeMs >= started - 1000).toBe(true);
  }, 240_000);

  afterEach(() => {
    for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  });

  /** Spawns the CLI, resolves with the listening URL once it prints it. */
  function launch(args: string[], cwd: string) {
    const child = spawn(process.execPath, [join(ROOT, 'bin/gti-sync.js'), 'emulator', ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let stdout = '';
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    const url = new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /^listening on (http:\/\/127\.0\.0\.1:\d+\/api\/v3)\n/.exec(stdout);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.on('exit', () => reject(new Error(`exited before listening: ${stderr}`)));
    });
    return { child, url, exited, output: () => ({ stdout, stderr }) };
  }

  it('serves the demo seed (found relative to the package, not the cwd) and exits 0 on SIGTERM', async () => {
    const emulator = launch(['--port', '0'], tmpdir());
    const url = await emulator.url;
    const me = await fetch(`${url}/users/key-alice`, { headers: { 'x-apikey': 'key-alice' } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { data: { id: string } }).data.id).toBe('alice');
    const stats = await fetch(url.replace('/api/v3', '/_emulator/stats'));
    expect(await stats.json()).toEqual({ requests: 1, by_route: { 'GET /users/{id}': 1 } });
    emulator.child.kill('SIGTERM');
    expect(await emulator.exited).toBe(0);
    expect(emulator.output().stdout).toBe(`listening on ${url}\n`);
  });

  it('takes --seed relative to the cwd and the fault, latency and rate flags; exits 0 on SIGINT', async () => {
    const emulator = launch(
      [
        ...['--seed', 'good.json', '--latency-ms', '1', '--fault-rate', '0', '--rate-limit', '100'],
        ...['--variant', 'enum-actions', '--variant', 'no-2fa-filter'],
      ],
      FIXTURES,
    );
    const url = await emulator.url;
    const group = await fetch(`${url}/groups/g`, { headers: { 'x-apikey': 'k-root' } });
    expect(group.status).toBe(200);
    const state = await fetch(url.replace('/api/v3', '/_emulator/state'));
    expect(((await state.json()) as { variants: string[] }).variants).toEqual([
      'enum-actions',
      'no-2fa-filter',
    ]);
    emulator.child.kill('SIGINT');
    expect(await emulator.exited).toBe(0);
  });
});
