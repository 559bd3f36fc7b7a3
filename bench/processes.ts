/**
 * The bench's processes, run as users run them: `node bin/gti-sync.js …` for the CLI and another
 * one for the emulator. Every child is bounded by a timeout and killed on the way out, so the
 * bench always stops by itself.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

/** bin/gti-sync.js of this checkout (the bench runs from dist/bench/). */
const BIN = fileURLToPath(new URL('../../bin/gti-sync.js', import.meta.url));

/** Preloaded into each CLI run to report its CPU time. */
const CPU_PROBE = new URL('../../bench/cpu-probe.mjs', import.meta.url).href;

/** Longest a single CLI run or emulator start may take before the bench gives up. */
const TIMEOUT_MS = 300_000;

/** One finished CLI run. */
export interface CliRun {
  wallMs: number;
  /** CPU time of the CLI process, user and system. */
  cpuMs: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/gti-sync.js ...args` and measures its wall time, spawn to exit. */
export async function runCli(args: string[], env: Record<string, string>): Promise<CliRun> {
  const start = performance.now();
  const child = spawn(process.execPath, ['--import', CPU_PROBE, BIN, ...args], {
    env: { ...process.env, NO_COLOR: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
  });
  const stdout = collect(child.stdout);
  const stderr = collect(child.stderr);
  const cpu = collect(child.stdio[3] as NodeJS.ReadableStream | null);
  const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
  try {
    const [code] = (await once(child, 'exit')) as [number | null];
    const wallMs = performance.now() - start;
    const usage = JSON.parse((await cpu) || '{"user":0,"system":0}') as {
      user: number;
      system: number;
    };
    const cpuMs = (usage.user + usage.system) / 1000;
    return { wallMs, cpuMs, exitCode: code ?? 1, stdout: await stdout, stderr: await stderr };
  } finally {
    clearTimeout(timer);
  }
}

/** A running `gti-sync emulator` process. */
export interface EmulatorProcess {
  /** The API base URL it printed (`http://127.0.0.1:PORT/api/v3`). */
  url: string;
  /** The emulator's control origin (`http://127.0.0.1:PORT`). */
  origin: string;
  /** Requests served so far (`GET /_emulator/stats`). */
  requests(): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts `gti-sync emulator --seed SEED --latency-ms L --host 127.0.0.1 --port 0` and waits for
 * its `listening on URL` line.
 */
export async function startEmulatorProcess(
  seedFile: string,
  latencyMs: number,
): Promise<EmulatorProcess> {
  const child = spawn(
    process.execPath,
    [BIN, 'emulator', '--seed', seedFile, '--latency-ms', String(latencyMs)].concat([
      '--host',
      '127.0.0.1',
      '--port',
      '0',
    ]),
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const stderr = collect(child.stderr);
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    const url = await listeningUrl(child);
    const origin = new URL(url).origin;
    const requests = async (): Promise<number> => {
      const stats = (await (await fetch(`${origin}/_emulator/stats`)).json()) as {
        requests: number;
      };
      return stats.requests;
    };
    return { url, origin, requests, stop };
  } catch (error) {
    await stop();
    throw new Error(`the emulator did not start: ${String(error)}\n${await stderr}`);
  }
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error('no "listening on" line in time')), TIMEOUT_MS);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      seen += chunk;
      const match = /^listening on (\S+)$/m.exec(seen);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${String(code)}`));
    });
  });
}

async function collect(stream: NodeJS.ReadableStream | null): Promise<string> {
  if (stream === null) return '';
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream) text += String(chunk);
  return text;
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
