/** `validate DIR` and several files (issue 12 item 1): the checks across the files of one run. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, writeIn } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';

const file = (group: string, email: string) =>
  `version: 1\ngroup: ${group}\nmembers:\n  - email: ${email}\n    roles: [admin]\n`;

function dir(files: Record<string, string>): string {
  const work = makeTempDir('gti-sync-validate-');
  mkdirSync(join(work, 'groups'));
  for (const [name, text] of Object.entries(files)) writeIn(join(work, 'groups'), name, text);
  return work;
}

describe('gti-sync validate DIR', () => {
  it('checks every group file of the directory, skipping baselines and other files', async () => {
    const work = dir({
      'a.yaml': file('a', 'x@a.example'),
      'b.yml': file('b', 'y@b.example'),
      'base.yaml': 'version: 1\npolicy:\n  min_admins: 1\n',
      'notes.txt': 'group: nope\n',
    });
    const r = await runCli(['validate', 'groups'], { cwd: work });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('groups/a.yaml');
    expect(r.stdout).toContain('groups/b.yml');
    expect(r.stdout).not.toContain('base.yaml');
    expect(r.stdout).not.toContain('notes.txt');
  });

  it('one group in two files, one email in two groups: errors at both places', async () => {
    const work = dir({
      'a.yaml': file('a', 'x@a.example'),
      'a2.yaml': file('a', 'z@a.example'),
      'b.yaml': file('b', 'X@a.example'),
    });
    const r = await runCli(['validate', 'groups'], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^groups\/a\.yaml:2:1 DUPLICATE_GROUP .*groups\/a2\.yaml:2:1/m);
    expect(r.stdout).toMatch(/^groups\/a2\.yaml:2:1 DUPLICATE_GROUP .*groups\/a\.yaml:2:1/m);
    expect(r.stdout).toMatch(/^groups\/b\.yaml:\d+:\d+ EMAIL_IN_TWO_GROUPS /m);
    expect(r.stdout).toMatch(/^groups\/a\.yaml:\d+:\d+ EMAIL_IN_TWO_GROUPS /m);
  });

  it('several files are one run too; one file alone has no cross-file check', async () => {
    const work = dir({ 'a.yaml': file('a', 'x@a.example'), 'b.yaml': file('b', 'x@a.example') });
    const both = await runCli(['validate', 'groups/a.yaml', 'groups/b.yaml'], { cwd: work });
    expect(both.stdout).toContain('EMAIL_IN_TWO_GROUPS');
    expect((await runCli(['validate', 'groups/a.yaml'], { cwd: work })).code).toBe(0);
  });

  it('a directory without group files is NO_GROUP_FILES', async () => {
    const work = dir({ 'base.yaml': 'version: 1\n' });
    const r = await runCli(['validate', 'groups'], { cwd: work });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gti-sync: NO_GROUP_FILES: /m);
  });
});
