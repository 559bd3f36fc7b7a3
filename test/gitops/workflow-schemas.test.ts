/**
 * Every workflow the project ships or runs, and action.yml, against SchemaStore's JSON Schemas
 * for GitHub workflow and action files (copied to test/fixtures/schemas: offline, reproducible).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  EXAMPLE_WORKFLOWS,
  GROUP_WORKFLOWS,
  listWorkflowFiles,
  readYaml,
  ROOT,
} from './gitops-files.js';

function compileSchema(name: string): ValidateFunction {
  const schema: unknown = JSON.parse(
    readFileSync(join(ROOT, 'test/fixtures/schemas', name), 'utf8'),
  );
  // SchemaStore's schemas use keywords and formats ajv's strict mode rejects.
  const ajv = new Ajv({ strict: false, allErrors: true });
  return ajv.compile(schema as object);
}

const validateWorkflow = compileSchema('github-workflow.json');
const validateAction = compileSchema('github-action.json');

describe('GitHub workflow schema', () => {
  const files = listWorkflowFiles();

  it('finds the example workflows, single- and multi-group, and the CI workflow', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        ...EXAMPLE_WORKFLOWS,
        ...GROUP_WORKFLOWS,
        '.github/workflows/ci.yml',
      ]),
    );
  });

  it.each(files)('%s is a valid workflow', (file) => {
    const valid = validateWorkflow(readYaml(file));
    expect(validateWorkflow.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects a workflow with a misspelt key (the check can fail)', () => {
    const workflow = {
      on: 'push',
      jobs: { build: { 'runs-on': 'ubuntu-24.04', stepz: [{ run: 'true' }] } },
    };
    expect(validateWorkflow(workflow)).toBe(false);
  });
});

describe('GitHub action schema', () => {
  it('action.yml is a valid action', () => {
    const valid = validateAction(readYaml('action.yml'));
    expect(validateAction.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('rejects a composite action step without a shell (the check can fail)', () => {
    const action = {
      name: 'x',
      description: 'x',
      runs: { using: 'composite', steps: [{ run: 'echo hi' }] },
    };
    expect(validateAction(action)).toBe(false);
  });
});
