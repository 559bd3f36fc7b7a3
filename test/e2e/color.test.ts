/**
 * One colour decision for every command (src/render/color.ts): `plan` and `apply` print the same
 * plan text, with the same colour, whatever NO_COLOR and FORCE_COLOR say. Before, `NO_COLOR=""`
 * coloured `plan` and not `apply`.
 */
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { NOW, readStats, resetEmulator, startTestEmulator, writesIn } from '../support/emulator.js';
import { makeTempDir, writeIn } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';
import type { RunCliOptions } from '../support/run-cli.js';
import { labFile, labSeed } from './lab-world.js';

let emu: RunningEmulator;
let work: string;
beforeAll(async () => {
  emu = await startTestEmulator(labSeed());
  work = makeTempDir('gti-sync-color-');
  // One member to add: the plan has an operation line in each colour-bearing part.
  const members =
    ['ada', 'bea'].map((id) => `  - email: ${id}@lab.example\n    roles: [admin]\n`).join('') +
    ['cy', 'dan', 'eve', 'fay', 'gus'].map((id) => `  - email: ${id}@lab.example\n`).join('');
  writeIn(work, 'group.yaml', labFile({ members }));
});
beforeEach(async () => {
  await resetEmulator(emu);
});

const ESC = '\u001b[';

async function planAndApply(options: RunCliOptions) {
  const common: RunCliOptions = { cwd: work, api: emu, key: 'key-ada', now: NOW, ...options };
  const plan = await runCli(['plan', 'group.yaml'], common);
  // Without --auto-approve and with no terminal to ask on, apply shows the plan and stops.
  const apply = await runCli(['apply', 'group.yaml'], common);
  return { plan, apply };
}

describe('colour: plan and apply decide alike', () => {
  const cases: { name: string; options: RunCliOptions; colored: boolean }[] = [
    { name: 'a terminal', options: { stdoutIsTTY: true }, colored: true },
    {
      name: 'a terminal, NO_COLOR=""',
      options: { stdoutIsTTY: true, env: { NO_COLOR: '' } },
      colored: true,
    },
    {
      name: 'a terminal, NO_COLOR=1',
      options: { stdoutIsTTY: true, env: { NO_COLOR: '1' } },
      colored: false,
    },
    { name: 'no terminal', options: {}, colored: false },
    { name: 'no terminal, NO_COLOR=""', options: { env: { NO_COLOR: '' } }, colored: false },
    { name: 'no terminal, FORCE_COLOR=1', options: { env: { FORCE_COLOR: '1' } }, colored: true },
    { name: 'no terminal, FORCE_COLOR=0', options: { env: { FORCE_COLOR: '0' } }, colored: false },
    {
      name: 'FORCE_COLOR=1 and NO_COLOR=1',
      options: { env: { FORCE_COLOR: '1', NO_COLOR: '1' } },
      colored: false,
    },
  ];

  for (const { name, options, colored } of cases) {
    it(`${name}: ${colored ? 'both coloured' : 'neither coloured'}, the same plan text`, async () => {
      const { plan, apply } = await planAndApply(options);
      expect(plan.code).toBe(0);
      expect(apply.code).toBe(1);
      expect(apply.stderr).toMatch(/^gti-sync: APPROVAL_REQUIRED:/m);
      expect(writesIn(await readStats(emu))).toEqual({});
      expect(plan.stdout).toContain('add_member');
      expect(plan.stdout.includes(ESC)).toBe(colored);
      expect(apply.stdout).toBe(plan.stdout);
    });
  }
});
