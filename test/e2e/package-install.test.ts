/**
 * Install and start (issue 11 item 6): the tarball `npm pack` makes from this checkout installs
 * globally on its own (into a temporary prefix, its dependencies from the registry or npm's cache)
 * and its `gti-sync` runs: `--version`, `validate`, and a `plan` against the emulator; and a
 * checkout installs with `npm install -g .` (a link to it). The checkout was built by `npm test`
 * before vitest runs, so pack skips its scripts here (no rebuild under the other tests' feet).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NOW, startTestEmulator } from '../support/emulator.js';
import { makeTempDir, repoPath, ROOT } from '../support/paths.js';

const run = promisify(execFile);
const NPM_TIMEOUT_MS = 150_000;

/** Runs npm with `args` in `cwd` (no audit, no fund, quiet), failing the test on a non-zero exit. */
async function npm(args: string[], cwd: string): Promise<string> {
  const { stdout } = await run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    timeout: NPM_TIMEOUT_MS,
    env: { ...process.env, npm_config_update_notifier: 'false' },
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}

/** Runs an installed `gti-sync` with `args`; resolves with its exit code and output. */
async function gtiSync(bin: string, args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(bin, args, {
      cwd: ROOT,
      timeout: 30_000,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('npm pack and a global install', () => {
  it(
    'the packed tarball installs into an empty prefix and its gti-sync runs',
    async () => {
      const work = makeTempDir('gti-sync-pack-');
      const packed = await npm(['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
      const tarball = join(work, packed.trim().split('\n').at(-1) ?? '');
      expect(tarball).toMatch(/gti-sync-\d+\.\d+\.\d+\.tgz$/);
      const prefix = join(work, 'prefix');
      await npm(['install', '-g', '--prefix', prefix, '--prefer-offline', tarball], work);
      const bin = join(prefix, 'bin', 'gti-sync');
      const { VERSION } = (await import('../../src/version.js')) as { VERSION: string };
      expect(await gtiSync(bin, ['--version'])).toMatchObject({ code: 0, stdout: `${VERSION}\n` });
      const valid = await gtiSync(bin, ['validate', repoPath('examples/group.yaml')], {
        GTI_SYNC_NOW: NOW,
      });
      expect(valid.code).toBe(0);
      const emu = await startTestEmulator(repoPath('examples/emulator-seed.yaml'));
      const plan = await gtiSync(
        bin,
        ['plan', repoPath('examples/group.yaml'), '--format', 'json'],
        {
          GTI_API_URL: emu.url,
          GTI_APIKEY: 'key-alice',
          GTI_SYNC_NOW: NOW,
        },
      );
      expect(plan.stderr).not.toMatch(/internal error/);
      expect(plan.code).toBe(0);
      expect(JSON.parse(plan.stdout)).toMatchObject({ version: 1, group: 'acme_soc' });
    },
    2 * NPM_TIMEOUT_MS,
  );

  it(
    'a built checkout installs with `npm install -g .` and runs',
    async () => {
      const prefix = join(makeTempDir('gti-sync-link-'), 'prefix');
      await npm(['install', '-g', '--prefix', prefix, '--ignore-scripts', '.'], ROOT);
      const version = await gtiSync(join(prefix, 'bin', 'gti-sync'), ['--version']);
      expect(version.code).toBe(0);
      expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
    },
    NPM_TIMEOUT_MS,
  );
});
