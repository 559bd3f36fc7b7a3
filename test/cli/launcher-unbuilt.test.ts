import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, repoPath } from '../support/paths.js';

describe('bin/gti-sync.js in a checkout without a build', () => {
  it('says in one line to run npm ci / npm run build, exit 1, no stack', () => {
    const dir = makeTempDir('gti-sync-unbuilt-');
    mkdirSync(join(dir, 'bin'));
    copyFileSync(repoPath('bin/gti-sync.js'), join(dir, 'bin/gti-sync.js'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
    for (const args of [['--version'], ['validate']]) {
      const r = spawnSync(process.execPath, [join(dir, 'bin/gti-sync.js'), ...args], {
        encoding: 'utf8',
      });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^gti-sync: [^\n]*npm ci[^\n]*npm run build[^\n]*\n$/);
    }
  });
});
