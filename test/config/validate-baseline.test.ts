/**
 * `gti-sync validate` on baselines (issue 12, item 3): a baseline alone is checked as a baseline,
 * and a typo in it is reported at the baseline's own FILE:LINE:COL, whether it is validated alone or
 * through a group file that extends it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NOW } from '../support/emulator.js';
import { makeTempDir } from '../support/paths.js';
import { bindCli } from '../support/run-cli.js';

const run = bindCli({ now: NOW });

describe('gti-sync validate with a baseline', () => {
  it('accepts the examples: a baseline alone and the group files that extend it', async () => {
    const r = await run([
      'validate',
      'examples/groups/baseline.yaml',
      'examples/groups/emea.yaml',
      'examples/groups/amer.yaml',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('reports a typo in the baseline at the baseline line, alone and through a group', async () => {
    const dir = makeTempDir('gti-sync-validate-baseline-');
    mkdirSync(join(dir, '.git'));
    writeFileSync(
      join(dir, 'baseline.yaml'),
      'version: 1\npolicy:\n  min_admins: 1\n  requre_2fa: true\n',
    );
    writeFileSync(
      join(dir, 'g.yaml'),
      'version: 1\ngroup: g\nextends: baseline.yaml\nmembers:\n  - email: a@x.example\n    roles: [admin]\n',
    );
    const alone = await run(['validate', 'baseline.yaml'], { cwd: dir });
    expect(alone.code).toBe(1);
    expect(alone.stdout + alone.stderr).toMatch(/^baseline\.yaml:4:3 SCHEMA_UNKNOWN_KEY /m);
    const through = await run(['validate', 'g.yaml'], { cwd: dir });
    expect(through.code).toBe(1);
    expect(through.stdout + through.stderr).toMatch(/^baseline\.yaml:4:3 SCHEMA_UNKNOWN_KEY /m);
  });

  it('reads a file with a group-only key and no group: as a group file (documented)', async () => {
    const dir = makeTempDir('gti-sync-validate-baseline-');
    // `apikey_env` is not a baseline key, so this is an incomplete group file.
    writeFileSync(join(dir, 'b.yaml'), 'version: 1\napikey_env: GTI_APIKEY_X\nignore: ["*@x"]\n');
    const r = await run(['validate', 'b.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('SCHEMA_REQUIRED');
  });
});
