import { describe, expect, it } from 'vitest';
import type { ClientEvent } from '../../src/api/client.js';
import { createRequestProgress, openClient } from '../../src/cli/connection-options.js';
import type { CliContext } from '../../src/cli/io.js';
import { repoPath } from '../support/paths.js';
import { startTestEmulator } from '../support/emulator.js';

const response: ClientEvent = {
  type: 'response',
  method: 'GET',
  route: 'GET /groups/{gid}/users',
  path: '/groups/g/users',
  status: 200,
};

function context(stderrIsTTY: boolean): { ctx: CliContext; err: () => string } {
  let err = '';
  const ctx: CliContext = {
    exitCode: 0,
    io: {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (err += t) },
      env: {},
      readLine: async () => null,
      stdoutIsTTY: false,
      stderrIsTTY,
      stdinIsTTY: false,
      cwd: '.',
    },
  };
  return { ctx, err: () => err };
}

describe('the request counter of long runs', () => {
  it('shows nothing in the first second, then the count at most every 250 ms, and clears', () => {
    let t = 0;
    const { ctx, err } = context(true);
    const progress = createRequestProgress(ctx, () => t);
    for (; t < 1000; t += 100) progress.onEvent(response);
    expect(err()).toBe('');
    progress.onEvent(response); // t = 1000: the 11th response
    expect(err()).toBe('\r\x1b[Kgti-sync: 11 API requests…');
    t += 100;
    progress.onEvent(response);
    expect(err()).toBe('\r\x1b[Kgti-sync: 11 API requests…');
    t += 200;
    progress.onEvent(response);
    expect(err()).toMatch(/gti-sync: 13 API requests…$/);
    progress.clear();
    expect(err().endsWith('\r\x1b[K')).toBe(true);
  });

  it('stays silent off a terminal, and when a command turns it off', () => {
    let t = 5000;
    const off = context(false);
    const progress = createRequestProgress(off.ctx, () => t - 5000);
    for (let i = 0; i < 20; i++, t += 300) progress.onEvent(response);
    progress.clear();
    expect(off.err()).toBe('');

    const muted = context(true);
    muted.ctx.requestProgress = false;
    const quiet = createRequestProgress(muted.ctx, () => t);
    t += 5000;
    quiet.onEvent(response);
    expect(muted.err()).toBe('');
  });

  it("openClient's client keeps its stats and closes cleanly", async () => {
    const emu = await startTestEmulator(repoPath('examples', 'emulator-seed.yaml'));
    const { ctx } = context(false);
    ctx.io.env = { GTI_API_URL: emu.url, GTI_APIKEY: 'key-alice' };
    const api = await openClient({}, ctx);
    await api.getCaller();
    expect(api.stats.requests).toBe(1);
    await api.close();
    await api.close();
  });
});
