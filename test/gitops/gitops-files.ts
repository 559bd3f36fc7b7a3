/**
 * Test helpers for test/gitops: the shipped workflow files, action.yml, and a reader of the
 * `$GITHUB_OUTPUT` file format (`name=value` lines and `name<<DELIMITER` heredocs).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { spawnCli } from '../../action/run.mjs';
import type { SpawnFn } from '../../action/run.mjs';
import { ROOT } from '../support/paths.js';

export { ROOT };

/**
 * Every workflow file the project ships or runs: examples/workflows/*.yml, the multi-group ones in
 * examples/workflows/groups/, and .github/workflows/*.yml.
 */
export function listWorkflowFiles(): string[] {
  const dirs = ['examples/workflows', 'examples/workflows/groups', '.github/workflows'];
  return dirs.flatMap((dir) =>
    readdirSync(join(ROOT, dir))
      .filter((name) => name.endsWith('.yml') || name.endsWith('.yaml'))
      .sort()
      .map((name) => `${dir}/${name}`),
  );
}

/** The example workflows users copy. */
export const EXAMPLE_WORKFLOWS = [
  'examples/workflows/plan.yml',
  'examples/workflows/apply.yml',
  'examples/workflows/drift.yml',
];

/** The multi-group example workflows (a directory of group files, one key per group). */
export const GROUP_WORKFLOWS = [
  'examples/workflows/groups/plan.yml',
  'examples/workflows/groups/apply.yml',
  'examples/workflows/groups/drift.yml',
  'examples/workflows/groups/drift-matrix.yml',
];

/** Reads a YAML file of the repository as plain data. */
export function readYaml(path: string): unknown {
  return parse(readFileSync(join(ROOT, path), 'utf8'));
}

export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number | boolean>;
}

export interface Job {
  'runs-on'?: string;
  environment?: string | { name: string };
  permissions?: unknown;
  if?: string;
  needs?: string | string[];
  steps?: Step[];
}

export interface Workflow {
  on: unknown;
  permissions?: unknown;
  concurrency?: { group: string; 'cancel-in-progress'?: boolean | string };
  jobs: Record<string, Job>;
}

/** Reads a workflow file (the shape is checked by the schema test; here we only navigate it). */
export function readWorkflow(path: string): Workflow {
  return readYaml(path) as Workflow;
}

export interface ActionFile {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

/** Reads action.yml. */
export function readActionFile(): ActionFile {
  return readYaml('action.yml') as ActionFile;
}

/**
 * The environment action.yml gives the step that runs action/run.mjs, with `${{ inputs.X }}`
 * replaced by `inputs[X]` or the input's default: exactly what the script receives on a runner.
 */
function actionStepEnv(inputs: Record<string, string>): Record<string, string> {
  const action = readActionFile();
  const step = action.runs.steps.find((s) => s.run?.includes('action/run.mjs'));
  if (step?.env === undefined)
    throw new Error('action.yml has no step running action/run.mjs with env');
  const env: Record<string, string> = {};
  for (const [name, template] of Object.entries(step.env)) {
    const match = /^\$\{\{ inputs\.([a-z-]+) \}\}$/.exec(template);
    if (match === null) throw new Error(`action.yml env ${name} is not a plain input: ${template}`);
    const input = match[1] as string;
    const declared = action.inputs[input];
    if (declared === undefined)
      throw new Error(`action.yml env ${name} names an undeclared input ${input}`);
    env[name] = inputs[input] ?? declared.default ?? '';
  }
  return env;
}

/**
 * What a runner gives the action's step for `inputs`: action.yml's env, the runner's files in
 * `temp` (`output`, `summary`), the action's path and PATH; `extra` (e.g. the API URL) on top.
 */
export function runnerStepEnv(
  temp: string,
  inputs: Record<string, string>,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    ...actionStepEnv(inputs),
    RUNNER_TEMP: temp,
    GITHUB_OUTPUT: join(temp, 'output'),
    GITHUB_STEP_SUMMARY: join(temp, 'summary'),
    GITHUB_ACTION_PATH: ROOT,
    ...extra,
    PATH: process.env['PATH'] ?? '',
  };
}

/** The step's outputs: the `$GITHUB_OUTPUT` file in `temp`, parsed (empty when there is none). */
export function readStepOutputs(temp: string): Record<string, string> {
  const file = join(temp, 'output');
  return existsSync(file) ? parseGithubOutput(readFileSync(file, 'utf8')) : {};
}

/** Parses a `$GITHUB_OUTPUT` file the way the runner does. Later entries win. */
export function parseGithubOutput(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc !== null) {
      const [, name, delimiter] = heredoc as unknown as [string, string, string];
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== delimiter; i++) body.push(lines[i] as string);
      if (i >= lines.length) throw new Error(`unterminated heredoc for ${name}`);
      values[name] = body.join('\n');
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`bad GITHUB_OUTPUT line: ${line}`);
    values[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return values;
}

/** The action's spawn of the CLI with its output dropped (the tests read the step's files). */
export const quietSpawn: SpawnFn = (command, args, options) =>
  spawnCli(command, args, options, { write: () => undefined }, { write: () => undefined });
