/**
 * The action's script end to end: action/run.mjs runs the real CLI (`node bin/gti-sync.js`, built
 * into dist/ by `npm test`) against the real emulator over HTTP, with the environment action.yml
 * gives it, and the outputs and job summary land in the files GitHub names.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runAction } from '../../action/run.mjs';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { NOW, readStats, resetEmulator, startTestEmulator } from '../support/emulator.js';
import { makeTempDir } from '../support/paths.js';
import { quietSpawn, readStepOutputs, ROOT, runnerStepEnv } from './gitops-files.js';

const KEY = 'key-alice';

let server: RunningEmulator;
let temp: string;
let log: string[];
const sink = { write: (text: string) => log.push(text) };

beforeAll(async () => {
  server = await startTestEmulator(join(ROOT, 'examples/emulator-seed.yaml'));
});
beforeEach(async () => {
  await resetEmulator(server);
  temp = makeTempDir('gti-action-e2e-');
  log = [];
});

/** What a runner gives the step: action.yml's env for `inputs`, the runner's files, the emulator. */
const stepEnv = (inputs: Record<string, string>) =>
  runnerStepEnv(temp, inputs, { GTI_API_URL: server.url, GTI_SYNC_NOW: NOW });

function read(file: string): string {
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

const outputs = () => readStepOutputs(temp);

async function requestsByRoute(): Promise<Record<string, number>> {
  return (await readStats(server)).by_route;
}

describe('the action against the emulator', () => {
  it('plan --format json on a bad group file: error_code from the JSON failure document', async () => {
    const file = join(temp, 'group.yaml');
    writeFileSync(file, 'version: 1\ngroup: acme_soc\nmembrs: []\n');
    const code = await runAction(
      stepEnv({ command: 'plan', file, format: 'json', 'api-key': KEY }),
      quietSpawn,
      { cwd: ROOT, log: sink },
    );
    expect(code).toBe(1);
    const values = outputs();
    const doc = JSON.parse(read(values['report_file'] as string)) as {
      error: { code: string; problems: unknown[] };
    };
    expect(doc.error.problems.length).toBeGreaterThan(0);
    expect(values).toMatchObject({ exit_code: '1', error_code: doc.error.code, plan_file: '' });
    expect(values['error_code']).toMatch(/^[A-Z][A-Z0-9_]*$/);
  });

  it('validate: a valid file passes with no annotations', async () => {
    const code = await runAction(
      stepEnv({ command: 'validate', file: 'examples/group.yaml' }),
      quietSpawn,
      { cwd: ROOT, log: sink },
    );
    expect(code).toBe(0);
    expect(outputs()).toMatchObject({ exit_code: '0' });
    expect(outputs()['report']).not.toContain('::error');
  });

  it('validate: a broken file fails the step with a workflow annotation at its line', async () => {
    const file = join(temp, 'group.yaml');
    writeFileSync(file, 'version: 1\ngroup: acme_soc\nmembers:\n  - email: 42\n');
    const code = await runAction(stepEnv({ command: 'validate', file }), quietSpawn, {
      cwd: ROOT,
      log: sink,
    });
    expect(code).toBe(1);
    expect(outputs()['exit_code']).toBe('1');
    expect(outputs()['report']).toMatch(/^::error file=[^,]+,line=4,/m);
  });

  it('plan: has_changes, fingerprint and plan_file as outputs, the markdown plan in the summary, the key nowhere', async () => {
    const before = await requestsByRoute();
    const code = await runAction(
      stepEnv({ command: 'plan', file: 'examples/group.yaml', 'api-key': KEY }),
      quietSpawn,
      { cwd: ROOT, log: sink },
    );
    expect(code).toBe(0);
    const values = outputs();
    expect(values).toMatchObject({
      exit_code: '2',
      has_changes: 'true',
      plan_file: join(temp, 'gti-sync-plan.json'),
    });
    expect(values['fingerprint']).toMatch(/^sha256:[0-9a-f]{64}$/);
    const plan = JSON.parse(read(values['plan_file'] as string)) as {
      group: string;
      fingerprint: string;
      operations: unknown[];
    };
    expect(plan.group).toBe('acme_soc');
    expect(plan.fingerprint).toBe(values['fingerprint']);
    expect(plan.operations.length).toBeGreaterThan(0);

    const summary = read(join(temp, 'summary'));
    expect(summary.split('\n')).toContain('<!-- gti-sync:plan group=acme_soc -->');
    // The CLI appends the plan to the summary; the action must not append it a second time.
    expect(summary.split('<!-- gti-sync:plan group=acme_soc -->')).toHaveLength(2);
    expect(read(values['markdown_file'] as string).split('\n', 1)[0]).toBe(
      '<!-- gti-sync:plan group=acme_soc -->',
    );

    for (const file of [
      join(temp, 'output'),
      join(temp, 'summary'),
      values['plan_file'] as string,
    ]) {
      expect(read(file)).not.toContain(KEY);
    }
    expect(log.join('')).toBe(`::add-mask::${KEY}\n`);

    // plan only reads.
    const after = await requestsByRoute();
    const routes = Object.keys(after).filter((route) => after[route] !== before[route]);
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) expect(route).toMatch(/^GET /);
  });

  it('plan: a wrong key fails the step with exit_code 1 and no plan file', async () => {
    const code = await runAction(
      stepEnv({ command: 'plan', file: 'examples/group.yaml', 'api-key': 'key-nobody' }),
      quietSpawn,
      { cwd: ROOT, log: sink },
    );
    expect(code).toBe(1);
    expect(outputs()).toMatchObject({
      exit_code: '1',
      has_changes: 'false',
      plan_file: '',
      error_code: 'API_WrongCredentialsError',
    });
    expect(log.join('')).toContain('::error title=gti-sync::gti-sync plan failed (exit code 1)');
  });

  it('plan: an unsafe plan fails the step but still leaves the markdown refusal for the comment', async () => {
    const file = join(temp, 'group.yaml');
    writeFileSync(
      file,
      [
        'version: 1',
        'group: acme_soc',
        'policy: {members: authoritative, min_admins: 1}',
        'members:',
        '  - {email: ciso@acme.example, roles: [admin]}',
        '  - {email: alice@acme.example, roles: [admin]}',
        '',
      ].join('\n'),
    );
    const code = await runAction(stepEnv({ command: 'plan', file, 'api-key': KEY }), quietSpawn, {
      cwd: ROOT,
      log: sink,
    });
    expect(code).toBe(1);
    const values = outputs();
    expect(values).toMatchObject({ exit_code: '1', error_code: 'UNSAFE_PLAN', plan_file: '' });
    const markdown = read(values['markdown_file'] as string);
    expect(markdown.split('\n', 1)[0]).toBe('<!-- gti-sync:plan group=acme_soc -->');
    expect(markdown).toContain('TOO_MANY_REMOVALS');
  });

  it('audit: findings are a success with has_findings=true, the markdown audit in the summary', async () => {
    const code = await runAction(
      stepEnv({ command: 'audit', file: 'examples/group.yaml', 'api-key': KEY }),
      quietSpawn,
      { cwd: ROOT, log: sink },
    );
    expect(code).toBe(0);
    const values = outputs();
    expect(values).toMatchObject({ exit_code: '2', has_findings: 'true' });
    const summary = read(join(temp, 'summary'));
    expect(summary.length).toBeGreaterThan(0);
    expect(summary).toBe(read(values['markdown_file'] as string));
    expect(summary).not.toContain(KEY);
  });

  it("the workflows' two keys: a plan made with the read key applies with the admin key", async () => {
    const planFile = join(temp, 'plan.json');
    const step = (command: string, key: string) =>
      stepEnv({ command, file: 'examples/group.yaml', 'api-key': key, 'plan-file': planFile });
    expect(await runAction(step('plan', 'key-ciso'), quietSpawn, { cwd: ROOT, log: sink })).toBe(0);
    const applied = await runAction(step('apply', KEY), quietSpawn, { cwd: ROOT, log: sink });
    expect(outputs()).toMatchObject({ error_code: '' });
    expect(applied).toBe(0);
  });

  it('plan then apply: apply is bound to the saved plan, and the same plan is refused once the group changed', async () => {
    const planFile = join(temp, 'plan.json');
    const planned = await runAction(
      stepEnv({
        command: 'plan',
        file: 'examples/group.yaml',
        'api-key': KEY,
        'plan-file': planFile,
      }),
      quietSpawn,
      { cwd: ROOT, log: sink },
    );
    expect(planned).toBe(0);
    const fingerprint = outputs()['fingerprint'];

    const applied = await runAction(
      stepEnv({
        command: 'apply',
        file: 'examples/group.yaml',
        'api-key': KEY,
        'plan-file': planFile,
      }),
      quietSpawn,
      { cwd: ROOT, log: sink },
    );
    expect(applied).toBe(0);
    const values = outputs();
    expect(values).toMatchObject({ exit_code: '0', fingerprint });
    const report = JSON.parse(values['report'] as string) as { done: unknown[]; failed: unknown[] };
    expect(report.done.length).toBeGreaterThan(0);
    expect(report.failed).toEqual([]);
    const summary = read(join(temp, 'summary'));
    expect(summary).toContain('<!-- gti-sync:apply group=acme_soc -->');
    expect(summary).toContain(`| ${report.done.length} | 0 |`);
    expect(summary).not.toContain(KEY);

    // The group now matches the file: the old plan no longer describes it.
    const again = await runAction(
      stepEnv({
        command: 'apply',
        file: 'examples/group.yaml',
        'api-key': KEY,
        'plan-file': planFile,
      }),
      quietSpawn,
      { cwd: ROOT, log: sink },
    );
    expect(again).toBe(1);
    expect(outputs()).toMatchObject({ exit_code: '1', error_code: 'STALE_PLAN' });
    expect(read(join(temp, 'summary'))).toContain(
      '## gti-sync apply failed (exit code 1): `STALE_PLAN`',
    );
  });
});
