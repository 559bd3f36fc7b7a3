/**
 * `gti-sync init` end to end: the real CLI in an empty temporary directory against the emulator
 * over HTTP (report seed): the files written, a clean plan on group.yaml, workflows that pass
 * SchemaStore's workflow schema, refusal without --force (before any request), --force.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths.js';
import { emptyDir, expectRefusal, useReportWorld } from './report-world.js';

const world = useReportWorld();

const WORKFLOWS = ['gti-sync-apply.yml', 'gti-sync-drift.yml', 'gti-sync-plan.yml'];

function workflowValidator(): (data: unknown) => boolean {
  const schema: unknown = JSON.parse(
    readFileSync(join(ROOT, 'test/fixtures/schemas/github-workflow.json'), 'utf8'),
  );
  // SchemaStore's schemas use keywords and formats ajv's strict mode rejects.
  const validate = new Ajv({ strict: false, allErrors: true }).compile(schema as object);
  return (data) => validate(data);
}

describe('gti-sync init', () => {
  it('writes group.yaml, its schema and the workflows; plan on group.yaml is clean', async () => {
    const cwd = emptyDir();
    const run = await world.measured(['init', '--group', 'lab_team'], { cwd });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Next steps:');
    expect(run.stdout).toContain('GTI_READ_APIKEY');
    expect(run.stdout).toContain('gti-production');
    // The reads of `export --group lab_team`, nothing more.
    const exported = await world.measured(['export', '--group', 'lab_team'], { cwd: emptyDir() });
    expect(run.requests).toBe(exported.requests);

    const group = readFileSync(join(cwd, 'group.yaml'), 'utf8');
    expect(group.split('\n')[0]).toBe('# yaml-language-server: $schema=./group.schema.json');
    expect(readFileSync(join(cwd, 'group.schema.json'), 'utf8')).toBe(
      readFileSync(join(ROOT, 'schema/group.schema.json'), 'utf8'),
    );
    expect(readdirSync(join(cwd, '.github/workflows')).sort()).toEqual(WORKFLOWS);

    const validate = await world.run(['validate', 'group.yaml'], { cwd });
    expect(validate.code).toBe(0);
    const plan = await world.run(
      ['plan', 'group.yaml', '--detailed-exitcode', '--format', 'json'],
      { cwd },
    );
    expect(plan.code).toBe(0);
    expect(JSON.parse(plan.stdout)).toMatchObject({ operations: [], safety: [] });

    const isWorkflow = workflowValidator();
    for (const name of WORKFLOWS) {
      const text = readFileSync(join(cwd, '.github/workflows', name), 'utf8');
      // No --action: the placeholder stays, with a comment saying to replace it.
      expect(text).toMatch(/^# TODO\(gti-sync init\): replace every `your-org\/gti-sync@v1`/);
      expect(text).toContain('uses: your-org/gti-sync@v1');
      expect(isWorkflow(parse(text))).toBe(true);
    }
  });

  it('refuses a second run before any request and writes nothing; --force overwrites', async () => {
    const cwd = emptyDir();
    expect((await world.run(['init', '--group', 'lab_team'], { cwd })).code).toBe(0);
    writeFileSync(join(cwd, 'group.yaml'), 'edited\n');

    const again = await world.measured(['init', '--group', 'lab_team'], { cwd });
    expectRefusal(again, 'FILES_EXIST');
    expect(again.stderr).toContain('group.yaml');
    expect(again.stderr).toContain('.github/workflows/gti-sync-plan.yml');
    expect(again.requests).toBe(0);
    expect(readFileSync(join(cwd, 'group.yaml'), 'utf8')).toBe('edited\n');

    const forced = await world.run(
      ['init', '--group', 'lab_team', '--force', '--action', 'acme/gti-sync@v2.1.0'],
      { cwd },
    );
    expect(forced.code).toBe(0);
    expect(forced.stdout).not.toContain('your-org/gti-sync@v1');
    expect(readFileSync(join(cwd, 'group.yaml'), 'utf8')).toContain('group: lab_team');
    for (const name of WORKFLOWS) {
      const text = readFileSync(join(cwd, '.github/workflows', name), 'utf8');
      expect(text).not.toContain('your-org/gti-sync@v1');
      expect(text).not.toContain('TODO(gti-sync init)');
      expect(text).toContain('uses: acme/gti-sync@v2.1.0');
    }
  });

  it('one existing workflow is enough to refuse: nothing else is written', async () => {
    const cwd = emptyDir();
    mkdirSync(join(cwd, '.github/workflows'), { recursive: true });
    writeFileSync(join(cwd, '.github/workflows/gti-sync-drift.yml'), 'mine\n');
    const run = await world.measured(['init', '--group', 'lab_team'], { cwd });
    expectRefusal(run, 'FILES_EXIST');
    expect(run.requests).toBe(0);
    expect(existsSync(join(cwd, 'group.yaml'))).toBe(false);
    expect(existsSync(join(cwd, 'group.schema.json'))).toBe(false);
    expect(readdirSync(join(cwd, '.github/workflows'))).toEqual(['gti-sync-drift.yml']);
  });

  it('refuses an --action that is not OWNER/REPO@REF (BAD_FLAG) and a missing group (NO_GROUP)', async () => {
    const bad = await world.measured(['init', '--group', 'lab_team', '--action', 'acme/x; rm'], {
      cwd: emptyDir(),
    });
    expectRefusal(bad, 'BAD_FLAG');
    expect(bad.requests).toBe(0);
    const cwd = emptyDir();
    const none = await world.run(['init'], { cwd });
    expectRefusal(none, 'NO_GROUP');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('gti-sync init --groups DIR', () => {
  const groupFile = (group: string, extra = '') =>
    `version: 1\ngroup: ${group}\n${extra}members:\n  - email: ada@${group}.example\n    roles: [admin]\n`;

  it('writes the multi-group workflows for DIR, one key mapping per group, offline', async () => {
    const cwd = emptyDir();
    mkdirSync(join(cwd, 'teams'));
    writeFileSync(join(cwd, 'teams', 'lab.yaml'), groupFile('lab'));
    writeFileSync(join(cwd, 'teams', 'south-east.yaml'), groupFile('south-east'));
    writeFileSync(
      join(cwd, 'teams', 'north.yaml'),
      groupFile('north', 'apikey_env: GTI_APIKEY_NORTHERN\n'),
    );
    writeFileSync(join(cwd, 'teams', 'baseline.yaml'), 'version: 1\npolicy:\n  min_admins: 1\n');
    const run = await world.measured(
      ['init', '--groups', 'teams', '--action', 'acme/gti-sync@v2'],
      { cwd },
    );
    expect(run.code).toBe(0);
    expect(run.requests).toBe(0);
    expect(run.stdout).toContain('GTI_READ_APIKEY_SOUTH_EAST, GTI_ADMIN_APIKEY_SOUTH_EAST');
    const names = [
      'gti-sync-groups-apply.yml',
      'gti-sync-groups-drift.yml',
      'gti-sync-groups-plan.yml',
    ];
    expect(readdirSync(join(cwd, '.github/workflows')).sort()).toEqual(names);
    const isWorkflow = workflowValidator();
    for (const name of names) {
      const text = readFileSync(join(cwd, '.github/workflows', name), 'utf8');
      expect(isWorkflow(parse(text))).toBe(true);
      expect(text).not.toContain('your-org/gti-sync@v1');
      expect(text).not.toMatch(/ACME_(AMER|EMEA)/);
      expect(text).toMatch(/^\s+file: teams\/$/m);
      expect(text).not.toMatch(/^\s+file: groups\/$/m);
      const kind = name.includes('apply') ? '(READ|ADMIN)' : 'READ';
      for (const variable of ['GTI_APIKEY_LAB', 'GTI_APIKEY_NORTHERN', 'GTI_APIKEY_SOUTH_EAST']) {
        const suffix = variable.slice('GTI_APIKEY_'.length);
        expect(text).toMatch(
          new RegExp(
            `^\\s+${variable}: \\$\\{\\{ secrets\\.GTI_${kind}_APIKEY_${suffix} \\}\\}$`,
            'm',
          ),
        );
      }
    }
    const plan = readFileSync(join(cwd, '.github/workflows/gti-sync-groups-plan.yml'), 'utf8');
    expect(plan).toMatch(/^\s+- teams\/\*\*$/m);
    const again = await world.run(['init', '--groups', 'teams'], { cwd });
    expectRefusal(again, 'FILES_EXIST');
  });

  it('names DIR as the repository does (./teams → teams/); refuses a file, a shared key variable and --group with it', async () => {
    const cwd = emptyDir();
    mkdirSync(join(cwd, 'teams'));
    writeFileSync(join(cwd, 'teams', 'lab.yaml'), groupFile('lab'));
    const dotted = await world.run(['init', '--groups', './teams/'], { cwd });
    expect(dotted.code).toBe(0);
    const plan = readFileSync(join(cwd, '.github/workflows/gti-sync-groups-plan.yml'), 'utf8');
    expect(plan).toMatch(/^\s+- teams\/\*\*$/m);
    expect(plan).toMatch(/^\s+file: teams\/$/m);
    expectRefusal(
      await world.run(['init', '--groups', 'teams/lab.yaml', '--force'], { cwd }),
      'BAD_FLAG',
    );
    expectRefusal(await world.run(['init', '--groups', '..', '--force'], { cwd }), 'BAD_FLAG');
    expectRefusal(
      await world.run(['init', '--groups', 'teams', '--group', 'lab', '--force'], { cwd }),
      'BAD_USAGE',
    );
    writeFileSync(join(cwd, 'teams', 'lab.yaml'), groupFile('lab', 'apikey_env: GTI_APIKEY_ONE\n'));
    writeFileSync(
      join(cwd, 'teams', 'north.yaml'),
      groupFile('north', 'apikey_env: GTI_APIKEY_ONE\n'),
    );
    expectRefusal(
      await world.run(['init', '--groups', 'teams', '--force'], { cwd }),
      'APIKEY_ENV_CLASH',
    );
  });

  it('refuses a directory whose files fail the checks across files, writing nothing', async () => {
    const cwd = emptyDir();
    mkdirSync(join(cwd, 'g'));
    writeFileSync(join(cwd, 'g', 'a.yaml'), groupFile('lab'));
    writeFileSync(join(cwd, 'g', 'b.yaml'), groupFile('lab'));
    const run = await world.run(['init', '--groups', 'g'], { cwd });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/DUPLICATE_GROUP/);
    expect(existsSync(join(cwd, '.github'))).toBe(false);
  });
});
