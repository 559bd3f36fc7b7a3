/**
 * The security policy of the shipped workflows and of action.yml, as tests: what a reviewer of a
 * GitOps pipeline for an admin key checks by hand.
 */
import { describe, expect, it } from 'vitest';
import type { Job, Step, Workflow } from './gitops-files.js';
import {
  EXAMPLE_WORKFLOWS,
  listWorkflowFiles,
  readActionFile,
  readWorkflow,
} from './gitops-files.js';

const GTI_ACTION = /^[\w.-]+\/gti-sync@v\d+$/;
const OFFICIAL_ACTIONS = [
  'actions/checkout@v4',
  'actions/setup-node@v4',
  'actions/upload-artifact@v4',
  'actions/download-artifact@v4',
  'actions/github-script@v7',
];
const KEYED_COMMANDS = ['plan', 'apply', 'audit', 'export'];
const SECRET_REF = /secrets\.([A-Za-z_][A-Za-z0-9_]*)/g;

/** The event names a workflow's `on:` lists, whichever of the three spellings it uses. */
function eventNames(on: unknown): string[] {
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on.map(String);
  if (on !== null && typeof on === 'object') return Object.keys(on);
  return [];
}

function stepsOf(job: Job): Step[] {
  return job.steps ?? [];
}

function secretsIn(value: unknown): string[] {
  return [...JSON.stringify(value ?? null).matchAll(SECRET_REF)].map((m) => m[1] as string);
}

function environmentName(job: Job): string | undefined {
  return typeof job.environment === 'string' ? job.environment : job.environment?.name;
}

const workflows = listWorkflowFiles().map((file) => [file, readWorkflow(file)] as const);
const examples = EXAMPLE_WORKFLOWS.map((file) => [file, readWorkflow(file)] as const);

describe('every workflow', () => {
  it.each(workflows)('%s never runs on pull_request_target', (_file, workflow) => {
    expect(eventNames(workflow.on)).not.toContain('pull_request_target');
    expect(eventNames(workflow.on)).not.toContain('workflow_run');
  });

  it.each(workflows)('%s sets top-level permissions', (_file, workflow) => {
    expect(workflow.permissions).toBeDefined();
    expect(workflow.permissions).not.toBe('write-all');
  });

  it.each(workflows)(
    '%s runs on ubuntu-24.04 and uses only pinned official actions or gti-sync',
    (_file, workflow) => {
      for (const job of Object.values(workflow.jobs)) {
        expect(job['runs-on']).toBe('ubuntu-24.04');
        for (const step of stepsOf(job)) {
          if (step.uses === undefined) continue;
          expect(
            OFFICIAL_ACTIONS.includes(step.uses) || GTI_ACTION.test(step.uses),
            step.uses,
          ).toBe(true);
        }
      }
    },
  );

  it.each(workflows)(
    '%s never puts a secret or the key in a run: command line',
    (_file, workflow) => {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of stepsOf(job)) {
          expect(step.run ?? '').not.toMatch(/secrets\.|GTI_APIKEY|api-key|apikey/i);
        }
      }
    },
  );
});

describe('secrets in the example workflows', () => {
  it.each(examples)(
    '%s: secrets appear only as the api-key of a gti-sync step that needs a key',
    (_file, workflow) => {
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        const { steps, ...jobLevel } = job;
        expect(secretsIn(jobLevel), `${jobName} (job level)`).toEqual([]);
        expect(secretsIn((workflow as Workflow & { env?: unknown }).env), 'workflow env').toEqual(
          [],
        );
        for (const step of steps ?? []) {
          const { with: inputs, ...rest } = step;
          expect(secretsIn(rest), `${jobName}/${step.name}`).toEqual([]);
          const { 'api-key': apiKey, ...otherInputs } = inputs ?? {};
          expect(secretsIn(otherInputs), `${jobName}/${step.name}`).toEqual([]);
          if (secretsIn(apiKey).length > 0) {
            expect(step.uses).toMatch(GTI_ACTION);
            expect(KEYED_COMMANDS).toContain(inputs?.['command']);
          }
        }
      }
    },
  );

  it.each(examples)(
    '%s: the admin key only in a job behind gti-production that applies on the default branch',
    (_file, workflow) => {
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        const usesAdminKey = secretsIn(job).includes('GTI_ADMIN_APIKEY');
        if (!usesAdminKey) continue;
        expect(environmentName(job), jobName).toBe('gti-production');
        expect(job.if ?? '', jobName).toMatch(
          /github\.ref == format\('refs\/heads\/\{0\}', github\.event\.repository\.default_branch\)/,
        );
        const adminSteps = stepsOf(job).filter((s) => secretsIn(s).includes('GTI_ADMIN_APIKEY'));
        expect(adminSteps.map((s) => s.with?.['command'])).toEqual(['apply']);
      }
    },
  );

  it('only apply.yml reads the admin key, and plan.yml and drift.yml name no environment', () => {
    const readers = examples
      .filter(([, w]) => secretsIn(w.jobs).includes('GTI_ADMIN_APIKEY'))
      .map(([f]) => f);
    expect(readers).toEqual(['examples/workflows/apply.yml']);
    for (const [file, workflow] of examples) {
      if (file.endsWith('apply.yml')) continue;
      for (const job of Object.values(workflow.jobs)) expect(environmentName(job)).toBeUndefined();
    }
  });

  it('the jobs that read no key read no secret at all', () => {
    const plan = readWorkflow('examples/workflows/plan.yml');
    expect(secretsIn(plan.jobs['validate'])).toEqual([]);
    const apply = readWorkflow('examples/workflows/apply.yml');
    expect(secretsIn(apply.jobs['reviewed-plan'])).toEqual([]);
  });

  it.each(examples)('%s never passes --force', (_file, workflow) => {
    expect(JSON.stringify(workflow)).not.toContain('--force');
  });

  it.each(examples)(
    '%s uploads with overwrite, so a re-run of the job (the same run) can upload again',
    (_file, workflow) => {
      for (const job of Object.values(workflow.jobs)) {
        for (const step of stepsOf(job).filter((s) => s.uses?.startsWith('actions/upload-'))) {
          expect(step.with?.['overwrite']).toBe(true);
        }
      }
    },
  );

  it.each(examples)('%s checks out without persisting the token', (_file, workflow) => {
    for (const job of Object.values(workflow.jobs)) {
      for (const step of stepsOf(job).filter((s) => s.uses?.startsWith('actions/checkout@'))) {
        expect(step.with?.['persist-credentials']).toBe(false);
      }
    }
  });
});

describe('what each example workflow promises', () => {
  it('plan.yml: pull_request on the group file, validate with annotations, artifact named by head SHA, one sticky comment', () => {
    const plan = readWorkflow('examples/workflows/plan.yml');
    expect(eventNames(plan.on)).toEqual(['pull_request']);
    expect(plan.on).toMatchObject({ pull_request: { paths: ['group.yaml'] } });
    expect(plan.permissions).toEqual({ contents: 'read' });
    const steps = Object.values(plan.jobs).flatMap(stepsOf);
    expect(steps.find((s) => s.with?.['command'] === 'validate')?.with?.['format']).toBe('github');
    expect(steps.find((s) => s.with?.['command'] === 'plan')?.with?.['format']).toBe('markdown');
    const upload = steps.find((s) => s.uses === 'actions/upload-artifact@v4');
    expect(upload?.with?.['name']).toBe('gti-sync-plan-${{ github.event.pull_request.head.sha }}');
    const comment = steps.find((s) => s.uses === 'actions/github-script@v7');
    expect(String(comment?.with?.['script'])).toContain('<!-- gti-sync:plan ');
    expect(String(comment?.with?.['script'])).toContain('updateComment');
    expect(plan.jobs['plan']?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  it('apply.yml: push to main + dispatch with fresh_plan false, one run at a time, never cancelled, bound to a plan', () => {
    const apply = readWorkflow('examples/workflows/apply.yml');
    expect(apply.on).toMatchObject({
      push: { branches: ['main'], paths: ['group.yaml'] },
      workflow_dispatch: { inputs: { fresh_plan: { type: 'boolean', default: false } } },
    });
    expect(apply.concurrency).toEqual({ group: 'gti-sync-apply', 'cancel-in-progress': false });
    const applyStep = Object.values(apply.jobs)
      .flatMap(stepsOf)
      .find((s) => s.with?.['command'] === 'apply');
    expect(applyStep?.with).toMatchObject({
      format: 'json',
      'plan-file': '${{ runner.temp }}/reviewed/plan.json',
    });
    const reviewed = apply.jobs['reviewed-plan'];
    expect(String(stepsOf(reviewed ?? {})[0]?.with?.['script'])).toContain(
      'listPullRequestsAssociatedWithCommit',
    );
    expect(apply.jobs['fresh-plan']?.if).toBe('${{ inputs.fresh_plan }}');
  });

  it('drift.yml: nightly schedule and dispatch, plan and audit, one issue', () => {
    const drift = readWorkflow('examples/workflows/drift.yml');
    expect(eventNames(drift.on).sort()).toEqual(['schedule', 'workflow_dispatch']);
    const steps = Object.values(drift.jobs).flatMap(stepsOf);
    expect(
      steps
        .filter((s) => s.uses !== undefined && GTI_ACTION.test(s.uses))
        .map((s) => s.with?.['command']),
    ).toEqual(['plan', 'audit', 'export', 'plan']);
    const script = String(
      steps.find((s) => s.uses === 'actions/github-script@v7')?.with?.['script'],
    );
    expect(script).toContain("state: 'closed'");
    expect(script).toContain('<!-- gti-sync:drift -->');
  });

  it('drift.yml pull-request mode: its own job, only with GTI_SYNC_DRIFT_MODE, one fixed branch', () => {
    const drift = readWorkflow('examples/workflows/drift.yml');
    // The issue job keeps its read-only permissions; only the adopt job may push and open a PR.
    expect(drift.jobs['drift']?.permissions).toEqual({ contents: 'read', issues: 'write' });
    const adopt = drift.jobs['adopt'];
    expect(adopt?.if).toContain("vars.GTI_SYNC_DRIFT_MODE == 'pull-request'");
    expect(adopt?.permissions).toEqual({ contents: 'write', 'pull-requests': 'write' });
    const steps = adopt === undefined ? [] : stepsOf(adopt);
    expect(steps.find((s) => s.uses?.startsWith('actions/checkout'))?.with).toMatchObject({
      'persist-credentials': false,
    });
    const script = steps.map((s) => s.run ?? '').join('\n');
    expect(script).toContain('git apply -p0');
    expect(script).toContain('gh pr create');
    expect(script).toContain('gh pr edit');
    expect(script).toContain('gh pr close');
    expect(JSON.stringify(adopt)).toContain('gti-sync/drift-');
    // In pull-request mode the issue reports findings only: drift goes to the pull request.
    const issueStep = stepsOf(drift.jobs['drift'] ?? { steps: [] }).find(
      (s) => s.uses === 'actions/github-script@v7',
    );
    expect(String(issueStep?.env?.['HAS_CHANGES'])).toContain(
      "vars.GTI_SYNC_DRIFT_MODE != 'pull-request'",
    );
  });
});

describe('action.yml', () => {
  const action = readActionFile();

  it('is a composite action that sets up Node 20, installs from its own checkout, and runs action/run.mjs', () => {
    expect(action.runs.using).toBe('composite');
    const [setup, install, run] = action.runs.steps;
    expect(setup).toMatchObject({ uses: 'actions/setup-node@v4', with: { 'node-version': 20 } });
    expect(install?.run).toBe(
      'test -f dist/src/cli/main.js || npm ci --include=dev --no-audit --no-fund',
    );
    expect(install).toMatchObject({ 'working-directory': '${{ github.action_path }}' });
    expect(run?.run).toBe('node "$GITHUB_ACTION_PATH/action/run.mjs"');
  });

  it('passes every input through env:, never as ${{ }} inside run:', () => {
    for (const step of action.runs.steps) expect(step.run ?? '').not.toContain('${{');
  });

  it('hands the key to the script only as GTI_APIKEY, in the one step that runs it', () => {
    const withKey = action.runs.steps.filter((s) => JSON.stringify(s).includes('inputs.api-key'));
    expect(withKey).toHaveLength(1);
    expect(withKey[0]?.env?.['GTI_APIKEY']).toBe('${{ inputs.api-key }}');
    expect(
      Object.entries(withKey[0]?.env ?? {}).filter(([, v]) => v.includes('api-key')),
    ).toHaveLength(1);
  });

  it('declares the inputs and outputs the docs promise', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(
      [
        'api-key',
        'api-url',
        'args',
        'command',
        'file',
        'format',
        'plan-file',
        'working-directory',
      ].sort(),
    );
    expect(action.inputs['command']?.required).toBe(true);
    expect(action.inputs['file']?.default).toBe('group.yaml');
    expect(Object.keys(action.outputs)).toEqual(
      expect.arrayContaining([
        'has_changes',
        'fingerprint',
        'plan_file',
        'exit_code',
        'markdown_file',
      ]),
    );
  });
});
