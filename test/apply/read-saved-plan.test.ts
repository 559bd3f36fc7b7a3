import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { locateJsonError } from '../../src/apply/locate-json-error.js';
import { readSavedPlan } from '../../src/apply/read-saved-plan.js';
import { makeTempDir } from '../support/paths.js';
import { ops } from './harness.js';

describe('locateJsonError', () => {
  it('accepts valid JSON', () => {
    for (const text of [
      '{}',
      '[]',
      ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ',
      '"s"',
      '0',
    ]) {
      expect(locateJsonError(text)).toBeUndefined();
      expect(() => JSON.parse(text)).not.toThrow();
    }
  });

  it('points at the first error', () => {
    expect(locateJsonError('{\n  "version": 1,\n  "group": }\n')).toEqual({ line: 3, col: 12 });
    expect(locateJsonError('{"a": 1,}')).toEqual({ line: 1, col: 9 });
    expect(locateJsonError('{"a": 1} x')).toEqual({ line: 1, col: 10 });
    expect(locateJsonError('')).toEqual({ line: 1, col: 1 });
    expect(locateJsonError('{"a": tru}')).toEqual({ line: 1, col: 10 });
    expect(locateJsonError('["\\x"]')).toEqual({ line: 1, col: 4 });
    expect(locateJsonError('[01]')).toEqual({ line: 1, col: 3 });
  });
});

describe('readSavedPlan', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('gti-sync-saved-plan-');
  });

  it('reads the group, fingerprint and operations of a saved plan', async () => {
    const path = join(dir, 'ok.json');
    const operation = { ...ops.cap('m1', 5), source: { file: 'group.yaml', line: 4 } };
    await writeFile(
      path,
      JSON.stringify({
        version: 1,
        group: 'g',
        fingerprint: 'sha256:ab',
        operations: [operation, ops.remove('m2')],
      }),
    );
    await expect(readSavedPlan(path, 'ok.json')).resolves.toEqual({
      group: 'g',
      fingerprint: 'sha256:ab',
      operations: [operation, ops.remove('m2')],
    });
  });

  it.each([
    ['missing.json', undefined, 'missing.json'],
    ['broken.json', '{"version": 1,\n "group": "g",,}', 'broken.json:2:15'],
    [
      'shape.json',
      '{"version": 2, "group": "g", "fingerprint": "sha256:x", "operations": []}',
      'shape.json',
    ],
    [
      'fingerprint.json',
      '{"version": 1, "group": "g", "fingerprint": "md5:x", "operations": []}',
      'fingerprint.json',
    ],
    ['array.json', '[]', 'array.json'],
    [
      'empty-op.json',
      '{"version": 1, "group": "g", "fingerprint": "sha256:x", "operations": [{}]}',
      'empty-op.json',
    ],
    [
      'bad-role.json',
      JSON.stringify({
        version: 1,
        group: 'g',
        fingerprint: 'sha256:x',
        operations: [{ ...ops.revoke('m1', 'admin'), role: 'root' }],
      }),
      'bad-role.json',
    ],
  ])('refuses %s with BAD_PLAN_FILE at its location', async (name, content, location) => {
    const path = join(dir, name);
    if (content !== undefined) await writeFile(path, content);
    await expect(readSavedPlan(path, name)).rejects.toMatchObject({
      code: 'BAD_PLAN_FILE',
      location,
    });
  });
});
