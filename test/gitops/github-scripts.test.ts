/**
 * The `actions/github-script` steps of the single-group example workflows, run as GitHub runs
 * them against a recording fake of the GitHub REST API (github-script-runner.ts): which pull
 * request and artifact apply.yml picks, how plan.yml finds its one comment, when drift.yml opens,
 * updates and closes its issue.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/paths.js';
import { readWorkflow } from './gitops-files.js';
import { callOf, MERGE_SHA, methods, runScript, scriptOf } from './github-script-runner.js';

const PLAN_MARKER = '<!-- gti-sync:plan group=acme_soc -->';
const HEAD_SHA = 'a'.repeat(40);

let temp: string;
beforeEach(() => {
  temp = makeTempDir('gti-github-script-');
});

function writeTemp(name: string, text: string): string {
  const file = join(temp, name);
  writeFileSync(file, text);
  return file;
}

describe('apply.yml: finding the reviewed plan', () => {
  const script = scriptOf('examples/workflows/apply.yml', 'reviewed-plan', 'find');
  const payload = { repository: { default_branch: 'main' } };
  const pulls = [
    { number: 7, merged_at: null, base: { ref: 'main' }, head: { sha: 'c'.repeat(40) } },
    {
      number: 8,
      merged_at: '2026-11-26T10:00:00Z',
      base: { ref: 'release' },
      head: { sha: 'd'.repeat(40) },
    },
    {
      number: 9,
      merged_at: '2026-11-26T11:00:00Z',
      base: { ref: 'main' },
      head: { sha: HEAD_SHA },
    },
  ];
  const artifact = (id: number, runId: number, created: string, extra = {}) => ({
    id,
    name: `gti-sync-plan-${HEAD_SHA}`,
    expired: false,
    created_at: created,
    workflow_run: { id: runId, head_sha: HEAD_SHA },
    ...extra,
  });

  // The run behind each artifact: gti-sync-plan.yml on a pull request from this repository,
  // unless told otherwise.
  const env = { PLAN_WORKFLOW: 'gti-sync-plan.yml' };
  const runs: Record<number, object> = {};
  const goodRun = {
    event: 'pull_request',
    path: '.github/workflows/gti-sync-plan.yml',
    head_repository: { full_name: 'acme/groups' },
  };
  const getWorkflowRun = (params: Record<string, unknown>) => {
    const id = Number(params['run_id']);
    return runs[id] ?? { id, ...goodRun };
  };

  it.each([
    ['a fork', { head_repository: { full_name: 'mallory/groups' } }],
    ['another event', { event: 'push' }],
    ['another workflow', { path: '.github/workflows/other.yml' }],
    ['a workflow named like it elsewhere', { path: '.github/workflows/x/gti-sync-plan.yml' }],
  ])('skips a plan artifact uploaded from %s', async (_what, differs) => {
    runs[201] = { id: 201, ...goodRun, ...differs };
    const run = await runScript(script, {
      payload,
      env,
      handlers: {
        'repos.listPullRequestsAssociatedWithCommit': () => pulls,
        'actions.getWorkflowRun': getWorkflowRun,
        'actions.listArtifactsForRepo': () => ({
          artifacts: [
            artifact(1, 200, '2026-11-25T09:00:00Z'),
            artifact(2, 201, '2026-11-25T12:00:00Z'),
          ],
        }),
      },
    });
    expect(run.failed).toEqual([]);
    expect(run.outputs).toEqual({ pr: '9', run_id: '200', artifact: `gti-sync-plan-${HEAD_SHA}` });
  });

  it('takes the pull request merged into the default branch and the newest live artifact of its last head commit', async () => {
    const run = await runScript(script, {
      payload,
      env,
      handlers: {
        'repos.listPullRequestsAssociatedWithCommit': () => pulls,
        'actions.getWorkflowRun': getWorkflowRun,
        'actions.listArtifactsForRepo': () => ({
          artifacts: [
            artifact(1, 100, '2026-11-25T09:00:00Z'),
            artifact(2, 101, '2026-11-25T12:00:00Z'),
            artifact(3, 102, '2026-11-25T13:00:00Z', { expired: true }),
            artifact(4, 103, '2026-11-25T14:00:00Z', {
              workflow_run: { id: 103, head_sha: 'e'.repeat(40) },
            }),
          ],
        }),
      },
    });
    expect(run.failed).toEqual([]);
    expect(callOf(run, 'repos.listPullRequestsAssociatedWithCommit')).toMatchObject({
      commit_sha: MERGE_SHA,
    });
    expect(callOf(run, 'actions.listArtifactsForRepo')).toMatchObject({
      name: `gti-sync-plan-${HEAD_SHA}`,
    });
    expect(run.outputs).toEqual({ pr: '9', run_id: '101', artifact: `gti-sync-plan-${HEAD_SHA}` });
  });

  it('fails, with nothing to apply, when no pull request was merged for the commit', async () => {
    const run = await runScript(script, {
      payload,
      handlers: { 'repos.listPullRequestsAssociatedWithCommit': () => pulls.slice(0, 2) },
    });
    expect(run.failed).toHaveLength(1);
    expect(run.outputs).toEqual({});
    expect(methods(run)).not.toContain('actions.listArtifactsForRepo');
  });

  it('fails when the only plan artifact has expired', async () => {
    const run = await runScript(script, {
      payload,
      handlers: {
        'repos.listPullRequestsAssociatedWithCommit': () => pulls,
        'actions.listArtifactsForRepo': () => ({
          artifacts: [artifact(3, 102, '2026-11-25T13:00:00Z', { expired: true })],
        }),
      },
    });
    expect(run.failed).toHaveLength(1);
    expect(run.outputs).toEqual({});
  });
});

describe('apply.yml: the apply report on the merged pull request', () => {
  const script = scriptOf('examples/workflows/apply.yml', 'apply');

  it.each([
    ['0', 'applied'],
    ['1', 'FAILED'],
  ])('exit code %s: one comment on the pull request saying %s', async (code, outcome) => {
    const markdown = writeTemp('apply.md', '## gti-sync apply: `acme_soc`\n');
    const run = await runScript(script, {
      env: { PR_NUMBER: '9', MARKDOWN_FILE: markdown, EXIT_CODE: code },
    });
    expect(methods(run)).toEqual(['issues.createComment']);
    const params = callOf(run, 'issues.createComment');
    expect(params['issue_number']).toBe(9);
    expect(String(params['body'])).toContain('## gti-sync apply: `acme_soc`');
    expect(String(params['body'])).toContain(outcome);
    expect(String(params['body'])).toContain('https://github.com/acme/groups/actions/runs/4242');
  });
});

describe('plan.yml: the one sticky plan comment', () => {
  const script = scriptOf('examples/workflows/plan.yml', 'plan');
  const payload = { pull_request: { number: 12 } };
  const comments = [
    { id: 1, user: { type: 'User' }, body: `${PLAN_MARKER}\nquoted by a person` },
    { id: 2, user: { type: 'Bot' }, body: '<!-- gti-sync:plan group=other -->\nanother group' },
    { id: 3, user: { type: 'Bot' }, body: `${PLAN_MARKER}\nthe old plan` },
  ];

  it("updates the bot's comment that starts with the same marker line", async () => {
    const file = writeTemp('plan.md', `${PLAN_MARKER}\n## the new plan\n`);
    const run = await runScript(script, {
      payload,
      env: { MARKDOWN_FILE: file },
      handlers: { 'issues.listComments': () => comments },
    });
    expect(run.failed).toEqual([]);
    expect(methods(run)).toEqual(['issues.listComments', 'issues.updateComment']);
    expect(callOf(run, 'issues.listComments')).toMatchObject({ issue_number: 12 });
    expect(callOf(run, 'issues.updateComment')).toMatchObject({
      comment_id: 3,
      body: `${PLAN_MARKER}\n## the new plan\n`,
    });
  });

  it('creates the comment when there is none yet', async () => {
    const file = writeTemp('plan.md', `${PLAN_MARKER}\n## a plan\n`);
    const run = await runScript(script, {
      payload,
      env: { MARKDOWN_FILE: file },
      handlers: { 'issues.listComments': () => comments.slice(0, 2) },
    });
    expect(methods(run)).toEqual(['issues.listComments', 'issues.createComment']);
    expect(callOf(run, 'issues.createComment')).toMatchObject({ issue_number: 12 });
  });

  it("cuts a body over GitHub's 65,536 characters and says so", async () => {
    const file = writeTemp('plan.md', `${PLAN_MARKER}\n${'x'.repeat(70_000)}\n`);
    const run = await runScript(script, {
      payload,
      env: { MARKDOWN_FILE: file },
      handlers: { 'issues.listComments': () => [] },
    });
    const body = String(callOf(run, 'issues.createComment')['body']);
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body.startsWith(`${PLAN_MARKER}\n`)).toBe(true);
    expect(body).toContain('cut to fit a comment');
  });

  it('refuses markdown without its marker line (it could never find its comment again)', async () => {
    const file = writeTemp('plan.md', '## a plan\n');
    const run = await runScript(script, { payload, env: { MARKDOWN_FILE: file } });
    expect(run.failed).toHaveLength(1);
    expect(run.calls).toEqual([]);
  });
});

describe('drift.yml: the one drift issue', () => {
  const script = scriptOf('examples/workflows/drift.yml', 'drift');
  const open = [
    { number: 5, body: 'an issue someone else labelled' },
    { number: 6, pull_request: {}, body: '<!-- gti-sync:drift -->' },
    { number: 7, body: '<!-- gti-sync:drift -->\nLast checked: yesterday' },
  ];

  function env(values: Record<string, string>): Record<string, string> {
    return {
      HAS_CHANGES: 'false',
      PLAN_ERROR: '',
      HAS_FINDINGS: 'false',
      PLAN_MARKDOWN: writeTemp('plan.md', `${PLAN_MARKER}\n## Plan: 1 to add\n`),
      AUDIT_MARKDOWN: writeTemp('audit.md', '## Audit of group acme_soc: 1 finding\n'),
      ...values,
    };
  }

  it('opens one labelled issue with the plan and the audit on drift', async () => {
    const run = await runScript(script, {
      env: env({ HAS_CHANGES: 'true', HAS_FINDINGS: 'true' }),
      handlers: { 'issues.listForRepo': () => [open[0]] },
    });
    expect(methods(run)).toEqual(['issues.listForRepo', 'issues.create']);
    expect(callOf(run, 'issues.listForRepo')).toMatchObject({
      state: 'open',
      labels: 'gti-sync-drift',
    });
    const created = callOf(run, 'issues.create');
    expect(created['labels']).toEqual(['gti-sync-drift']);
    expect(created['title']).toBe('gti-sync: the live group drifted from the file');
    const body = String(created['body']);
    expect(body.split('\n', 1)[0]).toBe('<!-- gti-sync:drift -->');
    expect(body).toContain('## Plan: 1 to add');
    expect(body).toContain('## Audit of group acme_soc: 1 finding');
  });

  it('updates the open drift issue instead of opening another', async () => {
    const run = await runScript(script, {
      env: env({ HAS_FINDINGS: 'true' }),
      handlers: { 'issues.listForRepo': () => open },
    });
    expect(methods(run)).toEqual(['issues.listForRepo', 'issues.update']);
    expect(callOf(run, 'issues.update')).toMatchObject({
      issue_number: 7,
      title: 'gti-sync: audit findings',
    });
  });

  it('closes it with a comment once everything is clean, and does nothing when there is none', async () => {
    const clean = await runScript(script, {
      env: env({}),
      handlers: { 'issues.listForRepo': () => open },
    });
    expect(methods(clean)).toEqual(['issues.listForRepo', 'issues.createComment', 'issues.update']);
    expect(callOf(clean, 'issues.update')).toMatchObject({ issue_number: 7, state: 'closed' });

    const nothing = await runScript(script, {
      env: env({}),
      handlers: { 'issues.listForRepo': () => [] },
    });
    expect(methods(nothing)).toEqual(['issues.listForRepo']);
  });

  it('an unsafe plan (printed, then refused) is drift, and the issue says apply would refuse it', async () => {
    const run = await runScript(script, {
      env: env({ HAS_CHANGES: 'false', PLAN_ERROR: 'UNSAFE_PLAN' }),
      handlers: { 'issues.listForRepo': () => [] },
    });
    const created = callOf(run, 'issues.create');
    expect(created['title']).toBe('gti-sync: the live group drifted from the file');
    expect(String(created['body'])).toContain('`UNSAFE_PLAN`');
  });

  it("keeps the issue body under GitHub's 65,536 characters when both reports are huge", async () => {
    const run = await runScript(script, {
      env: env({
        HAS_CHANGES: 'true',
        HAS_FINDINGS: 'true',
        PLAN_MARKDOWN: writeTemp('big-plan.md', 'p'.repeat(65_000)),
        AUDIT_MARKDOWN: writeTemp('big-audit.md', 'a'.repeat(65_000)),
      }),
      handlers: { 'issues.listForRepo': () => [] },
    });
    expect(String(callOf(run, 'issues.create')['body']).length).toBeLessThanOrEqual(65_536);
  });
});

describe('drift.yml: when the issue step runs', () => {
  it('also after a plan refused as unsafe, never after any other plan error', () => {
    const steps = readWorkflow('examples/workflows/drift.yml').jobs['drift']?.steps ?? [];
    const condition = steps.find((s) => s.uses === 'actions/github-script@v7')?.if ?? '';
    expect(condition).toContain("steps.plan.outputs.error_code == 'UNSAFE_PLAN'");
    expect(condition).not.toMatch(/exit_code == '1'/);
  });
});
