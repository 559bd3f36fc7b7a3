import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { startCliWorld } from './apply-world.js';
import { makeTempDir } from '../support/paths.js';
import { ROOT } from '../support/paths.js';

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const schema = JSON.parse(
  readFileSync(join(ROOT, 'schema', 'journal-line.schema.json'), 'utf8'),
) as object;
const validate = addFormats(new Ajv({ strict: true, allErrors: true })).compile(schema);

const KEYS = [
  'time',
  'group',
  'kind',
  'email',
  'user_id',
  'service_account',
  'role',
  'quota',
  'from',
  'to',
  'result',
  'code',
  'message',
  'fingerprint',
  'caller',
  'ci',
];

async function lines(file: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(file, 'utf8');
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('apply --journal FILE', () => {
  it('appends one schema-valid line per operation, and nothing for a no-op apply', async () => {
    const world = await startCliWorld();
    const journal = join(makeTempDir('gti-sync-journal-'), 'journal.jsonl');
    const first = await world.run([
      'apply',
      'group.yaml',
      '--auto-approve',
      '--format',
      'json',
      '--journal',
      journal,
    ]);
    const report = JSON.parse(first.stdout) as Record<
      'done' | 'failed' | 'skipped' | 'invited',
      unknown[]
    >;
    const written = await lines(journal);
    expect(report.done.length).toBeGreaterThan(0);
    const count = (result: string) => written.filter((l) => l['result'] === result).length;
    expect(count('done')).toBe(report.done.length);
    expect(count('failed')).toBe(report.failed.length);
    expect(count('skipped')).toBe(report.skipped.length);
    expect(count('invited')).toBe(report.invited.length);
    expect(written).toHaveLength(
      report.done.length + report.failed.length + report.skipped.length + report.invited.length,
    );
    for (const line of written) {
      expect(validate(line), JSON.stringify(validate.errors)).toBe(true);
      expect(Object.keys(line)).toEqual(KEYS);
      if (line['result'] === 'done') expect(line['code']).toBeNull();
      if (line['result'] === 'failed' || line['result'] === 'skipped')
        expect(line['code']).toEqual(expect.any(String));
      expect(line['ci']).toBeNull();
      expect(line['group']).toBe('acme');
      expect(line['fingerprint']).toMatch(/^sha256:/);
    }
    expect(new Set(written.map((l) => l['caller'])).size).toBe(1);
    const again = await world.run(['apply', 'group.yaml', '--auto-approve', '--journal', journal]);
    expect(again.code).toBe(0);
    expect(await lines(journal)).toHaveLength(written.length);
  });

  it('records the GitHub Actions run in CI', async () => {
    const world = await startCliWorld();
    const journal = join(makeTempDir('gti-sync-journal-'), 'j.jsonl');
    const result = await world.run(
      ['apply', 'group.yaml', '--auto-approve', '--journal', journal],
      {
        env: {
          GITHUB_ACTIONS: 'true',
          GITHUB_REPOSITORY: 'acme/groups',
          GITHUB_SHA: 'abc123',
          GITHUB_REF: 'refs/pull/42/merge',
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_RUN_ID: '777',
        },
      },
    );
    expect(result.code).toBe(0);
    const [line] = await lines(journal);
    expect(line?.['ci']).toEqual({
      repository: 'acme/groups',
      commit: 'abc123',
      pull_request: 42,
      run_url: 'https://github.com/acme/groups/actions/runs/777',
    });
  });

  it('fails with FILE_UNWRITABLE when the journal cannot be appended to', async () => {
    const world = await startCliWorld();
    const journal = join(makeTempDir('gti-sync-journal-'), 'missing-dir', 'j.jsonl');
    const result = await world.run(['apply', 'group.yaml', '--auto-approve', '--journal', journal]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^gti-sync: FILE_UNWRITABLE:/m);
    // Refused before any request: nothing was written to the group.
    expect(await world.writes()).toEqual({});
  });
});
