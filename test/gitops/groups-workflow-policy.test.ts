/**
 * The security policy of the multi-group example workflows (examples/workflows/groups/), as
 * tests: one secret per group, mapped by name in the env of the one step that needs it, the
 * mapping matching examples/groups/; admin keys only behind gti-production; changed groups only.
 * (Schema, actionlint and the rules for every workflow are in the other workflow tests.)
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Job, Step, Workflow } from './gitops-files.js';
import { GROUP_WORKFLOWS, readWorkflow, readYaml, ROOT } from './gitops-files.js';

const GTI_ACTION = /^[\w.-]+\/gti-sync@v\d+$/;
const KEYED_COMMANDS = ['plan', 'apply', 'audit', 'export'];
const SECRET_REF = /secrets\.([A-Za-z_][A-Za-z0-9_]*)/g;
/** The one shape a key mapping may take: `GTI_APIKEY_X: ${{ secrets.GTI_<READ|ADMIN>_APIKEY_X }}`. */
const KEY_MAPPING = /^\$\{\{ secrets\.GTI_(READ|ADMIN)_APIKEY_([A-Z0-9_]+) \}\}$/;

const workflows = GROUP_WORKFLOWS.map((file) => [file, readWorkflow(file)] as const);
const multiRun = workflows.filter(([file]) => !file.endsWith('drift-matrix.yml'));

function stepsOf(job: Job | undefined): Step[] {
  return job?.steps ?? [];
}

function secretsIn(value: unknown): string[] {
  return [...JSON.stringify(value ?? null).matchAll(SECRET_REF)].map((m) => m[1] as string);
}

function environmentName(job: Job): string | undefined {
  return typeof job.environment === 'string' ? job.environment : job.environment?.name;
}

function stepWith(workflow: Workflow, job: string, command: string): Step | undefined {
  return stepsOf(workflow.jobs[job]).find((s) => s.with?.['command'] === command);
}

/** The key variable each group file of examples/groups/ reads: `apikey_env`, else GTI_APIKEY_<GROUP>. */
function exampleKeyVariables(): string[] {
  return readdirSync(`${ROOT}/examples/groups`)
    .map((name) => readYaml(`examples/groups/${name}`) as { group?: string; apikey_env?: string })
    .filter((file) => file.group !== undefined)
    .map(
      (file) =>
        file.apikey_env ??
        `GTI_APIKEY_${String(file.group)
          .toUpperCase()
          .replace(/[^A-Z0-9]/g, '_')}`,
    )
    .sort();
}

describe('secrets in the multi-group workflows', () => {
  it.each(workflows)('%s never indexes secrets by an expression', (file) => {
    expect(JSON.stringify(readYaml(file))).not.toMatch(/secrets\s*\[/);
  });

  it.each(multiRun)(
    '%s: secrets only as GTI_APIKEY_X: ${{ secrets.GTI_READ|ADMIN_APIKEY_X }} in the env of a keyed gti-sync step',
    (_file, workflow) => {
      expect(secretsIn((workflow as Workflow & { env?: unknown }).env)).toEqual([]);
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        const { steps, ...jobLevel } = job;
        expect(secretsIn(jobLevel), `${jobName} (job level)`).toEqual([]);
        for (const step of steps ?? []) {
          const { env, ...rest } = step;
          expect(secretsIn(rest), `${jobName}/${step.name}`).toEqual([]);
          if (secretsIn(env).length === 0) continue;
          expect(step.uses).toMatch(GTI_ACTION);
          expect(KEYED_COMMANDS).toContain(step.with?.['command']);
          for (const [name, value] of Object.entries(env ?? {})) {
            const match = KEY_MAPPING.exec(value);
            expect(match, `${jobName}/${step.name} ${name}`).not.toBeNull();
            expect(name).toBe(`GTI_APIKEY_${match?.[2]}`);
          }
        }
      }
    },
  );

  it.each(multiRun)(
    '%s: every keyed step maps exactly the keys the group files of examples/groups/ read',
    (_file, workflow) => {
      const keyed = Object.values(workflow.jobs)
        .flatMap(stepsOf)
        .filter((s) => KEYED_COMMANDS.includes(String(s.with?.['command'])));
      expect(keyed.length).toBeGreaterThan(0);
      for (const step of keyed) {
        expect(Object.keys(step.env ?? {}).sort(), step.name).toEqual(exampleKeyVariables());
        // No single key that one group would fall back to for all.
        expect(step.with?.['api-key'], step.name).toBeUndefined();
      }
    },
  );

  it('admin keys only in groups/apply.yml, in the apply step of a job behind gti-production on the default branch', () => {
    for (const [file, workflow] of workflows) {
      for (const [jobName, job] of Object.entries(workflow.jobs)) {
        const admin = secretsIn(job).filter((s) => s.startsWith('GTI_ADMIN_APIKEY'));
        if (admin.length === 0) {
          expect(environmentName(job), `${file} ${jobName}`).not.toBe('gti-production');
          continue;
        }
        expect(`${file} ${jobName}`).toBe('examples/workflows/groups/apply.yml apply');
        expect(environmentName(job)).toBe('gti-production');
        expect(job.if ?? '').toMatch(
          /github\.ref == format\('refs\/heads\/\{0\}', github\.event\.repository\.default_branch\)/,
        );
        const adminSteps = stepsOf(job).filter((s) => secretsIn(s).length > 0);
        expect(adminSteps.map((s) => s.with?.['command'])).toEqual(['apply']);
        expect(secretsIn(job).every((s) => s.startsWith('GTI_ADMIN_APIKEY_'))).toBe(true);
      }
    }
  });

  it('drift-matrix.yml: the list job reads no secret; each group job reads one read key from its own environment', () => {
    const matrix = readWorkflow('examples/workflows/groups/drift-matrix.yml');
    expect(secretsIn(matrix.jobs['list'])).toEqual([]);
    const drift = matrix.jobs['drift'] as Job & { strategy?: Record<string, unknown> };
    expect(environmentName(drift)).toBe('gti-drift-${{ matrix.group.name }}');
    expect(drift.strategy).toMatchObject({ 'fail-fast': false });
    expect(Number(drift.strategy?.['max-parallel'])).toBeGreaterThan(0);
    const keyed = stepsOf(drift).filter((s) => secretsIn(s).length > 0);
    expect(keyed.map((s) => s.with?.['command'])).toEqual(['plan', 'audit']);
    for (const step of keyed) {
      expect(step.with?.['api-key']).toBe('${{ secrets.GTI_GROUP_READ_APIKEY }}');
      expect(step.with?.['file']).toBe('${{ matrix.group.file }}');
    }
  });
});

describe('what each multi-group workflow promises', () => {
  it('groups/plan.yml: pull_request on groups/, plans only the changed groups, artifact by head SHA', () => {
    const plan = readWorkflow('examples/workflows/groups/plan.yml');
    expect(plan.on).toEqual({ pull_request: { paths: ['groups/**'] } });
    expect(plan.permissions).toEqual({ contents: 'read' });
    expect(secretsIn(plan.jobs['validate'])).toEqual([]);
    expect(stepWith(plan, 'validate', 'validate')?.with).toMatchObject({
      file: 'groups/',
      format: 'github',
    });
    const job = plan.jobs['plan'];
    expect(job?.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
    const steps = stepsOf(job);
    expect(steps[0]?.with).toMatchObject({ 'persist-credentials': false, 'fetch-depth': 2 });
    const list = steps.find((s) => s.name === 'List the files the pull request changes');
    expect(list?.run).toContain(
      `git -c core.quotePath=false diff --name-only 'HEAD^1' HEAD > "$RUNNER_TEMP/changed-files.txt"`,
    );
    expect(stepWith(plan, 'plan', 'plan')?.with).toMatchObject({
      file: 'groups/',
      format: 'markdown',
      'plan-file': '${{ runner.temp }}/plans.json',
      args: '--changed-files ${{ runner.temp }}/changed-files.txt',
    });
    const upload = steps.find((s) => s.uses === 'actions/upload-artifact@v4');
    expect(upload?.with).toMatchObject({
      name: 'gti-sync-plans-${{ github.event.pull_request.head.sha }}',
      path: '${{ steps.plan.outputs.plan_file }}',
    });
    expect(job?.if).toBe('github.event.pull_request.head.repo.full_name == github.repository');
  });

  it('groups/apply.yml: push to main on groups/ or by hand, one at a time, bound to the reviewed plans of the changed groups', () => {
    const apply = readWorkflow('examples/workflows/groups/apply.yml');
    expect(apply.on).toMatchObject({
      push: { branches: ['main'], paths: ['groups/**'] },
      workflow_dispatch: null,
    });
    expect(apply.concurrency).toEqual({
      group: 'gti-sync-apply-groups',
      'cancel-in-progress': false,
    });
    expect(apply.jobs['reviewed-plan']?.if).toBe("github.event_name == 'push'");
    expect(apply.jobs['fresh-plan']?.if).toBe("github.event_name == 'workflow_dispatch'");
    expect(stepWith(apply, 'fresh-plan', 'plan')?.with?.['args']).toBeUndefined();
    const steps = stepsOf(apply.jobs['apply']);
    expect(steps[0]?.with).toMatchObject({ 'persist-credentials': false, 'fetch-depth': 0 });
    const changed = steps.find((s) => s.id === 'changed');
    expect(changed?.if).toBe("github.event_name == 'push'");
    expect(changed?.env).toEqual({ BEFORE: '${{ github.event.before }}' });
    expect(stepWith(apply, 'apply', 'apply')?.with).toMatchObject({
      file: 'groups/',
      format: 'json',
      'plan-file': '${{ runner.temp }}/reviewed/plans.json',
      args: '--journal ${{ runner.temp }}/gti-sync-journal.jsonl ${{ steps.changed.outputs.args }}',
    });
    const journal = steps.find((s) => s.name === 'Keep the journal');
    expect(journal?.if).toBe('${{ !cancelled() }}');
    expect(apply.jobs['apply']?.permissions).toEqual({
      contents: 'read',
      actions: 'read',
      'pull-requests': 'write',
    });
  });

  it('groups/drift.yml and drift-matrix.yml: nightly and by hand, every group, issues only', () => {
    for (const file of ['drift.yml', 'drift-matrix.yml']) {
      const drift = readWorkflow(`examples/workflows/groups/${file}`);
      expect(Object.keys(drift.on as object).sort()).toEqual(['schedule', 'workflow_dispatch']);
      expect(drift.jobs['drift']?.permissions).toEqual({ contents: 'read', issues: 'write' });
      expect(JSON.stringify(drift)).not.toContain('--changed-files');
    }
    const drift = readWorkflow('examples/workflows/groups/drift.yml');
    expect(environmentName(drift.jobs['drift'] as Job)).toBeUndefined();
    expect(stepWith(drift, 'drift', 'plan')?.with).toMatchObject({ file: 'groups/' });
  });
});
