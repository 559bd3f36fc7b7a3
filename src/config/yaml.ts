/**
 * Safe YAML reading for every file gti-sync reads (group files, emulator seeds): a size limit, no
 * duplicate keys, no tags beyond the YAML 1.2 core schema, a small alias limit (against alias
 * bombs), and positions (1-based line and column) for every problem and for any path in the file.
 */
import type { ErrorCode } from '../model/error-codes.js';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node as YamlNode, Pair } from 'yaml';
import type { Problem } from '../model/errors.js';
import { describeYamlErrors } from './yaml-errors.js';
import { readFastYaml } from './yaml-fast-path.js';
import { MAX_YAML_DEPTH, nestingTooDeep } from './yaml-depth.js';
import type { YamlSpot } from './yaml-fast-path.js';

/** Files larger than this (in UTF-8 bytes) are refused before parsing. */
export const MAX_YAML_BYTES = 1024 * 1024;

/** More aliases than this in one file are refused (no legitimate group file needs many). */
export const MAX_YAML_ALIASES = 50;

/**
 * yaml's own expansion guard while building the value (it weighs each alias by the aliases inside
 * its target, so a chain that doubles at every level is refused even under MAX_YAML_ALIASES).
 */
const MAX_ALIAS_EXPANSION = 100;

/** The explicit tags a file may use: the YAML 1.2 core schema, nothing that builds objects. */
const CORE_TAGS: ReadonlySet<string> = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((name) => `tag:yaml.org,2002:${name}`),
);

/** How every file is parsed: strict, YAML 1.2 core schema, no merge keys, unique keys. */
export const PARSE_OPTIONS = {
  prettyErrors: false,
  uniqueKeys: true,
  schema: 'core',
  merge: false,
  strict: true,
} as const;

/**
 * The outcome of `parseYamlSafely`. `value` is meaningful only when `problems` is empty. A file the
 * fast reader took has `spot` (every node's position) and builds `doc` and `lineCounter` with the
 * yaml library only when something reads them (export --diff's editor does; positionOf does not).
 */
export interface YamlParseResult {
  /** The plain JS value of the document (`undefined` when there are problems). */
  readonly value: unknown;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** Every YAML-stage problem (all errors), in file order. */
  readonly problems: Problem[];
  /** The position of every node, when the fast reader took the file. */
  readonly spot?: YamlSpot;
}

/** What positionOf needs of a parse. */
export type YamlPositions = Pick<YamlParseResult, 'doc' | 'lineCounter' | 'spot'>;

/** A 1-based position in a file. */
export interface Position {
  line: number;
  col: number;
}

/**
 * Parses `text` (read from `file`, used in problems) as one YAML document whose root must be a
 * mapping; `options.what` names the kind of file in messages (`a group file`). Never throws for bad input: every problem is returned. Codes: YAML_TOO_LARGE,
 * YAML_SYNTAX, YAML_DUPLICATE_KEY, YAML_TAB_INDENT, YAML_MULTIPLE_DOCUMENTS, YAML_CUSTOM_TAG,
 * YAML_TOO_MANY_ALIASES, FILE_EMPTY, FILE_NOT_MAPPING.
 */
export function parseYamlSafely(
  text: string,
  file: string,
  options: { what?: string } = {},
): YamlParseResult {
  const lineCounter = new LineCounter();
  const problem = (
    code: ErrorCode,
    message: string,
    at: Position = { line: 1, col: 1 },
  ): Problem => ({
    file,
    line: at.line,
    col: at.col,
    code,
    message,
    severity: 'error',
  });

  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_YAML_BYTES) {
    const doc = parseDocument('', { lineCounter });
    const message = `file is ${bytes} bytes; the limit is ${MAX_YAML_BYTES} bytes (1 MiB)`;
    return { value: undefined, doc, lineCounter, problems: [problem('YAML_TOO_LARGE', message)] };
  }

  const fast = readFastYaml(text);
  if (fast !== undefined) return fastResult(text, fast.value, fast.spot);

  const deep = nestingTooDeep(text);
  if (deep !== undefined) {
    const message = `nested more than ${MAX_YAML_DEPTH} levels deep; refusing to parse the file`;
    const lines = text.slice(0, deep).split('\n');
    const at = { line: lines.length, col: (lines.at(-1)?.length ?? 0) + 1 };
    const doc = parseDocument('', { lineCounter });
    return {
      value: undefined,
      doc,
      lineCounter,
      problems: [problem('YAML_TOO_DEEP', message, at)],
    };
  }

  const doc = parseDocument(text, { lineCounter, ...PARSE_OPTIONS });
  const at = (offset: number): Position => lineCounter.linePos(offset);
  const issues = describeYamlErrors(
    doc.errors,
    { text, doc, lineCounter, what: options.what },
    parseErrors,
  );
  const problems: Problem[] = issues.map((issue) =>
    problem(issue.code, issue.message, at(issue.offset)),
  );

  let aliases = 0;
  visit(doc, {
    Alias(_key, node) {
      aliases += 1;
      if (aliases === MAX_YAML_ALIASES + 1) {
        const message = `more than ${MAX_YAML_ALIASES} aliases; refusing a file that could expand without bound`;
        problems.push(problem('YAML_TOO_MANY_ALIASES', message, at(node.range?.[0] ?? 0)));
      }
    },
    Node(_key, node, path) {
      if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
        const message = `custom tag ${node.tag} is not allowed; write plain YAML values`;
        problems.push(
          problem('YAML_CUSTOM_TAG', message, at(tagOffset(text, node.range?.[0] ?? 0))),
        );
      }
      // The path holds the document, then per level a collection (and a pair in a mapping).
      if (!isMap(node) && !isSeq(node)) return undefined;
      const depth = path.filter((step) => isMap(step) || isSeq(step)).length;
      if (depth < MAX_YAML_DEPTH) return undefined;
      const message = `collections nested more than ${MAX_YAML_DEPTH} levels deep`;
      problems.push(problem('YAML_TOO_DEEP', message, at(node.range?.[0] ?? 0)));
      return visit.BREAK;
    },
  });

  if (problems.length === 0) {
    if (doc.contents === null) {
      problems.push(problem('FILE_EMPTY', 'the file is empty; expected a mapping'));
    } else if (!isMap(doc.contents)) {
      problems.push(
        problem(
          'FILE_NOT_MAPPING',
          'the top level must be a mapping (key: value)',
          at(doc.contents.range[0]),
        ),
      );
    }
  }
  if (problems.length > 0)
    return { value: undefined, doc, lineCounter, problems: sortUnique(problems) };

  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_EXPANSION }), doc, lineCounter, problems };
  } catch (error) {
    // toJS refuses an alias that expands too far (ReferenceError); counted aliases catch most first.
    const message = error instanceof Error ? firstLine(error.message) : String(error);
    return {
      value: undefined,
      doc,
      lineCounter,
      problems: [problem('YAML_TOO_MANY_ALIASES', message)],
    };
  }
}

/**
 * The position of the node at `path` (ajv-style: mapping keys and sequence indexes). With
 * `target: 'key'` and a path ending in a mapping key, the position of that key instead of its
 * value. When the path does not exist (e.g. a missing key), falls back to the nearest existing
 * parent; the root (or an empty document) is 1:1.
 */
export function positionOf(
  result: YamlPositions,
  path: readonly (string | number)[],
  target: 'key' | 'value' = 'value',
): Position {
  if (result.spot !== undefined) return spotPosition(result.spot, path, target);
  const { doc, lineCounter } = result;
  let node: unknown = doc.contents;
  let pair: Pair | undefined;
  for (const segment of path) {
    if (isAlias(node)) node = node.resolve(doc);
    if (isMap(node)) {
      const next = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (next === undefined) break;
      pair = next;
      node = next.value;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
      pair = undefined;
      node = node.items[segment];
    } else {
      break;
    }
  }
  const keyNode = pair?.key;
  if ((target === 'key' || !isNodeWithRange(node)) && isNodeWithRange(keyNode)) {
    return offsetPosition(lineCounter, keyNode.range?.[0]);
  }
  return offsetPosition(lineCounter, isNodeWithRange(node) ? node.range?.[0] : undefined);
}

/** positionOf over the fast reader's positions: the same walk, the same answers. */
function spotPosition(
  root: YamlSpot,
  path: readonly (string | number)[],
  target: 'key' | 'value',
): Position {
  let spot = root;
  let key: Position | undefined;
  for (const segment of path) {
    const entry = spot.keys?.get(String(segment));
    const item = typeof segment === 'number' ? spot.items?.[segment] : undefined;
    if (entry !== undefined) {
      key = entry.key;
      spot = entry.value;
    } else if (item !== undefined) {
      key = undefined;
      spot = item;
    } else {
      break;
    }
  }
  const at = target === 'key' && key !== undefined ? key : spot;
  return { line: at.line, col: at.col };
}

/**
 * The result for a file the fast reader took: no problems, and the yaml library's document built
 * on first use only.
 */
function fastResult(text: string, value: unknown, spot: YamlSpot): YamlParseResult {
  let parsed: { doc: Document; lineCounter: LineCounter } | undefined;
  const full = (): { doc: Document; lineCounter: LineCounter } => {
    if (parsed === undefined) {
      const lineCounter = new LineCounter();
      parsed = { doc: parseDocument(text, { lineCounter, ...PARSE_OPTIONS }), lineCounter };
    }
    return parsed;
  };
  return {
    value,
    problems: [],
    spot,
    get doc() {
      return full().doc;
    },
    get lineCounter() {
      return full().lineCounter;
    },
  };
}

/** The errors of parsing `text` as parseYamlSafely does, with their lines (for dropTabCascade). */
function parseErrors(text: string): { code: string; line: number }[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, ...PARSE_OPTIONS });
  return doc.errors.map((error) => ({
    code: error.code,
    line: lineCounter.linePos(error.pos[0]).line,
  }));
}

/** Problems in file order, without the repeats yaml sometimes reports for one spot. */
function sortUnique(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems
    .sort((a, b) => a.line - b.line || a.col - b.col)
    .filter((p) => {
      const key = `${p.line}:${p.col}:${p.code}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** A node's range starts after its tag; point at the tag itself (it may be on an earlier line). */
function tagOffset(text: string, nodeStart: number): number {
  let bang = text.lastIndexOf('!', nodeStart);
  if (bang < 0) return nodeStart;
  while (bang > 0 && text[bang - 1] === '!') bang -= 1;
  return /^!\S*(?:\s+&\S+)?\s*$/.test(text.slice(bang, nodeStart)) ? bang : nodeStart;
}

function offsetPosition(lineCounter: LineCounter, offset: number | undefined): Position {
  return offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
}

function isNodeWithRange(value: unknown): value is YamlNode {
  return (
    (isScalar(value) || isMap(value) || isSeq(value) || isAlias(value)) && value.range !== undefined
  );
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
