import { execFile } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { NOW } from '../support/emulator.js';
import { makeTempDir } from '../support/paths.js';
import { bindCli } from '../support/run-cli.js';

const ENV = { GTI_SYNC_NOW: NOW };
const FIXTURES = 'test/fixtures/config';

/** The real CLI in-process (in the repository root unless `cwd` is given) with the frozen clock. */
const run = bindCli({ now: NOW });

const noStack = (text: string) => expect(text).not.toMatch(/\n\s+at |internal error/);

describe('gti-sync validate (in-process)', () => {
  const dir = makeTempDir('gti-sync-validate-');

  it('exits 0 on the example and says it is valid on stdout', async () => {
    const r = await run(['validate', 'examples/group.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('examples/group.yaml: valid\n');
    expect(r.stderr).toBe('');
  });

  it('defaults to group.yaml in the working directory', async () => {
    writeFileSync(
      join(dir, 'group.yaml'),
      'version: 1\ngroup: g\nmembers:\n  - email: a@x.example\n    roles: [admin]\n',
    );
    const r = await run(['validate'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('group.yaml: valid\n');
  });

  it('reports every problem of every file and exits 1', async () => {
    const r = await run(['validate', 'valid.yaml', 'invalid.yaml', 'missing.yaml'], {
      cwd: FIXTURES,
    });
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      'valid.yaml: valid',
      expect.stringMatching(/^invalid\.yaml:7:20 SCHEMA_ENUM /),
      expect.stringMatching(/^invalid\.yaml:8:12 DUPLICATE_EMAIL .*line 6/),
      'invalid.yaml: invalid (2 errors)',
      'missing.yaml:1:1 FILE_NOT_FOUND no such file',
      'missing.yaml: invalid (1 error)',
    ]);
    noStack(r.stdout + r.stderr);
  });

  it('exits 1 with the right location for a YAML-stage failure, without a stack', async () => {
    writeFileSync(
      join(dir, 'tabs.yaml'),
      'version: 1\ngroup: g\nmembers:\n\t- email: a@x.example\n',
    );
    const r = await run(['validate', 'tabs.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^tabs\.yaml:4:1 YAML_TAB_INDENT /);
    noStack(r.stdout + r.stderr);
  });

  it('reports a tab once and yaml library wording never (validate, end to end)', async () => {
    writeFileSync(
      join(dir, 'tab-in-list.yaml'),
      'version: 1\ngroup: g\nmembers:\n  - email: a@x.example\n\t  roles: [admin]\n  - email: b@x.example\n    roles: [admin]\n',
    );
    writeFileSync(join(dir, 'two-docs.yaml'), 'version: 1\ngroup: g\n---\nmembers: []\n');
    const r = await run(['validate', 'tab-in-list.yaml', 'two-docs.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      'tab-in-list.yaml:5:1 YAML_TAB_INDENT a tab in the indentation; YAML indents with spaces only\n' +
        'tab-in-list.yaml: invalid (1 error)\n' +
        'two-docs.yaml:3:1 YAML_MULTIPLE_DOCUMENTS a group file holds one document; remove the `---` at line 3\n' +
        'two-docs.yaml: invalid (1 error)\n',
    );
  });

  it('reports a file over 1 MiB as a problem of its own, and goes on', async () => {
    writeFileSync(join(dir, 'big.yaml'), `# ${'x'.repeat(1024 * 1024)}\n`);
    writeFileSync(
      join(dir, 'ok.yaml'),
      'version: 1\ngroup: g\npolicy: {min_admins: 0}\nmembers: []\n',
    );
    const r = await run(['validate', 'big.yaml', 'ok.yaml'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^big\.yaml:1:1 YAML_TOO_LARGE /),
      'big.yaml: invalid (1 error)',
      'ok.yaml: valid',
    ]);
    noStack(r.stdout + r.stderr);
  });

  it('--format json prints exactly one JSON document', async () => {
    const r = await run(['validate', '--format', 'json', 'valid.yaml', 'invalid.yaml'], {
      cwd: FIXTURES,
    });
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout);
    expect(report.valid).toBe(false);
    expect(report.files.map((f: { file: string; valid: boolean }) => [f.file, f.valid])).toEqual([
      ['valid.yaml', true],
      ['invalid.yaml', false],
    ]);
    expect(report.files[1].problems[0]).toMatchObject({
      file: 'invalid.yaml',
      line: 7,
      col: 20,
      code: 'SCHEMA_ENUM',
      severity: 'error',
    });
  });

  it('--format json on valid files exits 0', async () => {
    const r = await run(['validate', '--format=json', 'valid.yaml', 'expiring.yaml'], {
      cwd: FIXTURES,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      valid: true,
      files: [{ problems: [] }, { problems: [{ code: 'EXPIRING' }] }],
    });
  });

  it('--format github prints annotations', async () => {
    const r = await run(['validate', '--format', 'github', 'invalid.yaml', 'expiring.yaml'], {
      cwd: FIXTURES,
    });
    expect(r.code).toBe(1);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^::error file=invalid\.yaml,line=7,col=20,title=SCHEMA_ENUM::/);
    expect(lines).toContainEqual(
      expect.stringMatching(/^::warning file=expiring\.yaml,line=7,col=14,title=EXPIRING::/),
    );
  });

  it('a bad --format is a BAD_FORMAT usage error', async () => {
    const r = await run(['validate', '--format', 'xml', 'valid.yaml'], { cwd: FIXTURES });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'gti-sync: BAD_FORMAT: --format must be one of text, json, github, got "xml"\n',
    );
    expect(r.stdout).toBe('');
  });

  it('a bad GTI_SYNC_NOW is a usage error', async () => {
    const r = await run(['validate', 'valid.yaml'], {
      cwd: FIXTURES,
      env: { GTI_SYNC_NOW: 'soon' },
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gti-sync: BAD_NOW: /);
  });

  it('an unknown flag is a usage error', async () => {
    const r = await run(['validate', '--strict', 'valid.yaml'], { cwd: FIXTURES });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^gti-sync: BAD_USAGE: /);
  });
});

describe('gti-sync validate (spawned, built)', () => {
  it('node bin/gti-sync.js validate examples/group.yaml exits 0', async () => {
    expect(existsSync('dist/src/cli/main.js'), 'run `npm run build` first (npm test does)').toBe(
      true,
    );
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['bin/gti-sync.js', 'validate', 'examples/group.yaml'],
      {
        env: { ...process.env, ...ENV },
      },
    );
    expect(stdout).toContain('examples/group.yaml: valid');
  });

  it('exits 1 on a bad file, printing FILE:LINE: and no stack', async () => {
    const error = await promisify(execFile)(
      process.execPath,
      ['bin/gti-sync.js', 'validate', `${FIXTURES}/invalid.yaml`],
      {
        env: { ...process.env, ...ENV },
      },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(error).toMatchObject({ code: 1 });
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    expect(stdout).toContain(`${FIXTURES}/invalid.yaml:7:20 SCHEMA_ENUM`);
    noStack(stdout + stderr);
  });

  it('refuses files of brackets nested thousands deep, one after another, without a crash', async () => {
    // The parser ran out of stack on each (YAML_SYNTAX "Maximum call stack size exceeded"); in a
    // probe, two such parses in one process ended it with a fatal V8 error.
    const dir = makeTempDir('gti-sync-deep-');
    const deep = 'version: 1\ngroup: g\nignore: ' + '['.repeat(50_000) + ']'.repeat(50_000) + '\n';
    for (const name of ['a.yaml', 'b.yaml']) writeFileSync(join(dir, name), deep);
    const error = await promisify(execFile)(
      process.execPath,
      ['bin/gti-sync.js', 'validate', dir],
      {
        env: { ...process.env, ...ENV },
      },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(error).toMatchObject({ code: 1 });
    const { stdout, stderr } = error as { stdout: string; stderr: string };
    expect(stdout).toContain(`${join(dir, 'a.yaml')}:3:73 YAML_TOO_DEEP`);
    expect(stdout).toContain(`${join(dir, 'b.yaml')}:3:73 YAML_TOO_DEEP`);
    noStack(stdout + stderr);
  });
});
