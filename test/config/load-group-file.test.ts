import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGroupFile, readGroupFile } from '../../src/config/load-group-file.js';
import { ConfigError } from '../../src/model/errors.js';
import { expectCode } from '../support/expect-code.js';
import { makeTempDir } from '../support/paths.js';

const NOW = new Date('2026-11-26T12:00:00Z');
const dir = makeTempDir('gti-sync-load-');

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('loadGroupFile', () => {
  it('returns the normalised config of a valid file, resolving against cwd', async () => {
    const { config, warnings } = await loadGroupFile('valid.yaml', {
      cwd: 'test/fixtures/config',
      now: NOW,
    });
    expect(warnings).toEqual([]);
    expect(config.group).toBe('tiny_team');
    expect(config.file).toBe('valid.yaml');
    expect(config.members.map((m) => m.key)).toEqual(['lead@tiny.example', 'dev@tiny.example']);
  });

  it('accepts a file with warnings, and returns them as data', async () => {
    const { config, warnings } = await loadGroupFile('test/fixtures/config/expiring.yaml', {
      now: NOW,
    });
    expect(config.members[1]?.expires).toBe('2026-11-30');
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => w.severity === 'warning')).toBe(true);
    expect(warnings.map((w) => w.code)).toContain('EXPIRING');
  });

  it('throws ConfigError carrying every error problem', async () => {
    const error = await caught(loadGroupFile('test/fixtures/config/invalid.yaml', { now: NOW }));
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems.map((p) => [p.line, p.code])).toEqual([
      [7, 'SCHEMA_ENUM'],
      [8, 'DUPLICATE_EMAIL'],
    ]);
    expect((error as ConfigError).location).toBe('test/fixtures/config/invalid.yaml:7:20');
  });

  it('FILE_NOT_FOUND for a missing file', async () => {
    const error = await expectCode(loadGroupFile('nope.yaml', { cwd: dir }), 'FILE_NOT_FOUND');
    expect(error.location).toBe('nope.yaml');
    // The boundary prints `gti-sync: CODE: LOCATION: message`: the path must not come twice.
    expect(error.message).not.toContain('nope.yaml');
  });

  it('FILE_UNREADABLE for a directory', async () => {
    const error = await expectCode(loadGroupFile(dir), 'FILE_UNREADABLE');
    expect(error.location).toBe(dir);
    expect(error.message).not.toContain(dir);
  });

  it('FILE_UNREADABLE for bytes that are not UTF-8', async () => {
    const path = join(dir, 'latin1.yaml');
    writeFileSync(path, Buffer.from([0x67, 0x72, 0x6f, 0x75, 0x70, 0x3a, 0x20, 0xe9, 0x0a]));
    await expectCode(readGroupFile(path), 'FILE_UNREADABLE');
  });

  it('refuses a 2 MiB file with YAML_TOO_LARGE without parsing it', async () => {
    const path = join(dir, 'big.yaml');
    writeFileSync(path, `version: 1\ngroup: g\nmembers: []\n# ${'x'.repeat(2 * 1024 * 1024)}\n`);
    const error = await caught(loadGroupFile(path));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toMatchObject([
      { code: 'YAML_TOO_LARGE', line: 1, col: 1 },
    ]);
  });

  it('strips a UTF-8 byte order mark', async () => {
    const path = join(dir, 'bom.yaml');
    writeFileSync(
      path,
      '\ufeffversion: 1\ngroup: g\nmembers:\n  - email: a@x.example\n    roles: [admin]\n',
    );
    expect((await loadGroupFile(path, { now: NOW })).config.group).toBe('g');
  });
});
