/**
 * action/run.mjs, the script behind action.yml, driven with a recording stand-in for the CLI
 * process (the real CLI against the emulator is in action-emulator.test.ts; the helpers and the
 * script as a process in action-script.test.ts). Its environment is
 * built from action.yml itself, so these tests see exactly what a runner passes.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runAction } from '../../action/run.mjs';
import type { SpawnFn } from '../../action/run.mjs';
import { makeTempDir } from '../support/paths.js';
import { readStepOutputs, ROOT, runnerStepEnv } from './gitops-files.js';

const KEY = 'key-ci-0123456789abcdef';

interface Call {
  command: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
}

/** A stand-in for the CLI process: records the call, may write the --out plan, returns `status`. */
function fakeCli(status: number, stdout: string, plan?: object): { spawn: SpawnFn; calls: Call[] } {
  const calls: Call[] = [];
  const spawn: SpawnFn = async (command, args, options) => {
    calls.push({ command, args, ...options });
    const out = args.indexOf('--out');
    if (plan !== undefined && out >= 0)
      writeFileSync(resolve(options.cwd, args[out + 1] as string), JSON.stringify(plan));
    return { status, stdout };
  };
  return { spawn, calls };
}

let temp: string;
let log: string[];
const sink = { write: (text: string) => log.push(text) };

beforeEach(() => {
  temp = makeTempDir('gti-action-');
  log = [];
});

/** The runner's environment for one step: action.yml's env for `inputs`, plus the runner's files. */
const stepEnv = (inputs: Record<string, string>) => runnerStepEnv(temp, inputs);
const outputs = () => readStepOutputs(temp);

function summary(): string {
  const file = join(temp, 'summary');
  return existsSync(file) ? readFileSync(file, 'utf8') : '';
}

const PLAN = { version: 1, group: 'acme_soc', fingerprint: 'sha256:abc123', operations: [{}] };
const MARKDOWN = '<!-- gti-sync:plan group=acme_soc -->\n## Plan\n\n| add | 1 |\n';

describe('runAction: plan', () => {
  it('runs plan with --out and --detailed-exitcode, the key only in the environment', async () => {
    const cli = fakeCli(2, MARKDOWN, PLAN);
    const code = await runAction(stepEnv({ command: 'plan', 'api-key': KEY }), cli.spawn, {
      cwd: temp,
      log: sink,
    });
    expect(code).toBe(0);
    expect(cli.calls).toHaveLength(1);
    const call = cli.calls[0] as Call;
    expect(call.command).toBe(process.execPath);
    expect(call.args).toEqual([
      join(ROOT, 'bin', 'gti-sync.js'),
      'plan',
      'group.yaml',
      '--format',
      'markdown',
      '--out',
      join(temp, 'gti-sync-plan.json'),
      '--detailed-exitcode',
    ]);
    expect(call.args.join(' ')).not.toContain(KEY);
    expect(call.env['GTI_APIKEY']).toBe(KEY);
    expect(Object.keys(call.env).filter((name) => name.startsWith('INPUT_'))).toEqual([]);
    expect(call.cwd).toBe(temp);
  });

  it('maps exit code 2 to success with has_changes=true and reads the fingerprint from the plan', async () => {
    const cli = fakeCli(2, MARKDOWN, PLAN);
    await runAction(stepEnv({ command: 'plan', 'api-key': KEY }), cli.spawn, {
      cwd: temp,
      log: sink,
    });
    expect(outputs()).toMatchObject({
      exit_code: '2',
      has_changes: 'true',
      fingerprint: 'sha256:abc123',
      plan_file: join(temp, 'gti-sync-plan.json'),
      report: MARKDOWN,
      markdown_file: join(temp, 'gti-sync-plan.md'),
    });
    expect(readFileSync(outputs()['markdown_file'] as string, 'utf8')).toBe(MARKDOWN);
  });

  it('reports has_changes=false on exit code 0', async () => {
    const cli = fakeCli(0, MARKDOWN, { ...PLAN, operations: [] });
    const code = await runAction(stepEnv({ command: 'plan', 'api-key': KEY }), cli.spawn, {
      cwd: temp,
      log: sink,
    });
    expect(code).toBe(0);
    expect(outputs()).toMatchObject({ exit_code: '0', has_changes: 'false' });
  });

  it('does not write the plan to the summary itself (the CLI appends it)', async () => {
    const cli = fakeCli(2, MARKDOWN, PLAN);
    await runAction(stepEnv({ command: 'plan', 'api-key': KEY }), cli.spawn, {
      cwd: temp,
      log: sink,
    });
    expect(summary()).toBe('');
  });

  it('fails on exit code 1 and reports no plan file, but keeps the report for a comment', async () => {
    const cli = fakeCli(1, MARKDOWN);
    const code = await runAction(stepEnv({ command: 'plan', 'api-key': KEY }), cli.spawn, {
      cwd: temp,
      log: sink,
    });
    expect(code).toBe(1);
    expect(outputs()).toMatchObject({
      exit_code: '1',
      has_changes: 'false',
      plan_file: '',
      fingerprint: '',
    });
    expect(outputs()['markdown_file']).not.toBe('');
    expect(log.join('')).toMatch(/^::error title=gti-sync::gti-sync plan failed \(exit code 1\)$/m);
  });

  it('passes file, format, plan-file, api-url and args through', async () => {
    const cli = fakeCli(0, '{}', PLAN);
    mkdirSync(join(temp, 'out'));
    await runAction(
      stepEnv({
        command: 'plan',
        'api-key': KEY,
        file: 'teams/soc.yaml',
        format: 'json',
        'plan-file': 'out/p.json',
        'api-url': 'http://127.0.0.1:9/api/v3',
        args: `--force --note "two words" 'x y'`,
      }),
      cli.spawn,
      { cwd: temp, log: sink },
    );
    const call = cli.calls[0] as Call;
    expect(call.args.slice(1)).toEqual([
      'plan',
      'teams/soc.yaml',
      '--format',
      'json',
      '--out',
      'out/p.json',
      '--detailed-exitcode',
      '--force',
      '--note',
      'two words',
      'x y',
    ]);
    expect(call.env['GTI_API_URL']).toBe('http://127.0.0.1:9/api/v3');
    expect(outputs()['report_file']).toBe(join(temp, 'gti-sync-plan-report.json'));
    expect(outputs()['plan_file']).toBe(join(temp, 'out', 'p.json'));
  });

  it('leaves GTI_API_URL unset when neither the input nor the runner gives one', async () => {
    const cli = fakeCli(0, '', PLAN);
    await runAction(
      { ...stepEnv({ command: 'plan', 'api-key': KEY }), GTI_API_URL: '' },
      cli.spawn,
      {
        cwd: temp,
        log: sink,
      },
    );
    expect(cli.calls[0]?.env).not.toHaveProperty('GTI_API_URL');
  });
});

describe('runAction: the key', () => {
  it('masks the key before anything else and keeps it out of every file it writes', async () => {
    // A CLI that misbehaves and prints the key: the action must still not pass it on.
    const cli = fakeCli(2, `${MARKDOWN}oops ${KEY}\n`, PLAN);
    await runAction(stepEnv({ command: 'plan', 'api-key': KEY }), cli.spawn, {
      cwd: temp,
      log: sink,
    });
    expect(log[0]).toBe(`::add-mask::${KEY}\n`);
    const written = [
      readFileSync(join(temp, 'output'), 'utf8'),
      readFileSync(outputs()['report_file'] as string, 'utf8'),
      readFileSync(outputs()['markdown_file'] as string, 'utf8'),
    ];
    for (const text of written) expect(text).not.toContain(KEY);
    expect(outputs()['report']).toContain('oops ***');
  });

  it.each(['plan', 'apply', 'audit', 'export'])(
    'refuses %s without a key, before running anything',
    async (command) => {
      const cli = fakeCli(0, '');
      const code = await runAction(stepEnv({ command }), cli.spawn, { cwd: temp, log: sink });
      expect(code).toBe(1);
      expect(cli.calls).toEqual([]);
      expect(log.join('')).toContain(
        `::error title=gti-sync::input "api-key" is required for ${command}`,
      );
    },
  );

  it('accepts --apikey-file in args instead of the input', async () => {
    const cli = fakeCli(0, '', PLAN);
    const code = await runAction(
      stepEnv({ command: 'plan', args: '--apikey-file /run/secrets/gti' }),
      cli.spawn,
      { cwd: temp, log: sink },
    );
    expect(code).toBe(0);
    expect(cli.calls[0]?.env).not.toHaveProperty('GTI_APIKEY');
  });

  it('refuses args that carry the key, without echoing it', async () => {
    const cli = fakeCli(0, '');
    const code = await runAction(
      stepEnv({ command: 'plan', 'api-key': KEY, args: `--header x-apikey=${KEY}` }),
      cli.spawn,
      { cwd: temp, log: sink },
    );
    expect(code).toBe(1);
    expect(cli.calls).toEqual([]);
    expect(log.slice(1).join('')).not.toContain(KEY);
  });
});

describe('runAction: the other commands', () => {
  it('validate needs no key and defaults to github annotations', async () => {
    const cli = fakeCli(0, '');
    const code = await runAction(stepEnv({ command: 'validate' }), cli.spawn, {
      cwd: temp,
      log: sink,
    });
    expect(code).toBe(0);
    expect(cli.calls[0]?.args.slice(1)).toEqual(['validate', 'group.yaml', '--format', 'github']);
    expect(log).toEqual([]);
  });

  it('validate fails the step on exit code 1 (exit code 2 is not a success for it)', async () => {
    for (const status of [1, 2]) {
      const code = await runAction(stepEnv({ command: 'validate' }), fakeCli(status, '').spawn, {
        cwd: temp,
        log: sink,
      });
      expect(code).toBe(1);
    }
  });

  it('audit asks for --detailed-exitcode, maps 2 to has_findings=true and writes its markdown to the summary', async () => {
    const audit = '## Audit\n\n- carol has no 2FA\n';
    const cli = fakeCli(2, audit);
    const code = await runAction(stepEnv({ command: 'audit', 'api-key': KEY }), cli.spawn, {
      cwd: temp,
      log: sink,
    });
    expect(code).toBe(0);
    expect(cli.calls[0]?.args.slice(1)).toEqual([
      'audit',
      'group.yaml',
      '--format',
      'markdown',
      '--detailed-exitcode',
    ]);
    expect(outputs()).toMatchObject({ exit_code: '2', has_findings: 'true' });
    expect(summary()).toBe(audit);
  });

  it('export runs export --diff FILE --detailed-exitcode, maps 2 to has_changes=true, keeps the patch', async () => {
    const patch = '--- group.yaml\n+++ group.yaml\n@@ -1 +1 @@\n-a\n+b\n';
    const cli = fakeCli(2, patch);
    const code = await runAction(stepEnv({ command: 'export', 'api-key': KEY }), cli.spawn, {
      cwd: temp,
      log: sink,
    });
    expect(code).toBe(0);
    expect(cli.calls[0]?.args.slice(1)).toEqual([
      'export',
      '--diff',
      'group.yaml',
      '--detailed-exitcode',
    ]);
    expect(outputs()).toMatchObject({ exit_code: '2', has_changes: 'true' });
    expect(readFileSync(outputs()['report_file'] ?? '', 'utf8')).toBe(patch);
    const clean = fakeCli(0, '');
    expect(
      await runAction(stepEnv({ command: 'export', 'api-key': KEY }), clean.spawn, {
        cwd: temp,
        log: sink,
      }),
    ).toBe(0);
  });

  it('apply is bound to the saved plan and refuses when there is none', async () => {
    const cli = fakeCli(0, '{}');
    const code = await runAction(stepEnv({ command: 'apply', 'api-key': KEY }), cli.spawn, {
      cwd: temp,
      log: sink,
    });
    expect(code).toBe(1);
    expect(cli.calls).toEqual([]);
    expect(log.join('')).toContain('::error title=gti-sync::no plan at ');
  });

  it('apply runs --plan --auto-approve --format json and reports to the summary', async () => {
    const planFile = join(temp, 'plan.json');
    writeFileSync(planFile, JSON.stringify(PLAN));
    const report = {
      group: 'acme_soc',
      fingerprint: 'sha256:abc123',
      done: [{ kind: 'add_member', email: 'dave@acme.example' }],
      failed: [
        {
          kind: 'remove_member',
          email: 'eve@acme.example',
          error: { code: 'ForbiddenError', message: 'no' },
        },
      ],
      skipped: [],
      invited: ['dave@acme.example'],
    };
    const cli = fakeCli(1, JSON.stringify(report));
    const code = await runAction(
      stepEnv({ command: 'apply', 'api-key': KEY, 'plan-file': planFile }),
      cli.spawn,
      { cwd: temp, log: sink },
    );
    expect(code).toBe(1);
    expect(cli.calls[0]?.args.slice(1)).toEqual([
      'apply',
      'group.yaml',
      '--format',
      'json',
      '--plan',
      planFile,
      '--auto-approve',
    ]);
    expect(outputs()).toMatchObject({ exit_code: '1', fingerprint: 'sha256:abc123' });
    expect(summary()).toContain('| 1 | 1 | 0 | 1 |');
    expect(summary()).toContain('**ForbiddenError**');
    expect(readFileSync(outputs()['markdown_file'] as string, 'utf8')).toBe(summary());
  });

  it('apply refused without a report: the CLI error code as an output and the reason in the summary', async () => {
    const planFile = join(temp, 'plan.json');
    writeFileSync(planFile, JSON.stringify(PLAN));
    const stale: SpawnFn = async () => ({
      status: 1,
      stdout: '',
      stderr: `progress\ngti-sync: STALE_PLAN: ${planFile}: the group changed (key ${KEY})\n`,
    });
    const code = await runAction(
      stepEnv({ command: 'apply', 'api-key': KEY, 'plan-file': planFile }),
      stale,
      { cwd: temp, log: sink },
    );
    expect(code).toBe(1);
    expect(outputs()).toMatchObject({ exit_code: '1', error_code: 'STALE_PLAN' });
    expect(summary()).toContain('## gti-sync apply failed (exit code 1): `STALE_PLAN`');
    expect(summary()).toContain(`gti-sync: STALE_PLAN: ${planFile}`);
    expect(summary()).not.toContain(KEY);
  });

  it('refuses an unknown command', async () => {
    const cli = fakeCli(0, '');
    const code = await runAction(stepEnv({ command: 'usage' }), cli.spawn, {
      cwd: temp,
      log: sink,
    });
    expect(code).toBe(1);
    expect(cli.calls).toEqual([]);
    expect(log.join('')).toContain('::error title=gti-sync::input "command" must be one of');
  });
});
