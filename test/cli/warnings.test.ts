/**
 * A group file's warnings print the same way from every command that reads one (plan, apply,
 * audit, export --diff): `FILE:LINE:COL warning CODE message` on stderr, before any request.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, startCliWorld } from '../e2e/apply-world.js';
import { makeTempDir, writeIn } from '../support/paths.js';

/** A folder holding the apply fixture with m5 expired on 2026-11-01 (a warning: EXPIRED). */
function dirWithWarning(): string {
  const dir = makeTempDir('gti-sync-warnings-');
  const text = readFileSync(join(FIXTURES, 'group.yaml'), 'utf8').replace(
    '  - email: m5@acme.example',
    '  - email: m5@acme.example\n    expires: 2026-11-01',
  );
  writeIn(dir, 'group.yaml', text);
  return dir;
}

describe('group-file warnings', () => {
  it('print the same line from plan, apply, audit and export --diff', async () => {
    const world = await startCliWorld();
    const cwd = dirWithWarning();
    const file = 'group.yaml';
    const lines = new Map<string, string[]>();
    for (const argv of [
      ['plan', file],
      ['apply', file],
      ['audit', file],
      ['export', '--diff', file],
    ]) {
      const run = await world.run(argv, { cwd });
      lines.set(
        argv[0] ?? '',
        run.stderr.split('\n').filter((line) => / warning EXPIRED /.test(line)),
      );
    }
    const plan = lines.get('plan') ?? [];
    expect(plan).toHaveLength(1);
    expect(plan[0]).toMatch(/^group\.yaml:\d+:\d+ warning EXPIRED /);
    for (const command of ['apply', 'audit', 'export']) expect(lines.get(command)).toEqual(plan);
  });
});
