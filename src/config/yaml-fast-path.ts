/**
 * A fast reader for the plain block YAML that group files are made of (nested `key: value`
 * mappings and `- ` sequences, one-line scalars and flow collections, comments). The yaml library
 * is exact but slow while the engine is cold: parsing 16 group files of 200 members cost ~220 ms of
 * a many-group plan, most of its cost per group. This reader takes ~1/10 of that and returns the
 * same value and the same positions, or `undefined` for anything it is not sure of (anchors, tags,
 * block or multi-line scalars, escapes, numbers other than plain integers, null values, duplicate
 * keys, tabs, CR...): the caller then parses with the yaml library, which also reports the errors.
 * A test compares both over every YAML file in the repository and thousands of generated ones.
 */
import type { Position } from './yaml.js';

/**
 * Deeper nesting leaves the subset (the yaml library then refuses it past MAX_YAML_DEPTH, or its
 * parser's stack, with YAML_TOO_DEEP); a group file needs 5 levels.
 */
const MAX_FAST_DEPTH = 16;

/** Where a value is (its first character), and what is inside it. */
export interface YamlSpot extends Position {
  /** A mapping's entries: each key's own position and its value's spot. */
  keys?: Map<string, { key: Position; value: YamlSpot }>;
  /** A sequence's items. */
  items?: YamlSpot[];
}

/** The value of a document in the subset, with the position of every node in it. */
export interface FastYaml {
  value: Record<string, unknown>;
  spot: YamlSpot;
}

/** A line with content: not blank, not only a comment. */
interface Line {
  /** 1-based line number. */
  no: number;
  /** Spaces before the content. */
  indent: number;
  /** The content (trailing spaces kept; a trailing comment is cut later, where it is known). */
  text: string;
}

/** Thrown inside the reader when the text leaves the subset; never escapes it. */
class OutOfSubset extends Error {}

function out(): never {
  throw new OutOfSubset();
}

/**
 * Characters that make the whole file leave the subset: controls, tabs, CR, and every blank but
 * the space (String.prototype.trim treats U+00A0, U+3000... as blanks, YAML does not).
 */
// eslint-disable-next-line no-control-regex
const UNSUPPORTED_CHARS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ufffe\uffff]|[^\S \n]/;

/** A mapping key in the subset: a plain word that the core schema reads as a string. */
const KEY = /^([A-Za-z_][A-Za-z0-9_.-]{0,127}):(?: +|$)/;

/** Words the core schema does not read as strings (as keys they would not be strings). */
const NON_STRING_WORDS = /^(?:~|null|Null|NULL|true|True|TRUE|false|False|FALSE)$/;

/** The core schema's numbers (yaml's own tests, dist/schema/core/{int,float}.js) but short integers. */
const NUMBER_LIKE = [
  /^0o[0-7]+$/,
  /^[-+]?[0-9]+$/,
  /^0x[0-9a-fA-F]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/,
  /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/,
];

/** Characters that may not start a plain scalar (YAML indicators; quotes and brackets handled apart). */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`]/;

/**
 * Reads `text` if it is in the subset (a mapping at the top, see the module comment); `undefined`
 * otherwise. Never throws.
 */
export function readFastYaml(text: string): FastYaml | undefined {
  if (UNSUPPORTED_CHARS.test(text)) return undefined;
  try {
    const reader = new Reader(contentLines(text));
    return reader.document();
  } catch (error) {
    if (error instanceof OutOfSubset) return undefined;
    throw error;
  }
}

/** The lines with content; directives, document markers and complex keys leave the subset. */
function contentLines(text: string): Line[] {
  const lines: Line[] = [];
  let no = 0;
  for (const raw of text.split('\n')) {
    no += 1;
    let indent = 0;
    while (raw.charCodeAt(indent) === 32) indent += 1;
    const content = raw.slice(indent);
    if (content.trimEnd() === '' || content.startsWith('#')) continue;
    if (/^(?:---|\.\.\.)(?: |$)|^[%?]/.test(content)) out();
    lines.push({ no, indent, text: content });
  }
  return lines;
}

class Reader {
  private next = 0;
  private depth = 0;

  constructor(private readonly lines: Line[]) {}

  document(): FastYaml {
    const first = this.lines[0];
    if (first === undefined || first.indent !== 0 || isSequenceLine(first.text)) out();
    this.next = 1;
    const document = this.mapping(0, first, first.text, 0);
    if (this.next !== this.lines.length) out();
    return document;
  }

  /** The block collection starting at the current line, whose lines are indented by `indent`. */
  private block(indent: number): { value: unknown; spot: YamlSpot } {
    const line = this.current();
    if (this.depth >= MAX_FAST_DEPTH) out();
    this.depth += 1;
    try {
      if (isSequenceLine(line.text)) return this.sequence(indent);
      this.next += 1;
      return this.mapping(indent, line, line.text, indent);
    } finally {
      this.depth -= 1;
    }
  }

  /**
   * A block mapping whose first entry is `first` (at 0-based column `col` of `line`, maybe after
   * `- `); its further entries are the following lines indented by `indent`.
   */
  private mapping(
    indent: number,
    line: Line,
    first: string,
    col: number,
  ): { value: Record<string, unknown>; spot: YamlSpot } {
    const value: Record<string, unknown> = {};
    const keys = new Map<string, { key: Position; value: YamlSpot }>();
    const spot: YamlSpot = { line: line.no, col: col + 1, keys };
    let entry: { line: Line; text: string; col: number } | undefined = { line, text: first, col };
    while (entry !== undefined) {
      const match = KEY.exec(entry.text);
      if (match === null) out();
      const key = match[1] ?? out();
      if (NON_STRING_WORDS.test(key) || key === '__proto__' || keys.has(key)) out();
      const keyAt = { line: entry.line.no, col: entry.col + 1 };
      const rest = entry.text.slice(match[0].length);
      const restCol = entry.col + match[0].length;
      const read =
        stripComment(rest) === ''
          ? this.nested(indent)
          : this.inline(rest, entry.line, restCol, indent);
      value[key] = read.value;
      keys.set(key, { key: keyAt, value: read.spot });
      entry = undefined;
      const following = this.lines[this.next];
      if (following !== undefined && following.indent === indent) {
        if (isSequenceLine(following.text)) out();
        this.next += 1;
        entry = { line: following, text: following.text, col: indent };
      } else if (following !== undefined && following.indent > indent) {
        out();
      }
    }
    return { value, spot };
  }

  /** The value of a key with nothing after its colon: the block below it (none: a null, out). */
  private nested(indent: number): { value: unknown; spot: YamlSpot } {
    const below = this.lines[this.next];
    if (below === undefined) out();
    if (below.indent > indent) return this.block(below.indent);
    // A sequence may sit at its key's own indentation.
    if (below.indent === indent && isSequenceLine(below.text)) return this.sequence(indent);
    return out();
  }

  /** A block sequence whose `- ` lines are indented by `indent`. */
  private sequence(indent: number): { value: unknown[]; spot: YamlSpot } {
    const value: unknown[] = [];
    const items: YamlSpot[] = [];
    const first = this.current();
    const spot: YamlSpot = { line: first.no, col: indent + 1, items };
    for (;;) {
      const line = this.lines[this.next];
      if (line === undefined || line.indent !== indent || !isSequenceLine(line.text)) break;
      this.next += 1;
      let gap = 1;
      while (line.text.charCodeAt(gap) === 32) gap += 1;
      const itemText = line.text.slice(gap);
      const col = indent + gap;
      if (stripComment(itemText) === '' || isSequenceLine(itemText)) out();
      const read = KEY.test(itemText)
        ? this.mapping(col, line, itemText, col)
        : this.inline(itemText, line, col, indent);
      value.push(read.value);
      items.push(read.spot);
    }
    const following = this.lines[this.next];
    if (following !== undefined && following.indent > indent) out();
    return { value, spot };
  }

  /**
   * A one-line value (`text` at 0-based column `col` of `line`) inside a collection indented by
   * `indent`: the next line may not continue it.
   */
  private inline(
    text: string,
    line: Line,
    col: number,
    indent: number,
  ): { value: unknown; spot: YamlSpot } {
    const following = this.lines[this.next];
    if (following !== undefined && following.indent > indent) out();
    const flow = new FlowReader(text, line.no, col);
    const read = flow.value(false);
    flow.end();
    return read;
  }

  private current(): Line {
    return this.lines[this.next] ?? out();
  }
}

/** `- item` or a lone `-`. */
function isSequenceLine(text: string): boolean {
  return text.startsWith('- ') || text.trimEnd() === '-';
}

/** `text` without a trailing ` # comment` and trailing spaces (a `#` after a space starts one). */
function stripComment(text: string): string {
  if (text.startsWith('#')) return '';
  const hash = text.indexOf(' #');
  return (hash < 0 ? text : text.slice(0, hash)).trimEnd();
}

/** Reads one value on one line: a scalar or a flow collection, from `text` at column `col`. */
class FlowReader {
  private at = 0;
  private depth = 0;

  constructor(
    private readonly text: string,
    private readonly line: number,
    private readonly col: number,
  ) {}

  /** A value at the current place; `inFlow` inside `[...]`/`{...}`. */
  value(inFlow: boolean): { value: unknown; spot: YamlSpot } {
    const spot: YamlSpot = { line: this.line, col: this.col + this.at + 1 };
    const c = this.text[this.at];
    if (c === '[' || c === '{') {
      if (this.depth >= MAX_FAST_DEPTH) out();
      this.depth += 1;
      const value = c === '[' ? this.flowSequence(spot) : this.flowMapping(spot);
      this.depth -= 1;
      return { value, spot };
    }
    if (c === "'") return { value: this.singleQuoted(), spot };
    if (c === '"') return { value: this.doubleQuoted(), spot };
    return { value: this.plain(inFlow), spot };
  }

  /** Only spaces or a comment may follow the value. */
  end(): void {
    if (!/^ *(?: #.*)?$/.test(this.text.slice(this.at))) out();
  }

  private flowSequence(spot: YamlSpot): unknown[] {
    const value: unknown[] = [];
    const items: YamlSpot[] = [];
    spot.items = items;
    this.at += 1;
    this.spaces();
    if (this.text[this.at] === ']') {
      this.at += 1;
      return value;
    }
    for (;;) {
      const read = this.value(true);
      value.push(read.value);
      items.push(read.spot);
      if (this.separator(']')) return value;
    }
  }

  private flowMapping(spot: YamlSpot): Record<string, unknown> {
    const value: Record<string, unknown> = {};
    const keys = new Map<string, { key: Position; value: YamlSpot }>();
    spot.keys = keys;
    this.at += 1;
    this.spaces();
    if (this.text[this.at] === '}') {
      this.at += 1;
      return value;
    }
    for (;;) {
      const match = KEY.exec(this.text.slice(this.at));
      if (match === null || !match[0].endsWith(' ')) out();
      const key = match[1] ?? out();
      if (NON_STRING_WORDS.test(key) || key === '__proto__' || keys.has(key)) out();
      const keyAt = { line: this.line, col: this.col + this.at + 1 };
      this.at += match[0].length;
      const read = this.value(true);
      value[key] = read.value;
      keys.set(key, { key: keyAt, value: read.spot });
      if (this.separator('}')) return value;
    }
  }

  /** After an item: `, ` (another item follows) or the closing bracket (true). */
  private separator(close: string): boolean {
    this.spaces();
    const c = this.text[this.at];
    this.at += 1;
    if (c === close) return true;
    if (c !== ',') out();
    this.spaces();
    const next = this.text[this.at];
    if (next === undefined || next === ',' || next === ']' || next === '}') out();
    return false;
  }

  private singleQuoted(): string {
    let value = '';
    let from = this.at + 1;
    for (;;) {
      const quote = this.text.indexOf("'", from);
      if (quote < 0) out();
      value += this.text.slice(from, quote);
      if (this.text[quote + 1] !== "'") {
        this.at = quote + 1;
        return value;
      }
      value += "'";
      from = quote + 2;
    }
  }

  private doubleQuoted(): string {
    const quote = this.text.indexOf('"', this.at + 1);
    if (quote < 0) out();
    const value = this.text.slice(this.at + 1, quote);
    if (value.includes('\\')) out();
    this.at = quote + 1;
    return value;
  }

  /** A plain scalar: up to a comment or the end (in a flow, up to `,`, `]` or `}`). */
  private plain(inFlow: boolean): unknown {
    const rest = this.text.slice(this.at);
    let raw: string;
    if (inFlow) {
      const stop = rest.search(/[,\]}]/);
      raw = (stop < 0 ? rest : rest.slice(0, stop)).trimEnd();
      if (/[[{#:"']/.test(raw)) out();
    } else {
      raw = stripComment(rest);
      if (/:(?: |$)/.test(raw)) out();
    }
    if (raw === '' || INDICATOR_START.test(raw)) out();
    this.at += raw.length;
    return scalar(raw);
  }

  private spaces(): void {
    while (this.text[this.at] === ' ') this.at += 1;
  }
}

/** A plain scalar as the YAML 1.2 core schema reads it (anything unsure leaves the subset). */
function scalar(raw: string): unknown {
  if (/^[0-9]{1,15}$/.test(raw)) return Number(raw);
  // yaml reads a core float with parseFloat (dist/schema/core/float.js).
  if (/^[0-9]{1,15}\.[0-9]{0,15}$/.test(raw)) return Number.parseFloat(raw);
  if (NUMBER_LIKE.some((test) => test.test(raw))) out();
  if (/^(?:true|True|TRUE)$/.test(raw)) return true;
  if (/^(?:false|False|FALSE)$/.test(raw)) return false;
  if (NON_STRING_WORDS.test(raw)) return null;
  return raw;
}
