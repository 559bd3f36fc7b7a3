import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { Plan } from '../../src/model/plan.js';
import { startStrippingProxy } from '../live/world.js';
import { NOW, readStats, resetEmulator, startTestEmulator } from '../support/emulator.js';
import { makeTempDir, writeIn } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';
import { labFile, labSeed } from './lab-world.js';

let emu: RunningEmulator;
let work: string;
beforeAll(async () => {
  emu = await startTestEmulator(labSeed());
  work = makeTempDir('gti-sync-plan-');
});
beforeEach(async () => {
  await resetEmulator(emu);
});

async function plan(
  file: string,
  extra: string[] = [],
  opts: { key?: string; io?: { stdoutIsTTY: boolean }; env?: Record<string, string> } = {},
) {
  const name = writeIn(work, 'group.yaml', file);
  return runCli(['plan', name, ...extra], {
    cwd: work,
    api: emu,
    key: opts.key ?? 'key-ada',
    now: NOW,
    ...opts.io,
    ...(opts.env ? { env: opts.env } : {}),
  });
}

const admin = (id: string) => `  - email: ${id}@lab.example\n    roles: [admin]\n`;
const plain = (id: string) => `  - email: ${id}@lab.example\n`;
const rest = ['cy', 'dan', 'eve', 'fay'].map(plain).join('');

describe('gti-sync plan exit codes', () => {
  it('a clean plan: exit 0, "No changes", and 0 with --detailed-exitcode too', async () => {
    const r = await plan(labFile());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No changes. The group matches the file.');
    expect((await plan(labFile(), ['--detailed-exitcode'])).code).toBe(0);
  });

  it('a bad --format is BAD_FORMAT, before any request', async () => {
    const r = await plan(labFile(), ['--format', 'yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gti-sync: BAD_FORMAT: /);
    expect((await readStats(emu)).requests).toBe(0);
  });

  it('a bad file fails with its location, before any request', async () => {
    const r = await plan(
      'version: 1\ngroup: lab\nmembers:\n  - email: ada@lab.example\n    rolez: [admin]\n',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^group\.yaml:\d+:\d+ /m);
    expect((await readStats(emu)).requests).toBe(0);
  });

  it('a missing file is FILE_NOT_FOUND', async () => {
    const r = await runCli(['plan', 'nope.yaml'], {
      cwd: work,
      api: emu,
      key: 'key-alice',
      now: NOW,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/gti-sync: FILE_NOT_FOUND: /);
  });

  it('an unknown group is GROUP_NOT_FOUND', async () => {
    const r = await plan(labFile().replace('group: lab', 'group: no_such_group'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/gti-sync: GROUP_NOT_FOUND: /);
  });
});

describe('gti-sync plan refuses what apply would refuse (UNSAFE_PLAN), printing the whole plan first', () => {
  it('TOO_MANY_REMOVALS fails the plan; --force passes it (then --detailed-exitcode gives 2)', async () => {
    const file = labFile({ members: admin('ada') + admin('bea') });
    const r = await plan(file, ['--format', 'json']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gti-sync: UNSAFE_PLAN: .*TOO_MANY_REMOVALS.*--force/m);
    const printed = JSON.parse(r.stdout) as Plan;
    expect(printed.summary.remove_member).toBe(4);
    expect(printed.safety).toEqual([
      expect.objectContaining({ code: 'TOO_MANY_REMOVALS', overridable: true }),
    ]);
    expect((await plan(file, ['--force'])).code).toBe(0);
    expect((await plan(file, ['--force', '--detailed-exitcode'])).code).toBe(2);
  });

  it('REMOVES_CALLER holds even with --force', async () => {
    const file = labFile({ members: admin('bea') + rest });
    for (const extra of [[], ['--force']]) {
      const r = await plan(file, extra);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/UNSAFE_PLAN: .*REMOVES_CALLER/);
      expect(r.stdout).toMatch(/✗ REMOVES_CALLER: /);
    }
  });

  it('DEMOTES_CALLER', async () => {
    const r = await plan(labFile({ members: plain('ada') + admin('bea') + rest }), ['--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/UNSAFE_PLAN: .*DEMOTES_CALLER/);
  });

  it('TOUCHES_PROTECTED', async () => {
    const r = await plan(
      labFile({
        members: admin('ada') + plain('bea') + rest,
        policy: '  protected: [bea@lab.example]\n',
      }),
      ['--force'],
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/UNSAFE_PLAN: .*TOUCHES_PROTECTED/);
  });

  it('BELOW_MIN_ADMINS (a grant to a member not yet in the group does not count)', async () => {
    const file = labFile({
      members: admin('ada') + plain('bea') + rest + admin('newbie'),
      policy: '',
    }).replace('min_admins: 1', 'min_admins: 2');
    const r = await plan(file, ['--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/UNSAFE_PLAN: .*BELOW_MIN_ADMINS/);
  });

  it('ID_MISMATCH: a pinned id that disagrees leaves the entry alone and fails the plan', async () => {
    const file = labFile({
      members:
        admin('ada') +
        admin('bea') +
        '  - email: cy@lab.example\n    id: dan\n' +
        ['dan', 'eve', 'fay'].map(plain).join(''),
    });
    const r = await plan(file, ['--format', 'json', '--force']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/UNSAFE_PLAN: .*ID_MISMATCH/);
    expect((JSON.parse(r.stdout) as Plan).operations).toEqual([]);
  });
});

describe('gti-sync plan output', () => {
  it('colours text only on a terminal without NO_COLOR', async () => {
    const file = labFile({ members: admin('ada') + admin('bea') + rest + plain('gus') });
    expect((await plan(file, [], { io: { stdoutIsTTY: true } })).stdout).toContain('\u001b[32m+');
    expect(
      (await plan(file, [], { io: { stdoutIsTTY: true }, env: { NO_COLOR: '1' } })).stdout,
    ).not.toContain('\u001b[');
    expect(
      (await plan(file, ['--format', 'json'], { io: { stdoutIsTTY: true } })).stdout,
    ).not.toContain('\u001b[');
  });

  it('--out to a place that cannot be written fails with FILE_UNWRITABLE before any request', async () => {
    writeIn(work, 'a-file', 'not a directory\n');
    for (const out of ['missing/dir/plan.json', 'a-file/plan.json', '.']) {
      const r = await plan(labFile(), ['--out', out]);
      expect(r.code).toBe(1);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^gti-sync: FILE_UNWRITABLE: /m);
      expect((await readStats(emu)).requests).toBe(0);
    }
    // A file that does not exist yet in an existing directory is fine, and is written.
    const ok = await plan(labFile(), ['--out', 'new-plan.json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(await readFile(join(work, 'new-plan.json'), 'utf8'))).toMatchObject({
      group: 'lab',
    });
  });

  it('an unwritable GITHUB_STEP_SUMMARY is only a warning', async () => {
    const r = await plan(labFile(), [], {
      env: { GITHUB_STEP_SUMMARY: join(work, 'missing', 'summary.md') },
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: cannot append the plan to GITHUB_STEP_SUMMARY');
  });

  it('writes nothing to the group: only GET requests reach the emulator', async () => {
    await plan(labFile({ members: admin('ada') + admin('bea') }), ['--force', '--out', 'p.json']);
    const stats = await readStats(emu);
    expect(Object.keys(stats.by_route).filter((route) => !route.startsWith('GET '))).toEqual([]);
    expect(JSON.parse(await readFile(join(work, 'p.json'), 'utf8'))).toMatchObject({
      group: 'lab',
    });
  });

  it('works against an API without context_attributes, and says which roles it could not compare', async () => {
    const proxy = await startStrippingProxy(emu.url);
    try {
      writeIn(work, 'group.yaml', labFile({ members: admin('ada') + admin('bea') + rest }));
      const r = await runCli(['plan', 'group.yaml', '--detailed-exitcode'], {
        cwd: work,
        api: proxy.url,
        key: 'key-ada',
        now: NOW,
      });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('No changes.');
      expect(r.stdout).toContain('unknown_roles');
      const json = await runCli(['plan', 'group.yaml', '--format', 'json'], {
        cwd: work,
        api: proxy.url,
        key: 'key-ada',
        now: NOW,
      });
      const plan = JSON.parse(json.stdout) as { findings: Array<{ kind: string }> };
      expect(plan.findings.map((f) => f.kind)).toContain('unknown_roles');
    } finally {
      await proxy.close();
    }
  });
});
