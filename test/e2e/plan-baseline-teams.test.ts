/**
 * plan and apply over a baseline and teams, against the emulator (issue 12, items 3 and 4): the
 * baseline's defaults and the teams' roles and caps reach the live group; after apply, plan is
 * clean.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { Plan } from '../../src/model/plan.js';
import { NOW, readState, startTestEmulator } from '../support/emulator.js';
import { makeTempDir, writeIn } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';
import { labSeed } from './lab-world.js';

let emu: RunningEmulator;
let work: string;
beforeAll(async () => {
  // labSeed shares one quota object between its users; a copy each, so one user's cap is its own.
  const seed = labSeed();
  if (seed.users !== undefined) seed.users = seed.users.map((user) => structuredClone(user));
  emu = await startTestEmulator(seed);
  work = makeTempDir('gti-sync-baseline-e2e-');
  mkdirSync(join(work, '.git'));
  mkdirSync(join(work, 'groups'));
  writeIn(
    work,
    'baseline.yaml',
    `version: 1
policy:
  min_admins: 1
defaults:
  quotas:
    api_requests_daily: 1000
teams:
  analysts:
    roles: [file_downloads]
    quotas:
      api_requests_daily: 300
`,
  );
  writeIn(
    work,
    'groups/lab.yaml',
    `version: 1
group: lab
extends: ../baseline.yaml
members:
  - email: ada@lab.example
    roles: [admin]
  - email: bea@lab.example
    roles: [admin]
  - email: cy@lab.example
    teams: [analysts]
  - email: dan@lab.example
  - email: eve@lab.example
  - email: fay@lab.example
`,
  );
});

const cli = (args: string[]) => runCli(args, { cwd: work, api: emu, key: 'key-ada', now: NOW });

describe('plan and apply with a baseline and teams', () => {
  it('plans the team role and cap, applies them, and is clean afterwards', async () => {
    const planned = await cli(['plan', 'groups/lab.yaml', '--format', 'json']);
    expect(planned.code).toBe(0);
    const plan = JSON.parse(planned.stdout) as Plan;
    const text = JSON.stringify(plan.operations);
    expect(text).toContain('cy@lab.example');
    expect(text).toContain('file_downloads');
    expect(text).toContain('300');
    expect(text).not.toContain('dan@lab.example');
    // The source column names the file each value came from: the team in the baseline.
    const cyOps = plan.operations.filter((op) => op.email === 'cy@lab.example');
    expect(cyOps.map((op) => [op.kind, op.source])).toEqual([
      ['grant_role', { file: 'baseline.yaml', line: 9 }],
      ['set_quota', { file: 'baseline.yaml', line: 11 }],
    ]);
    const textPlan = await cli(['plan', 'groups/lab.yaml']);
    expect(textPlan.stdout).toMatch(/grant_role +cy@lab\.example .*baseline\.yaml:9$/m);

    const applied = await cli(['apply', 'groups/lab.yaml', '--auto-approve']);
    expect(applied.code).toBe(0);
    const state = await readState(emu);
    const cy = state.users?.find((u) => u.id === 'cy');
    expect(cy?.roles).toContain('USER_ROLE_FILE_DOWNLOADS');
    expect(cy?.quotas?.api_requests_daily?.allowed).toBe(300);

    const again = await cli(['plan', 'groups/lab.yaml', '--detailed-exitcode']);
    expect(again.code).toBe(0);
  });
});
