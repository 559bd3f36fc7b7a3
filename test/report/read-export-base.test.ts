import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { readExportBase } from '../../src/report/read-export-base.js';

describe('readExportBase', () => {
  it("takes FILE's policy as written, its ignore globs, and each member's expiry by lower-cased email", () => {
    const text = [
      'version: 1',
      'group: lab',
      'policy: {members: additive, protected: [Root@lab.example]}',
      'ignore: ["*@contractor.example"]',
      'members:',
      '  - email: Eve@lab.example',
      '    expires: 2026-12-01',
      '  - email: amy@lab.example',
      '',
    ].join('\n');
    expect(readExportBase(text, 'group.yaml')).toEqual({
      policy: { members: 'additive', protected: ['Root@lab.example'] },
      ignore: ['*@contractor.example'],
      expires: { 'eve@lab.example': '2026-12-01' },
    });
  });

  it('leaves out parts of the wrong shape, as if FILE did not set them', () => {
    const text = 'version: 1\ngroup: lab\npolicy: strict\nignore: "*@x"\nmembers: {a: 1}\n';
    expect(readExportBase(text, 'group.yaml')).toEqual({
      policy: undefined,
      ignore: [],
      expires: {},
    });
  });

  it('refuses YAML that is not sound, with every problem and its location', () => {
    let error: unknown;
    try {
      readExportBase('version: 1\nversion: 2\n', 'group.yaml');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(error instanceof ConfigError ? error.problems.map((p) => [p.code, p.line]) : []).toEqual(
      [['YAML_DUPLICATE_KEY', 2]],
    );
  });
});
