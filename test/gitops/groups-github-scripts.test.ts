/**
 * The `actions/github-script` steps of the multi-group example workflows (examples/workflows/
 * groups/), run against the recording fake of the GitHub REST API: which issues groups/drift.yml
 * opens, updates, comments on and closes, one per group; the same for drift-matrix.yml per file;
 * how groups/plan.yml finds its one comment; which artifact groups/apply.yml binds to.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { MultiPlan } from '../../src/model/multi-group.js';
import { makeTempDir } from '../support/paths.js';
import { callOf, callsOf, methods, runScript, scriptOf } from './github-script-runner.js';
import {
  makeGroupError,
  makeGroupPlan,
  makeMultiPlan,
  renderGroupsMarkdown,
} from './group-plans.js';

let temp: string;
beforeEach(() => {
  temp = makeTempDir('gti-groups-script-');
});

function writeTemp(name: string, text: string): string {
  const file = join(temp, name);
  writeFileSync(file, text);
  return file;
}

/** The step's env for `multi`: the saved JSON plans and the markdown the same run printed. */
function planOutputs(multi: MultiPlan): Record<string, string> {
  return {
    PLANS_FILE: writeTemp('plans.json', JSON.stringify(multi)),
    PLAN_MARKDOWN: writeTemp('plans.md', renderGroupsMarkdown(multi)),
  };
}

const marker = (id: string) => `<!-- gti-sync:drift group=${id} -->`;
const firstLine = (params: Record<string, unknown>) => String(params['body']).split('\n', 1)[0];

describe('groups/drift.yml: one issue per group', () => {
  const script = scriptOf('examples/workflows/groups/drift.yml', 'drift');
  // acme_amer drifted, acme_emea is clean, acme_apac failed (its key was refused).
  const mixed = makeMultiPlan(
    [makeGroupPlan('acme_amer', ['new@amer.example']), makeGroupPlan('acme_emea')],
    [makeGroupError('groups/apac.yaml', 'acme_apac', 'API_WrongCredentialsError')],
  );
  const emeaIssue = { number: 21, body: `${marker('acme_emea')}\nLast checked: yesterday` };

  it('opens an issue for the drifting group, closes the clean group’s, opens one for the failed group', async () => {
    const run = await runScript(script, {
      env: planOutputs(mixed),
      handlers: { 'issues.listForRepo': () => [emeaIssue] },
    });
    expect(run.failed).toEqual([]);
    expect(methods(run)).toEqual([
      'issues.listForRepo',
      'issues.create',
      'issues.createComment',
      'issues.update',
      'issues.create',
    ]);
    expect(callOf(run, 'issues.listForRepo')).toMatchObject({
      state: 'open',
      labels: 'gti-sync-drift',
    });
    const [drift, failed] = callsOf(run, 'issues.create') as [
      Record<string, unknown>,
      Record<string, unknown>,
    ];
    expect(drift).toMatchObject({
      title: 'gti-sync drift: group acme_amer',
      labels: ['gti-sync-drift'],
    });
    expect(firstLine(drift)).toBe(marker('acme_amer'));
    // The group's own section of the plan, and no other group's.
    expect(String(drift['body'])).toContain('<!-- gti-sync:plan group=acme_amer -->');
    expect(String(drift['body'])).toContain('new@amer.example');
    expect(String(drift['body'])).not.toContain('group=acme_emea');

    expect(callOf(run, 'issues.createComment')).toMatchObject({ issue_number: 21 });
    expect(callOf(run, 'issues.update')).toMatchObject({ issue_number: 21, state: 'closed' });

    expect(failed).toMatchObject({ labels: ['gti-sync-drift'] });
    expect(String(failed['title'])).toMatch(/^gti-sync drift: group acme_apac/);
    expect(firstLine(failed)).toBe(marker('acme_apac'));
    expect(String(failed['body'])).toContain('API_WrongCredentialsError');
  });

  it('updates the open issues instead: a drift issue in place, a failure as a comment that keeps the issue open', async () => {
    const open = [
      { number: 30, body: `quoting ${marker('acme_amer')} is not the marker line` },
      { number: 31, pull_request: {}, body: marker('acme_amer') },
      { number: 32, body: `${marker('acme_amer')}\nold plan` },
      { number: 33, body: `${marker('acme_apac')}\nold drift` },
    ];
    const run = await runScript(script, {
      env: planOutputs(mixed),
      handlers: { 'issues.listForRepo': () => open },
    });
    expect(methods(run)).toEqual(['issues.listForRepo', 'issues.update', 'issues.createComment']);
    const update = callOf(run, 'issues.update');
    expect(update).toMatchObject({ issue_number: 32, title: 'gti-sync drift: group acme_amer' });
    expect(update).not.toHaveProperty('state');
    const comment = callOf(run, 'issues.createComment');
    expect(comment).toMatchObject({ issue_number: 33 });
    expect(String(comment['body'])).toContain('API_WrongCredentialsError');
  });

  it('a plan refused as unsafe is drift, and its issue says apply refuses it', async () => {
    const multi = makeMultiPlan(
      [makeGroupPlan('acme_amer', ['a@amer.example'])],
      [makeGroupError('groups/acme_amer.yaml', 'acme_amer', 'UNSAFE_PLAN')],
    );
    const run = await runScript(script, {
      env: planOutputs(multi),
      handlers: { 'issues.listForRepo': () => [] },
    });
    expect(methods(run)).toEqual(['issues.listForRepo', 'issues.create']);
    const created = callOf(run, 'issues.create');
    expect(created['title']).toBe('gti-sync drift: group acme_amer');
    expect(String(created['body'])).toContain('`UNSAFE_PLAN`');
  });

  it('a file that failed before naming its group gets an issue keyed by the file', async () => {
    const multi = makeMultiPlan([], [makeGroupError('groups/broken.yaml', undefined, 'BAD_YAML')]);
    const run = await runScript(script, {
      env: planOutputs(multi),
      handlers: { 'issues.listForRepo': () => [] },
    });
    const created = callOf(run, 'issues.create');
    expect(firstLine(created)).toBe(marker('groups/broken.yaml'));
    expect(String(created['body'])).toContain('BAD_YAML');
  });

  it('touches nothing for clean groups without an issue', async () => {
    const multi = makeMultiPlan([makeGroupPlan('acme_amer'), makeGroupPlan('acme_emea')]);
    const run = await runScript(script, {
      env: planOutputs(multi),
      handlers: { 'issues.listForRepo': () => [] },
    });
    expect(methods(run)).toEqual(['issues.listForRepo']);
  });

  it('fails, touching no issue, when the run saved no plans at all', async () => {
    const run = await runScript(script, { env: { PLANS_FILE: '', PLAN_MARKDOWN: '' } });
    expect(run.failed).toHaveLength(1);
    expect(run.calls).toEqual([]);
  });

  it("keeps each issue body under GitHub's 65,536 characters", async () => {
    const multi = makeMultiPlan([makeGroupPlan('acme_amer', ['a@amer.example'])]);
    // gti-sync keeps its markdown under the limit; a section as long as that must be cut too.
    const big = `<!-- gti-sync:plan groups -->\n<!-- gti-sync:plan group=acme_amer -->\n${'p'.repeat(70_000)}\n`;
    const env = { ...planOutputs(multi), PLAN_MARKDOWN: writeTemp('big.md', big) };
    const run = await runScript(script, { env, handlers: { 'issues.listForRepo': () => [] } });
    const body = String(callOf(run, 'issues.create')['body']);
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('cut: see https://github.com/acme/groups/actions/runs/4242');
  });
});

describe('groups/drift-matrix.yml: one issue per group file', () => {
  const script = scriptOf('examples/workflows/groups/drift-matrix.yml', 'drift');
  const FILE = 'groups/amer.yaml';
  const MARKER = `<!-- gti-sync:drift file=${FILE} -->`;

  function env(values: Record<string, string>): Record<string, string> {
    return {
      GROUP_FILE: FILE,
      PLAN_EXIT: '0',
      PLAN_ERROR: '',
      AUDIT_EXIT: '0',
      AUDIT_ERROR: '',
      PLAN_MARKDOWN: writeTemp('plan.md', '<!-- gti-sync:plan group=acme_amer -->\n## Plan\n'),
      AUDIT_MARKDOWN: writeTemp('audit.md', '## Audit of group acme_amer\n'),
      ...values,
    };
  }

  it('opens the file’s issue on drift, with the plan and the audit', async () => {
    const run = await runScript(script, {
      env: env({ PLAN_EXIT: '2', AUDIT_EXIT: '2' }),
      handlers: { 'issues.listForRepo': () => [] },
    });
    expect(methods(run)).toEqual(['issues.listForRepo', 'issues.create']);
    const created = callOf(run, 'issues.create');
    expect(created).toMatchObject({ title: `gti-sync drift: ${FILE}`, labels: ['gti-sync-drift'] });
    expect(firstLine(created)).toBe(MARKER);
    expect(String(created['body'])).toContain('## Audit of group acme_amer');
  });

  it('a failed plan is reported with its code: a new issue, or a comment on the open one', async () => {
    const failed = env({ PLAN_EXIT: '1', PLAN_ERROR: 'NO_API_KEY' });
    const fresh = await runScript(script, {
      env: failed,
      handlers: { 'issues.listForRepo': () => [] },
    });
    expect(methods(fresh)).toEqual(['issues.listForRepo', 'issues.create']);
    expect(String(callOf(fresh, 'issues.create')['body'])).toContain('NO_API_KEY');

    const open = [{ number: 8, body: `${MARKER}\nold drift` }];
    const known = await runScript(script, {
      env: failed,
      handlers: { 'issues.listForRepo': () => open },
    });
    expect(methods(known)).toEqual(['issues.listForRepo', 'issues.createComment']);
    expect(callOf(known, 'issues.createComment')).toMatchObject({ issue_number: 8 });
    expect(String(callOf(known, 'issues.createComment')['body'])).toContain('NO_API_KEY');
  });

  it('an unsafe plan is drift, not a failure', async () => {
    const run = await runScript(script, {
      env: env({ PLAN_EXIT: '1', PLAN_ERROR: 'UNSAFE_PLAN' }),
      handlers: { 'issues.listForRepo': () => [] },
    });
    const created = callOf(run, 'issues.create');
    expect(created['title']).toBe(`gti-sync drift: ${FILE}`);
    expect(String(created['body'])).toContain('`UNSAFE_PLAN`');
  });

  it('closes the open issue once the file matches and the audit is clean', async () => {
    const open = [
      { number: 7, body: '<!-- gti-sync:drift file=groups/emea.yaml -->' },
      { number: 8, body: `${MARKER}\nold drift` },
    ];
    const run = await runScript(script, {
      env: env({}),
      handlers: { 'issues.listForRepo': () => open },
    });
    expect(methods(run)).toEqual(['issues.listForRepo', 'issues.createComment', 'issues.update']);
    expect(callOf(run, 'issues.update')).toMatchObject({ issue_number: 8, state: 'closed' });
  });
});

describe('groups/plan.yml: the one multi-group plan comment', () => {
  const script = scriptOf('examples/workflows/groups/plan.yml', 'plan');
  const payload = { pull_request: { number: 12 } };
  const markdown = renderGroupsMarkdown(
    makeMultiPlan([makeGroupPlan('acme_amer', ['new@amer.example'])]),
  );

  it("updates the bot's comment that starts with `<!-- gti-sync:plan groups -->`", async () => {
    const comments = [
      { id: 1, user: { type: 'Bot' }, body: '<!-- gti-sync:plan group=acme_soc -->\nsingle' },
      { id: 2, user: { type: 'User' }, body: '<!-- gti-sync:plan groups -->\nquoted' },
      { id: 3, user: { type: 'Bot' }, body: '<!-- gti-sync:plan groups -->\nold' },
    ];
    const run = await runScript(script, {
      payload,
      env: { MARKDOWN_FILE: writeTemp('plan.md', markdown) },
      handlers: { 'issues.listComments': () => comments },
    });
    expect(run.failed).toEqual([]);
    expect(methods(run)).toEqual(['issues.listComments', 'issues.updateComment']);
    expect(callOf(run, 'issues.updateComment')).toMatchObject({ comment_id: 3, body: markdown });
  });

  it('refuses a single-group plan (another comment’s marker)', async () => {
    const single = '<!-- gti-sync:plan group=acme_amer -->\n## plan\n';
    const run = await runScript(script, {
      payload,
      env: { MARKDOWN_FILE: writeTemp('plan.md', single) },
    });
    expect(run.failed).toHaveLength(1);
    expect(run.calls).toEqual([]);
  });
});

describe('groups/apply.yml: finding the reviewed plans', () => {
  const script = scriptOf('examples/workflows/groups/apply.yml', 'reviewed-plan', 'find');
  const HEAD = 'a'.repeat(40);
  const pulls = [
    { number: 9, merged_at: '2026-11-26T11:00:00Z', base: { ref: 'main' }, head: { sha: HEAD } },
  ];
  const artifact = (id: number, runId: number) => ({
    id,
    name: `gti-sync-plans-${HEAD}`,
    expired: false,
    created_at: `2026-11-25T1${id}:00:00Z`,
    workflow_run: { id: runId, head_sha: HEAD },
  });
  const runOf = (path: string) => ({
    event: 'pull_request',
    path,
    head_repository: { full_name: 'acme/groups' },
  });

  it('takes only a gti-sync-plans-<head SHA> artifact uploaded by the groups plan workflow', async () => {
    const run = await runScript(script, {
      payload: { repository: { default_branch: 'main' } },
      env: { PLAN_WORKFLOW: 'gti-sync-groups-plan.yml' },
      handlers: {
        'repos.listPullRequestsAssociatedWithCommit': () => pulls,
        'actions.listArtifactsForRepo': () => ({ artifacts: [artifact(1, 100), artifact(2, 101)] }),
        'actions.getWorkflowRun': (p) =>
          p['run_id'] === 101
            ? runOf('.github/workflows/gti-sync-plan.yml')
            : runOf('.github/workflows/gti-sync-groups-plan.yml'),
      },
    });
    expect(run.failed).toEqual([]);
    expect(callOf(run, 'actions.listArtifactsForRepo')).toMatchObject({
      name: `gti-sync-plans-${HEAD}`,
    });
    expect(run.outputs).toEqual({ pr: '9', run_id: '100', artifact: `gti-sync-plans-${HEAD}` });
  });
});
