/**
 * The fast reader against the yaml library, which stays the reference: on every YAML file of the
 * repository and on thousands of generated documents (plain, tricky and wrong), whenever the fast
 * reader takes a text, the library parses it without an error to the same value, and every path in
 * it (and past it) has the same position for its key and for its value.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LineCounter, parseDocument } from 'yaml';
import { readFastYaml } from '../../src/config/yaml-fast-path.js';
import { PARSE_OPTIONS as OPTIONS, parseYamlSafely, positionOf } from '../../src/config/yaml.js';
import { generateWorld, groupFileOf } from '../../bench/generate-world.js';

const ROOT = join(import.meta.dirname, '..', '..');

type Path = (string | number)[];

/** Every path in `value`, and one step past each collection (a missing key, an index too far). */
function pathsOf(value: unknown, path: Path = []): Path[] {
  const paths: Path[] = [path];
  if (Array.isArray(value)) {
    value.forEach((item, index) => paths.push(...pathsOf(item, [...path, index])));
    paths.push([...path, value.length], [...path, 'missing']);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...path, key]));
    paths.push([...path, 'missing', 'deeper'], [...path, 0]);
  }
  return paths;
}

/**
 * `'out'` when the fast reader leaves `text` to the library; `'same'` when it takes it and agrees
 * with the library on the value and every position; a description of the first difference else.
 */
function compare(text: string): 'out' | 'same' | string {
  const fast = readFastYaml(text);
  if (fast === undefined) return 'out';
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, ...OPTIONS });
  if (doc.errors.length > 0) return `taken, but the library reports ${doc.errors[0]?.code}`;
  const value: unknown = doc.toJS();
  if (JSON.stringify(value) !== JSON.stringify(fast.value)) {
    return `values differ: ${JSON.stringify(fast.value)} vs ${JSON.stringify(value)}`;
  }
  for (const path of pathsOf(value)) {
    for (const target of ['key', 'value'] as const) {
      const expected = positionOf({ doc, lineCounter }, path, target);
      const actual = positionOf({ doc, lineCounter, spot: fast.spot }, path, target);
      if (expected.line !== actual.line || expected.col !== actual.col) {
        return `${target} of ${JSON.stringify(path)}: ${actual.line}:${actual.col}, library ${expected.line}:${expected.col}`;
      }
    }
  }
  return 'same';
}

function yamlFilesUnder(dir: string): string[] {
  const skip = new Set(['node_modules', '.git', 'dist', 'coverage']);
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return skip.has(entry.name) ? [] : yamlFilesUnder(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const KEYS = ['email', 'roles', 'quotas', 'a.b', 'x-y', '_k', 'api_requests_daily', 'Group'];
const ODD_KEYS = ['true', '1', '"q"', "'s'", 'a b', '__proto__', 'null', '? k', '&a k', '!t k', ''];
const SCALARS = [
  'admin',
  'u1@example.com',
  '2027-01-31',
  '1000',
  '007',
  '0.25',
  '1.',
  '10.500',
  'hello world',
  'a, b',
  'a#b',
  "it's",
  'http://x.example/p?q=1',
  '../baseline.yaml',
  "'quoted'",
  "'it''s'",
  '"double"',
  '~',
  'null',
  'True',
  'FALSE',
  'é café',
];
const ODD_SCALARS = [
  '',
  '-1',
  '+5',
  '1.5',
  '1e3',
  '.inf',
  '.NaN',
  '0x1F',
  '0o17',
  '12345678901234567890',
  'a: b',
  'a:',
  ' # only a comment',
  '"a\\"b"',
  '"unterminated',
  "'unterminated",
  '&anchor x',
  '*alias',
  '!tag x',
  '|',
  '>',
  '- x',
  '[a, b]',
  '[a, [b, c], {k: v}]',
  '[]',
  '{}',
  '{k: v, l: [1, 2]}',
  '[a, b,]',
  '[a: b]',
  '{k:v}',
  '[a] x',
  '[a]#c',
  '{k: v, k: w}',
  '@at',
  '`tick',
  'a [b] {c}',
  'x #comment',
  "'a' # c",
  '"a" trailing',
  '\t',
  'a\r',
  '%x',
  'a\u00a0',
  '\u00a0',
  'x\u3000y',
  '\u2003 # c',
];

/** A random document of block collections, scalars, flow collections and comments. */
function generate(next: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const scalar = (): string => (next() < 0.75 ? pick(SCALARS) : pick(ODD_SCALARS));
  const key = (): string => (next() < 0.92 ? pick(KEYS) : pick(ODD_KEYS));
  const comment = (pad: string): string[] => (next() < 0.1 ? [`${pad}# note: a, b`] : []);
  const lines: string[] = [];
  const block = (indent: number, depth: number, inSequenceItem: string | undefined): void => {
    const pad = ' '.repeat(indent);
    if (next() < 0.35 && depth > 0) {
      const count = 1 + Math.floor(next() * 3);
      for (let i = 0; i < count; i += 1) {
        const gap = next() < 0.85 ? ' ' : '   ';
        lines.push(...comment(pad));
        if (next() < 0.5 && depth < 3) {
          lines.push(`${pad}-${gap}${key()}: ${scalar()}`);
          const inner = indent + 1 + gap.length;
          if (next() < 0.6) {
            lines.push(`${' '.repeat(inner)}${key()}:`);
            block(inner + (next() < 0.8 ? 2 : 0), depth + 1, undefined);
          }
        } else {
          lines.push(`${pad}-${gap}${scalar()}`);
        }
      }
      return;
    }
    const count = 1 + Math.floor(next() * 4);
    for (let i = 0; i < count; i += 1) {
      const start = i === 0 && inSequenceItem !== undefined ? inSequenceItem : pad;
      lines.push(...comment(pad));
      if (next() < 0.4 && depth < 3) {
        lines.push(`${start}${key()}:${next() < 0.1 ? '  # c' : ''}`);
        const compact = next() < 0.2;
        block(compact ? indent : indent + (next() < 0.9 ? 2 : 4), depth + 1, undefined);
      } else {
        lines.push(`${start}${key()}: ${scalar()}${next() < 0.1 ? ' # c' : ''}`);
      }
      if (next() < 0.03) lines.push(`${pad}  continued`);
      if (next() < 0.03) lines.push('');
    }
  };
  if (next() < 0.05) lines.push('---');
  block(0, 0, undefined);
  if (next() < 0.03) lines.push(' odd: indent');
  return lines.join('\n') + (next() < 0.9 ? '\n' : '');
}

describe('readFastYaml', () => {
  it('agrees with the yaml library on every YAML file of the repository it takes', () => {
    const files = yamlFilesUnder(ROOT);
    const taken: string[] = [];
    for (const file of files) {
      const result = compare(readFileSync(file, 'utf8'));
      if (result !== 'out')
        expect(`${relative(ROOT, file)}: ${result}`).toBe(`${relative(ROOT, file)}: same`);
      if (result === 'same') taken.push(relative(ROOT, file));
    }
    // The files the reader is for are taken (else this test would compare nothing).
    expect(taken).toEqual(expect.arrayContaining(['examples/group.yaml']));
    expect(taken.length).toBeGreaterThan(files.length / 4);
  });

  it('takes the bench world and the files export writes, the same as the library', () => {
    expect(compare(groupFileOf(generateWorld(200)))).toBe('same');
  });

  it('agrees with the library on generated documents, plain, tricky and wrong', () => {
    const next = random(20261206);
    let taken = 0;
    const runs = 4000;
    for (let run = 0; run < runs; run += 1) {
      const text = generate(next);
      const result = compare(text);
      if (result !== 'out') expect({ text, result }).toEqual({ text, result: 'same' });
      if (result === 'same') taken += 1;
    }
    expect(taken).toBeGreaterThan(runs / 6);
  });

  it.each([
    ['an anchor', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a block scalar', 'a: |\n  text\n'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a null value', 'a:\nb: 1\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['an exponent', 'a: 1e3\n'],
    ['an escape', 'a: "x\\ty"\n'],
    ['a tab', 'a:\t1\n'],
    ['CRLF line ends', 'a: 1\r\nb: 2\r\n'],
    ['a document marker', '---\na: 1\n'],
    ['a sequence at the top', '- a\n'],
    ['an empty file', ''],
    ['only comments', '# nothing\n'],
    ['a no-break space on a blank-looking line', 'a: 1\n\u00a0\nb: 2\n'],
    ['a no-break space after spaces', 'a: 1\n \u00a0\n'],
    ['an ideographic space as a value', 'a: \u3000\n  b: 1\n'],
    ['brackets 20 deep', `a: ${'['.repeat(20)}x${']'.repeat(20)}\n`],
    [
      'mappings 20 deep',
      Array.from({ length: 20 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n') + ' 1\n',
    ],
  ])('leaves %s to the library', (_what, text) => {
    expect(readFastYaml(text)).toBeUndefined();
  });

  it('gives parseYamlSafely the same problems as before for a file it leaves out', () => {
    expect(parseYamlSafely('a: 1\na: 2\n', 'f.yaml').problems.map((p) => p.code)).toEqual([
      'YAML_DUPLICATE_KEY',
    ]);
  });

  it('builds the library document of a taken file only when it is read', () => {
    const result = parseYamlSafely('a: 1\nb: [x]\n', 'f.yaml');
    expect(result.spot).toBeDefined();
    expect(result.doc.toJS()).toEqual({ a: 1, b: ['x'] });
    expect(result.lineCounter.linePos(5)).toEqual({ line: 2, col: 1 });
    expect(positionOf(result, ['b', 0])).toEqual({ line: 2, col: 5 });
  });
});
