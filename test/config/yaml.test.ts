import { describe, expect, it } from 'vitest';
import { MAX_YAML_ALIASES, parseYamlSafely, positionOf } from '../../src/config/yaml.js';

const codes = (text: string) => parseYamlSafely(text, 'f.yaml').problems.map((p) => p.code);
const first = (text: string) => parseYamlSafely(text, 'f.yaml').problems[0];

/** The "billion laughs" shape: 9 levels, each referring 9 times to the level below. */
function billionLaughs(): string {
  const lines = ['a0: &a0 "lol"'];
  for (let level = 1; level <= 9; level += 1) {
    const refs = Array.from({ length: 9 }, () => `*a${level - 1}`).join(', ');
    lines.push(`a${level}: &a${level} [${refs}]`);
  }
  return lines.join('\n') + '\n';
}

describe('parseYamlSafely', () => {
  it('returns the value of a good mapping and no problems', () => {
    const r = parseYamlSafely('a: 1\nb: [x, y]\nc: 2027-02-01\n', 'f.yaml');
    expect(r.problems).toEqual([]);
    expect(r.value).toEqual({ a: 1, b: ['x', 'y'], c: '2027-02-01' });
  });

  it('allows explicit core tags and a few aliases', () => {
    const r = parseYamlSafely('a: !!str 1\nb: &x [1]\nc: *x\n', 'f.yaml');
    expect(r.problems).toEqual([]);
    expect(r.value).toEqual({ a: '1', b: [1], c: [1] });
  });

  it.each([
    ['a: 1\na: 2\n', 'YAML_DUPLICATE_KEY', 2, 1],
    ['a:\n\tb: 1\n', 'YAML_TAB_INDENT', 2, 1],
    ['a: [1\n', 'YAML_SYNTAX', 2, 1],
    ['a: 1\n  b: 2\n', 'YAML_SYNTAX', 2, 3],
    ['a: "open\n', 'YAML_SYNTAX', 2, 1],
    ['---\na: 1\n---\nb: 2\n', 'YAML_MULTIPLE_DOCUMENTS', 3, 1],
    ['a: 1\nb: !foo x\n', 'YAML_CUSTOM_TAG', 2, 4],
    ['a: !!js/function "x"\n', 'YAML_CUSTOM_TAG', 1, 4],
    ['a: !!timestamp 2001-01-01\n', 'YAML_CUSTOM_TAG', 1, 4],
    ['a: !!binary aGVsbG8=\n', 'YAML_CUSTOM_TAG', 1, 4],
    ['!!python/object:os.system x: 1\n', 'YAML_CUSTOM_TAG', 1, 1],
    ['a: &anchor !foo\n  b: 1\n', 'YAML_CUSTOM_TAG', 1, 12],
    ['', 'FILE_EMPTY', 1, 1],
    ['# only a comment\n\n', 'FILE_EMPTY', 1, 1],
    ['- a\n- b\n', 'FILE_NOT_MAPPING', 1, 1],
    ['\n\njust a string\n', 'FILE_NOT_MAPPING', 3, 1],
  ])('rejects %j with %s at %i:%i', (text, code, line, col) => {
    const p = first(text);
    expect(p).toMatchObject({ code, line, col, file: 'f.yaml', severity: 'error' });
    expect(parseYamlSafely(text, 'f.yaml').value).toBeUndefined();
  });

  it('reports every YAML problem, not just the first', () => {
    expect(codes('a: 1\na: 2\nb: !foo x\nc: !bar y\n')).toEqual([
      'YAML_DUPLICATE_KEY',
      'YAML_CUSTOM_TAG',
      'YAML_CUSTOM_TAG',
    ]);
  });

  it('rejects the billion-laughs alias bomb without expanding it', () => {
    const r = parseYamlSafely(billionLaughs(), 'bomb.yaml');
    expect(r.problems.map((p) => p.code)).toEqual(['YAML_TOO_MANY_ALIASES']);
    expect(r.value).toBeUndefined();
  });

  it('accepts exactly the alias limit and refuses one more', () => {
    const file = (n: number) =>
      'x: &x 1\nl: [' + Array.from({ length: n }, () => '*x').join(', ') + ']\n';
    expect(codes(file(MAX_YAML_ALIASES))).toEqual([]);
    expect(codes(file(MAX_YAML_ALIASES + 1))).toEqual(['YAML_TOO_MANY_ALIASES']);
  });

  it('refuses a chain that doubles at every level even under the alias count', () => {
    const lines = ['a0: &a0 [x]'];
    for (let level = 1; level <= 25; level += 1)
      lines.push(`a${level}: &a${level} [*a${level - 1}, *a${level - 1}]`);
    const r = parseYamlSafely(lines.join('\n') + '\n', 'chain.yaml');
    expect(r.problems.map((p) => p.code)).toEqual(['YAML_TOO_MANY_ALIASES']);
  });

  it("words a second document as what to do, never as the library's advice", () => {
    const text = 'version: 1\ngroup: acme\n---\nmembers: []\n';
    const [group] = parseYamlSafely(text, 'g.yaml', { what: 'a group file' }).problems;
    expect(group).toMatchObject({ code: 'YAML_MULTIPLE_DOCUMENTS', line: 3, col: 1 });
    expect(group?.message).toBe('a group file holds one document; remove the `---` at line 3');
    const [seed] = parseYamlSafely(text, 'seed.yaml').problems;
    expect(seed?.message).toBe('this file holds one document; remove the `---` at line 3');
    expect(first('a: 1\n...\nb: 2\n')?.message).not.toMatch(/parseAllDocuments/);
  });

  it('names a duplicate key and the line of its first occurrence', () => {
    const text =
      'group: a\nmembers:\n  - email: a@x\n    roles: [admin]\n    email: b@x\ngroup: b\n';
    expect(parseYamlSafely(text, 'f.yaml').problems).toMatchObject([
      {
        code: 'YAML_DUPLICATE_KEY',
        line: 5,
        col: 5,
        message: 'key "email" is already set at line 3 of this mapping; a key may appear once',
      },
      {
        code: 'YAML_DUPLICATE_KEY',
        line: 6,
        col: 1,
        message: 'key "group" is already set at line 1 of this mapping; a key may appear once',
      },
    ]);
  });

  it.each([
    [
      'a tab before a key',
      'group: acme\nmembers:\n  - email: a@x.example\n\t  roles: [admin]\n  - email: b@x.example\n    roles: [admin]\n',
      4,
      1,
    ],
    [
      'a tab before a list item',
      'members:\n  - email: a@x.example\n    roles:\n\t- admin\n  - email: b@x.example\nservice_accounts: []\n',
      4,
      1,
    ],
    ['a tab after spaces', 'members:\n  - email: a@x.example\n    roles:\n    \t- admin\n', 4, 5],
  ])(
    'reports %s once, at the tab, without the errors it causes on later lines',
    (_, text, line, col) => {
      expect(parseYamlSafely(text, 'f.yaml').problems).toMatchObject([
        { code: 'YAML_TAB_INDENT', line, col },
      ]);
    },
  );

  it('keeps a real error after a tab, and a tab on each of two lines', () => {
    const text =
      'policy:\n  min_admins: 2\n\tmax_removal_ratio: 0.25\n  protected: []\nmembers: [\n';
    expect(parseYamlSafely(text, 'f.yaml').problems).toMatchObject([
      { code: 'YAML_TAB_INDENT', line: 3, col: 1 },
      { code: 'YAML_SYNTAX', line: 6, col: 1 },
    ]);
    expect(codes('a:\n\tb: 1\nc:\n\td: 2\ne: 3\ne: 4\n')).toEqual([
      'YAML_TAB_INDENT',
      'YAML_TAB_INDENT',
      'YAML_DUPLICATE_KEY',
    ]);
  });

  it('refuses a file over 1 MiB before parsing it', () => {
    const big = 'a: "' + 'x'.repeat(2 * 1024 * 1024) + '"\n';
    const r = parseYamlSafely(big, 'big.yaml');
    expect(r.problems).toMatchObject([{ code: 'YAML_TOO_LARGE', line: 1, col: 1 }]);
  });

  it('counts bytes, not characters, for the size limit', () => {
    const text = 'a: "' + 'é'.repeat(600 * 1024) + '"\n';
    expect(text.length).toBeLessThan(1024 * 1024);
    expect(codes(text)).toEqual(['YAML_TOO_LARGE']);
  });
});

describe('positionOf', () => {
  const text = [
    'version: 1', //  1
    'group: g', //     2
    'members:', //     3
    '  - email: a@x', // 4
    '    roles: [admin, bogus]', // 5
    '  - email: b@x', // 6
    '    quotas:', // 7
    '      api_requests_daily: -1', // 8
    'empty:', // 9
  ].join('\n');
  const r = parseYamlSafely(text, 'f.yaml');

  it('finds values and keys at a path', () => {
    expect(positionOf(r, ['group'])).toEqual({ line: 2, col: 8 });
    expect(positionOf(r, ['group'], 'key')).toEqual({ line: 2, col: 1 });
    expect(positionOf(r, ['members', 0, 'roles', 1])).toEqual({ line: 5, col: 20 });
    expect(positionOf(r, ['members', 1, 'quotas', 'api_requests_daily'])).toEqual({
      line: 8,
      col: 27,
    });
    expect(positionOf(r, ['members', 1])).toEqual({ line: 6, col: 5 });
  });

  it('falls back to the nearest existing parent', () => {
    expect(positionOf(r, ['members', 1, 'id'])).toEqual({ line: 6, col: 5 });
    expect(positionOf(r, ['members', 7, 'email'])).toEqual({ line: 4, col: 3 });
    expect(positionOf(r, ['nope'])).toEqual({ line: 1, col: 1 });
    expect(positionOf(r, [])).toEqual({ line: 1, col: 1 });
  });

  it('points at the key of an empty value', () => {
    expect(positionOf(r, ['empty'])).toMatchObject({ line: 9 });
  });

  it('gives 1:1 for an empty document', () => {
    expect(positionOf(parseYamlSafely('', 'f.yaml'), ['a', 0])).toEqual({ line: 1, col: 1 });
  });
});

describe('nesting depth', () => {
  it('does not count brackets inside quotes or comments', () => {
    const lines = Array.from({ length: 70 }, (_, i) => `k${i}: "see [${i}" # todo {`);
    const r = parseYamlSafely(`${lines.join('\n')}\n`, 'f.yaml');
    expect(r.problems).toEqual([]);
    expect((r.value as Record<string, unknown>)['k69']).toBe('see [69');
  });

  it('allows 63 levels of brackets and refuses 64 under a mapping (65 levels)', () => {
    const at = (n: number) =>
      parseYamlSafely(`a: ${'['.repeat(n)}${']'.repeat(n)}\n`, 'f.yaml').problems.map(
        (p) => p.code,
      );
    expect(at(63)).toEqual([]);
    expect(at(64)).toEqual(['YAML_TOO_DEEP']);
  });
});

describe('nesting depth: flow content', () => {
  it('reads a one-line JSON document of thousands of keys (its colons do not nest)', () => {
    const entries = Array.from({ length: 5000 }, (_, i) => `"k${i}": {"v": [${i}]}`);
    const r = parseYamlSafely(`{${entries.join(', ')}}\n`, 'seed.json');
    expect(r.problems).toEqual([]);
    expect((r.value as Record<string, unknown>)['k4999']).toEqual({ v: [4999] });
  });
});
