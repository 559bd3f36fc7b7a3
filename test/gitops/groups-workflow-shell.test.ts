/**
 * The `run:` steps of the multi-group workflows, run with bash as a runner runs them, in a real git
 * repository: the changed paths groups/plan.yml and groups/apply.yml hand to `--changed-files`,
 * and the matrix drift-matrix.yml lists.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { splitArgs } from '../../action/run.mjs';
import { makeTempDir } from '../support/paths.js';
import { parseGithubOutput, readWorkflow } from './gitops-files.js';

/** The `run:` of the step named `name` in `job` of `file`. */
function runOf(file: string, job: string, name: string): string {
  const step = readWorkflow(file).jobs[job]?.steps?.find((s) => s.name === name);
  if (step?.run === undefined) throw new Error(`no run step "${name}" in ${file} ${job}`);
  return step.run;
}

let repo: string;
let runnerTemp: string;
const gitEnv = {
  PATH: process.env['PATH'] ?? '',
  HOME: '/nonexistent',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
};

function git(...args: string[]): string {
  const r = spawnSync('git', args, { cwd: repo, env: gitEnv, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

function write(path: string, text: string): void {
  mkdirSync(join(repo, path, '..'), { recursive: true });
  writeFileSync(join(repo, path), text);
}

/** Runs `script` like a runner's `shell: bash` step, in the repository, with `env`. */
function bash(script: string, env: Record<string, string> = {}) {
  const output = join(runnerTemp, 'output');
  writeFileSync(output, '');
  const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    cwd: repo,
    env: { ...gitEnv, RUNNER_TEMP: runnerTemp, GITHUB_OUTPUT: output, ...env },
    encoding: 'utf8',
  });
  return { ...r, outputs: parseGithubOutput(readFileSync(output, 'utf8')) };
}

const changedFiles = () => readFileSync(join(runnerTemp, 'changed-files.txt'), 'utf8');

/**
 * main: the groups and a README; the pull request's branch changes amer.yaml and adds zürich.yaml
 * while main moves on (emea.yaml). HEAD ends at the merge of the branch into main, as GitHub's
 * test merge commit; returns the commit main was at before.
 */
function mergeAPullRequest(): string {
  git('init', '--quiet', '--initial-branch=main');
  write('groups/amer.yaml', 'version: 1\ngroup: acme_amer\n');
  write('groups/emea.yaml', 'version: 1\ngroup: acme_emea\n');
  write('README.md', 'x\n');
  git('add', '.');
  git('commit', '--quiet', '-m', 'base');
  git('switch', '--quiet', '-c', 'pr');
  write('groups/amer.yaml', 'version: 1\ngroup: acme_amer\nmembers: []\n');
  write('groups/zürich.yaml', 'version: 1\ngroup: acme_zurich\n');
  git('add', '.');
  git('commit', '--quiet', '-m', 'pr');
  git('switch', '--quiet', 'main');
  write('groups/emea.yaml', 'version: 1\ngroup: acme_emea\nmembers: []\n');
  git('commit', '--quiet', '-am', 'main moves on');
  const before = git('rev-parse', 'HEAD');
  git('merge', '--quiet', '--no-ff', '-m', 'merge', 'pr');
  return before;
}

beforeEach(() => {
  repo = makeTempDir('gti-groups-repo-');
  runnerTemp = makeTempDir('gti-groups-runner-');
});

describe('groups/plan.yml: the files a pull request changes', () => {
  const script = runOf(
    'examples/workflows/groups/plan.yml',
    'plan',
    'List the files the pull request changes',
  );

  it('are what merging it changes against the base branch, one path a line, unquoted', () => {
    mergeAPullRequest();
    const r = bash(script);
    expect(r.status, r.stderr).toBe(0);
    expect(changedFiles()).toBe('groups/amer.yaml\ngroups/zürich.yaml\n');
  });

  it('refuses a checkout that is not the test merge commit', () => {
    mergeAPullRequest();
    git('checkout', '--quiet', 'pr');
    const r = bash(script);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('::error::');
  });
});

describe('groups/apply.yml: the files a push changes', () => {
  const apply = readWorkflow('examples/workflows/groups/apply.yml');
  const script = runOf(
    'examples/workflows/groups/apply.yml',
    'apply',
    'List the files the push changed',
  );
  const applyStep = apply.jobs['apply']?.steps?.find((s) => s.id === 'apply');

  it('are the diff from the commit before the push, handed to apply as --changed-files', () => {
    const before = mergeAPullRequest();
    const r = bash(script, { BEFORE: before, GITHUB_SHA: git('rev-parse', 'HEAD') });
    expect(r.status, r.stderr).toBe(0);
    expect(changedFiles()).toBe('groups/amer.yaml\ngroups/zürich.yaml\n');
    // The action's `args`, as the runner fills it in, split as the action splits it.
    const args = String(applyStep?.with?.['args'])
      .replace('${{ runner.temp }}', runnerTemp)
      .replace('${{ steps.changed.outputs.args }}', r.outputs['args'] ?? '');
    expect(splitArgs(args)).toEqual([
      '--journal',
      join(runnerTemp, 'gti-sync-journal.jsonl'),
      '--changed-files',
      join(runnerTemp, 'changed-files.txt'),
    ]);
  });

  it('fails when the commit before the push is unknown, rather than apply every group', () => {
    mergeAPullRequest();
    const r = bash(script, { BEFORE: '0'.repeat(40), GITHUB_SHA: git('rev-parse', 'HEAD') });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('::error::');
    expect(r.outputs).toEqual({});
  });
});

describe('groups/drift-matrix.yml: the matrix', () => {
  const script = runOf(
    'examples/workflows/groups/drift-matrix.yml',
    'list',
    'List the files of groups/ that name a group',
  );

  it('has one entry per file of groups/ with a top-level group: key, baselines and others left out', () => {
    write('groups/amer.yaml', 'version: 1\ngroup: acme_amer\nextends: baseline.yaml\n');
    write('groups/emea.yml', '# EMEA\ngroup: acme_emea # the id\nversion: 1\n');
    write('groups/baseline.yaml', 'version: 1\npolicy:\n  min_admins: 1\n');
    write('groups/notes.txt', 'group: not a group file\n');
    write('groups/sub/deep.yaml', 'group: not in the directory itself\n');
    const r = bash(script);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.outputs['groups'] ?? '')).toEqual([
      { file: 'groups/amer.yaml', name: 'amer' },
      { file: 'groups/emea.yml', name: 'emea' },
    ]);
  });

  it('is empty when there is no group file (the matrix job is then skipped)', () => {
    mkdirSync(join(repo, 'groups'));
    const r = bash(script);
    expect(r.status, r.stderr).toBe(0);
    expect(r.outputs['groups']).toBe('[]');
    expect(readWorkflow('examples/workflows/groups/drift-matrix.yml').jobs['drift']?.if).toBe(
      "needs.list.outputs.groups != '[]'",
    );
  });
});
