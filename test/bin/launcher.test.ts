import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../support/paths.js';

const version = (JSON.parse(readFileSync(repoPath('package.json'), 'utf8')) as { version: string })
  .version;

/** Runs bin/gti-sync.js with every module it imports reported on stderr (log-imports.mjs). */
async function launch(args: string[]): Promise<{ stdout: string; imported: string[] }> {
  const { stdout, stderr } = await promisify(execFile)(
    process.execPath,
    ['--import', repoPath('test/bin/log-imports.mjs'), repoPath('bin/gti-sync.js'), ...args],
    { cwd: repoPath(), env: { ...process.env, NO_COLOR: '1' } },
  );
  const imported = stderr
    .split('\n')
    .filter((line) => line.startsWith('import '))
    .map((line) => line.slice('import '.length));
  return { stdout, imported };
}

describe('bin/gti-sync.js', () => {
  it('is built (npm test builds first)', () => {
    expect(existsSync(repoPath('dist/src/cli/main.js')), 'run `npm run build` first').toBe(true);
  });

  for (const flag of ['--version', '-V']) {
    it(`${flag} prints the package version without loading the CLI`, async () => {
      const { stdout, imported } = await launch([flag]);
      expect(stdout).toBe(`${version}\n`);
      expect(imported.some((url) => url.endsWith('/dist/src/version.js'))).toBe(true);
      expect(imported.filter((url) => url.includes('/dist/src/cli/'))).toEqual([]);
      expect(imported.filter((url) => url.includes('/node_modules/'))).toEqual([]);
    });
  }

  it('anything else runs the CLI (--help lists the commands)', async () => {
    const { stdout, imported } = await launch(['--help']);
    expect(stdout).toMatch(/^Usage: gti-sync/);
    expect(imported.some((url) => url.endsWith('/dist/src/cli/main.js'))).toBe(true);
  });
});
