/**
 * action/run.mjs's helpers (inputs, arguments, outputs, error lines, the apply summary) and the
 * script run as a process the way action.yml runs it. runAction itself is in action-run.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  buildCliArgs,
  findCliError,
  formatOutput,
  readInputs,
  renderApplyMarkdown,
  splitArgs,
} from '../../action/run.mjs';
import { makeTempDir } from '../support/paths.js';
import { parseGithubOutput, readStepOutputs, ROOT, runnerStepEnv } from './gitops-files.js';

const KEY = 'key-ci-0123456789abcdef';

let temp: string;
beforeEach(() => {
  temp = makeTempDir('gti-action-');
});

/** The runner's environment for one step: action.yml's env for `inputs`, plus the runner's files. */
const stepEnv = (inputs: Record<string, string>) => runnerStepEnv(temp, inputs);
const outputs = () => readStepOutputs(temp);

describe('helpers', () => {
  it('splitArgs splits like a shell, quotes included, with no expansion', () => {
    expect(splitArgs(`  --a  "b c" 'd "e"' f"g h"i $HOME \`x\`  `)).toEqual([
      '--a',
      'b c',
      'd "e"',
      'fg hi',
      '$HOME',
      '`x`',
    ]);
    expect(splitArgs('--empty ""')).toEqual(['--empty', '']);
    expect(splitArgs('')).toEqual([]);
  });

  it('splitArgs refuses an unclosed quote', () => {
    expect(() => splitArgs('--a "b')).toThrow(/unclosed " quote/);
  });

  it('formatOutput uses name=value for one line and a heredoc the value cannot end early otherwise', () => {
    expect(formatOutput('a', 'one line')).toBe('a=one line\n');
    const delimiters = ['EOF', 'EOF2'];
    const text = formatOutput('b', 'x\nEOF\ny', () => delimiters.shift() as string);
    expect(text).toBe('b<<EOF2\nx\nEOF\ny\nEOF2\n');
    expect(parseGithubOutput(text)).toEqual({ b: 'x\nEOF\ny' });
  });

  it('readInputs applies the defaults', () => {
    const inputs = readInputs({ INPUT_COMMAND: 'plan', GTI_APIKEY: KEY, RUNNER_TEMP: '/rt' });
    expect(inputs).toMatchObject({
      file: 'group.yaml',
      format: 'markdown',
      planFile: join('/rt', 'gti-sync-plan.json'),
    });
    expect(buildCliArgs(inputs)).not.toContain(KEY);
  });

  it('findCliError finds the one-line error among other stderr lines', () => {
    expect(findCliError('gti-sync: read group x\ngti-sync: UNSAFE_PLAN: refusing\n')).toEqual({
      code: 'UNSAFE_PLAN',
      line: 'gti-sync: UNSAFE_PLAN: refusing',
    });
    expect(findCliError('gti-sync: read group acme_soc: 13 members\n')).toBeUndefined();
  });

  it('findCliError falls back to the --format json failure document on stdout', () => {
    const stdout = JSON.stringify({
      version: 1,
      error: { code: 'UNKNOWN_KEY', message: 'unknown key', location: 'group.yaml:3:1' },
    });
    expect(findCliError('group.yaml:3:1 UNKNOWN_KEY unknown key\n', stdout)).toEqual({
      code: 'UNKNOWN_KEY',
      line: 'gti-sync: UNKNOWN_KEY: group.yaml:3:1: unknown key',
    });
    expect(findCliError('', '{"version":1,"plan":{}}')).toBeUndefined();
    expect(findCliError('', 'not json')).toBeUndefined();
  });

  it('renderApplyMarkdown shows a report that is not JSON verbatim', () => {
    expect(renderApplyMarkdown('3 done\n')).toContain('```\n3 done\n```');
  });

  it('renderApplyMarkdown keeps API text inert: code spans, no backticks, one line', () => {
    const report = {
      group: 'acme_soc',
      fingerprint: 'sha256:x',
      done: [],
      skipped: [],
      invited: [],
      failed: [
        {
          kind: 'add_member',
          email: 'a@b.example',
          error: {
            code: 'API_X',
            message: 'see [here](http://evil.example) @org/team `x`\n# heading',
          },
        },
      ],
    };
    const markdown = renderApplyMarkdown(JSON.stringify(report));
    const line = markdown.split('\n').find((l) => l.startsWith('- '));
    expect(line).toBe(
      "- `add_member` `a@b.example`: **API_X** `see [here](http://evil.example) @org/team 'x' # heading`",
    );
  });
});

describe('action/run.mjs as a script', () => {
  it('runs the CLI under $GITHUB_ACTION_PATH as a child process and exits with the step code', () => {
    // A stand-in CLI that says what it got: its argv, and whether the key reached it by env.
    const actionPath = join(temp, 'action');
    mkdirSync(join(actionPath, 'bin'), { recursive: true });
    writeFileSync(
      join(actionPath, 'bin', 'gti-sync.js'),
      `process.stdout.write(JSON.stringify({argv: process.argv.slice(2), key: process.env.GTI_APIKEY === ${JSON.stringify(KEY)}}));
       process.exitCode = 2;`,
    );
    const env = {
      ...stepEnv({ command: 'audit', 'api-key': KEY, format: 'json' }),
      GITHUB_ACTION_PATH: actionPath,
    };
    const result = spawnSync(process.execPath, [join(ROOT, 'action', 'run.mjs')], {
      env,
      cwd: temp,
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(outputs()).toMatchObject({ exit_code: '2', has_findings: 'true' });
    expect(JSON.parse(outputs()['report'] as string)).toEqual({
      argv: ['audit', 'group.yaml', '--format', 'json', '--detailed-exitcode'],
      key: true,
    });
  });

  it('exits 1 with an annotation on a bad input', () => {
    const result = spawnSync(process.execPath, [join(ROOT, 'action', 'run.mjs')], {
      env: stepEnv({ command: 'nope' }),
      cwd: temp,
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('::error title=gti-sync::');
  });
});
