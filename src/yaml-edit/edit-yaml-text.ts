/**
 * Edits a YAML file through its parsed Document while keeping every untouched byte of the text:
 * each edit changes the Document (yaml's API: comments, key order and flow/block style stay) and
 * records the same change as a splice of the original text, so comment alignment, blank lines and
 * quoting elsewhere are exactly as written. `toText()` checks that the spliced text parses to the
 * edited Document's value; should a layout be one the splices do not handle (or the check fail), it
 * falls back to yaml's rendering of the edited Document: the same data, restyled.
 *
 * Anchors: a value whose anchor other values use (`&adm`, `*adm`) is never changed in place. Before
 * it changes or goes, its anchor moves to the first alias that uses it, which becomes a copy of the
 * value; the other aliases stay as written. An alias that changes becomes a value of its own.
 */
import { isDeepStrictEqual } from 'node:util';
import { Document, isAlias, isCollection, isMap, isScalar, parseDocument, stringify } from 'yaml';
import type { Alias, Node as YamlNode, YAMLMap, YAMLSeq } from 'yaml';
import { GtiSyncError } from '../model/errors.js';
import {
  childrenOf,
  clearRanges,
  containsNode,
  hasRange,
  listAliasesOf,
  listAnchoredNodes,
  replaceNode,
  visitCollections,
} from './visit-yaml-nodes.js';
import type { RangedNode } from './visit-yaml-nodes.js';

/** How yaml renders what the editor writes and, in the fallback, the whole file. */
const RENDER = { lineWidth: 0, flowCollectionPadding: false } as const;

interface Splice {
  start: number;
  end: number;
  text: string;
  /** Written for a moved anchor: a later splice over the same text replaces it. */
  soft: boolean;
}

/** A value written into the file: a scalar, a list of scalars or a map of scalars. */
export type WrittenValue = string | number | readonly string[] | Readonly<Record<string, number>>;

/** Edits `text` (one YAML document, LF line ends) through `doc`, parsed from that same text. */
export class YamlTextEditor {
  private readonly splices: Splice[] = [];
  /** Flow collections changed inside: each is re-rendered whole at the end. */
  private readonly dirtyFlow = new Set<YamlNode>();
  /** For each node inside a flow collection, the outermost one (the file as parsed). */
  private readonly flowOf = new Map<unknown, YamlNode>();
  private readonly flowStyle = new Map<string, boolean>();
  /** The text of each copy written at an alias (a scalar or flow collection), its anchor left out. */
  private readonly copies = new Map<YamlNode, string>();
  private indentStep: string | undefined;
  private exact = true;

  /** `file` names the file in the error should even yaml fail to render the edited Document. */
  constructor(
    private readonly text: string,
    readonly doc: Document,
    private readonly file = 'the file',
  ) {
    visitCollections(doc.contents, (collection) => {
      if (collection.flow !== true || this.flowOf.has(collection)) return;
      this.registerFlow(collection);
    });
  }

  /**
   * Makes `node` the only user of the anchors under it, before it is changed or removed: each anchor
   * an alias outside `node` uses moves to the first such alias, which becomes a copy of the value.
   */
  unshare(node: unknown): void {
    for (const anchored of listAnchoredNodes(node)) {
      const alias = listAliasesOf(this.doc, anchored).find((a) => !containsNode(node, a));
      if (alias !== undefined) this.moveAnchor(anchored, alias);
    }
  }

  /**
   * Removes `item` from the block sequence `seq` (its lines; comments above it stay). The last item
   * removed leaves `key: []`: a bare `key:` would read as null.
   */
  removeItem(seq: YAMLSeq, item: YAMLMap): void {
    const index = seq.items.indexOf(item);
    if (index === -1) return;
    this.unshare(item);
    seq.items.splice(index, 1);
    if (!this.isBlock(seq) || item.range === undefined || item.range === null)
      return this.inexact();
    const start = this.lineStart(item.range[0]);
    if (!/^\s*-\s+$/.test(this.text.slice(start, item.range[0]))) return this.inexact();
    this.splice(start, this.lineEnd(item.range[1]), '');
    if (seq.items.length > 0) return;
    const key = this.keyOf(seq);
    if (key === undefined) return this.inexact();
    seq.flow = true;
    this.splice(key.colon + 1, key.colon + 1, ' []');
  }

  /**
   * Appends `items` (maps written in the file's style) at the end of the block sequence `seq`,
   * after a comment line `comment`. An empty flow list `[]` becomes a block list.
   */
  appendItems(seq: YAMLSeq, items: readonly YAMLMap[], comment: string): void {
    const last = seq.items.at(-1);
    const emptyFlow = seq.items.length === 0 && this.flowOf.get(seq) === seq;
    const rendered = items.map((item) => this.renderBlock(item).split('\n'));
    items.forEach((item, i) => {
      if (i === 0) item.commentBefore = comment;
      seq.items.push(item);
    });
    if (emptyFlow) return this.appendToEmptyFlow(seq, rendered, comment);
    if (
      !isCollection(last) ||
      !this.isBlock(seq) ||
      last.range === undefined ||
      last.range === null
    )
      return this.inexact();
    const prefix = this.text.slice(this.lineStart(last.range[0]), last.range[0]);
    if (!/^\s*-\s+$/.test(prefix)) return this.inexact();
    this.insertLines(this.lineEnd(last.range[1]), itemLines(prefix, comment, rendered));
  }

  /** `key: []` becomes `key:` with the items below it, one step in from the key. */
  private appendToEmptyFlow(seq: YAMLSeq, rendered: string[][], comment: string): void {
    if (!hasRange(seq)) return this.inexact();
    seq.flow = false;
    this.writeBelowKey(seq, '', itemLines('- ', comment, rendered));
  }

  /**
   * Writes `key: inline` (or `key:`) in place of `key: value`, and `lines` below it one step in from
   * the key; a comment after the value stays on the key's line.
   */
  private writeBelowKey(value: RangedNode, inline: string, lines: readonly string[]): void {
    const key = this.keyOf(value);
    if (key === undefined) return this.inexact();
    const indent = `${' '.repeat(key.column)}${this.step()}`;
    this.splice(key.colon + 1, value.range[1], inline === '' ? '' : ` ${inline}`);
    this.insertLines(
      this.lineEnd(value.range[1]),
      lines.map((line) => (line === '' ? '' : `${indent}${line}`)),
    );
  }

  /** Where the key whose value is `value` is written: its column and the offset of its `:`. */
  private keyOf(value: YamlNode): { column: number; colon: number } | undefined {
    let key: unknown;
    visitCollections(this.doc.contents, (collection) => {
      if (!isMap(collection)) return;
      for (const pair of collection.items) if (pair.value === value) key = pair.key;
    });
    if (!isScalar(key) || !key.range) return undefined;
    const colon = this.text.indexOf(':', key.range[1]);
    if (colon === -1 || this.text.slice(key.range[1], colon).trim() !== '') return undefined;
    return { column: key.range[0] - this.lineStart(key.range[0]), colon };
  }

  /**
   * Moves the anchor of `source` to `alias` (the first alias using it), which becomes a copy of
   * `source` written as `source` is: `&name [admin]`, or `&name` and the block's lines below its key.
   */
  private moveAnchor(source: YamlNode, alias: Alias): void {
    const name = source.anchor;
    const copy: unknown = source.clone();
    if (!isScalar(copy) && !isCollection(copy)) return this.inexact();
    delete source.anchor;
    clearRanges(copy);
    copy.range = null;
    this.writeCopy(source, alias, copy, name);
    replaceNode(this.doc, alias, copy);
  }

  /** Writes `copy` (of `source`, anchored `name`) in place of `alias` in the text. */
  private writeCopy(source: YamlNode, alias: Alias, copy: YamlNode, name?: string): void {
    if (name === undefined || !hasRange(source) || !hasRange(alias)) return this.inexact();
    const body = this.copies.get(source);
    if (body === undefined) this.removeAnchorText(source, name);
    if (isCollection(source) && source.flow !== true) {
      if (body !== undefined) return this.inexact();
      return this.writeBelowKey(alias, `&${name}`, this.blockLines(source));
    }
    const text = body ?? this.text.slice(source.range[0], source.range[1]);
    copy.range = [alias.range[0], alias.range[1], alias.range[2]];
    this.copies.set(copy, text);
    if (isCollection(copy)) this.registerFlow(copy);
    this.splice(alias.range[0], alias.range[1], `&${name} ${text}`, true);
  }

  /** Removes `&name` before `node` (its anchor moved away), unless a comment stands between. */
  private removeAnchorText(node: RangedNode, name: string): void {
    const at = this.text.lastIndexOf(`&${name}`, node.range[0]);
    const end = at + name.length + 1;
    const between = this.text.slice(end, node.range[0]);
    if (at === -1 || !/^\s+$/.test(between)) return;
    if (!between.includes('\n')) return this.splice(at, node.range[0], '', true);
    const spaces = /\s*$/.exec(this.text.slice(0, at))?.[0].length ?? 0;
    this.splice(at - spaces, end, '', true);
  }

  /** The lines of the block collection `node` as written, less its indentation. */
  private blockLines(node: RangedNode): string[] {
    const start = this.lineStart(node.range[0]);
    const column = node.range[0] - start;
    return this.text
      .slice(start, this.lineEnd(node.range[1]))
      .replace(/\n$/, '')
      .split('\n')
      .map((line) => line.slice(Math.min(column, line.length - line.trimStart().length)));
  }

  /** Records `collection` (a flow collection) as the outermost flow of everything inside it. */
  private registerFlow(collection: YAMLMap | YAMLSeq): void {
    visitCollections(collection, (inner) => {
      this.flowOf.set(inner, collection);
      for (const child of childrenOf(inner)) this.flowOf.set(child, collection);
    });
  }

  /** Sets `key` of `map` to `value`: in place when present, else as a new key after `after`. */
  setKey(map: YAMLMap, key: string, value: WrittenValue, after: readonly string[]): void {
    const node = this.createNode(value, map, key);
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair !== undefined) {
      const old: unknown = pair.value;
      this.unshare(old);
      pair.value = node;
      if (this.insideFlow(map)) return this.markFlow(map);
      if (isAlias(old) && hasRange(old)) {
        return isCollection(node) && node.flow !== true
          ? this.writeBelowKey(old, '', this.renderBlock(node).split('\n'))
          : this.replaceInline(old, this.renderInline(node));
      }
      if (isScalar(old) && isScalar(node)) return this.replaceInline(old, this.renderInline(node));
      if (isCollection(old) && old.flow === true && isCollection(node))
        return this.replaceInline(old, this.renderInline(node));
      if (isCollection(old) && isCollection(node) && old.range) {
        // A block collection: rewrite its lines at its indentation.
        const start = this.lineStart(old.range[0]);
        const indent = ' '.repeat(old.range[0] - start);
        const lines = this.renderBlock(node)
          .split('\n')
          .map((line) => `${indent}${line}`);
        return this.splice(start, this.lineEnd(old.range[1]), `${lines.join('\n')}\n`);
      }
      return this.inexact();
    }
    const index = this.insertionIndex(map, after);
    map.items.splice(index, 0, this.doc.createPair(key, node));
    if (this.insideFlow(map)) return this.markFlow(map);
    const previous = map.items[index - 1];
    const anchor = previous?.value;
    const keyNode = map.items[0]?.key;
    if (!isScalar(keyNode) || !keyNode.range || !hasRange(anchor)) return this.inexact();
    const indent = ' '.repeat(keyNode.range[0] - this.lineStart(keyNode.range[0]));
    const rendered = isCollection(node)
      ? node.flow === true
        ? [`${key}: ${this.renderInline(node)}`]
        : [
            `${key}:`,
            ...this.renderBlock(node)
              .split('\n')
              .map((l) => `${this.step()}${l}`),
          ]
      : [`${key}: ${this.renderInline(node)}`];
    this.insertLines(
      this.lineEnd(anchor.range[1]),
      rendered.map((line) => `${indent}${line}`),
    );
  }

  /** Removes `key` from `map` (its lines, or a re-rendered flow map). */
  removeKey(map: YAMLMap, key: string): void {
    const index = map.items.findIndex((p) => isScalar(p.key) && p.key.value === key);
    const pair = map.items[index];
    if (pair === undefined) return;
    this.unshare(pair.value);
    map.items.splice(index, 1);
    if (this.insideFlow(map)) return this.markFlow(map);
    if (!isScalar(pair.key) || !pair.key.range || !hasRange(pair.value)) return this.inexact();
    const start = this.lineStart(pair.key.range[0]);
    if (this.text.slice(start, pair.key.range[0]).trim() !== '') return this.inexact();
    this.splice(start, this.lineEnd(pair.value.range[1]), '');
  }

  /**
   * The edited file: the original text with every splice, or yaml's rendering (see above);
   * EDIT_FAILED should yaml not render the edited Document either.
   */
  toText(): string {
    try {
      for (const node of this.dirtyFlow) {
        const outer = [...this.dirtyFlow].some((o) => o !== node && containsNode(o, node));
        if (!outer) this.replaceInline(node, this.renderInline(node));
      }
      const spliced = this.exact ? applySplices(this.text, this.splices) : null;
      if (spliced !== null) {
        const parsed = parseDocument(spliced);
        if (parsed.errors.length === 0 && isDeepStrictEqual(parsed.toJS(), this.doc.toJS()))
          return spliced;
      }
    } catch {
      // yaml refuses what the splices wrote (e.g. a flow collection holding an alias): fall back.
    }
    try {
      return this.doc.toString(RENDER);
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new GtiSyncError(
        'EDIT_FAILED',
        `cannot edit ${this.file} to match the live group (${reason})`,
        { cause },
      );
    }
  }

  /** A new map for `value` (to append), its collections in the file's style for their keys. */
  createEntry(value: Readonly<Record<string, WrittenValue>>): YAMLMap {
    const map = this.doc.createNode(value);
    for (const pair of map.items) {
      if (isCollection(pair.value) && isScalar(pair.key))
        pair.value.flow = this.prefersFlow(String(pair.key.value));
    }
    return map;
  }

  /** A node for `value`, in the style the file uses for `key` (a flow or block collection). */
  private createNode(value: WrittenValue, parent: YAMLMap, key: string): YamlNode {
    const node = this.doc.createNode(value);
    if (isCollection(node)) node.flow = this.prefersFlow(key, parent);
    return node;
  }

  /**
   * Whether to write `key` (of `parent`) in flow style: as it is written there, else as the file
   * first writes a collection under that key, else flow (export's style).
   */
  private prefersFlow(key: string, parent?: YAMLMap): boolean {
    const own = parent?.get(key, true);
    if (isCollection(own)) return own.flow === true;
    let found = this.flowStyle.get(key);
    if (found === undefined) {
      visitCollections(this.doc.contents, (collection) => {
        const other = isMap(collection) ? collection.get(key, true) : undefined;
        if (found === undefined && isCollection(other)) found = other.flow === true;
      });
      found ??= true;
      this.flowStyle.set(key, found);
    }
    return found;
  }

  /** `node` on one line, without its own comments: those stay in the text where they are. */
  private renderInline(node: YamlNode): string {
    if (isScalar(node)) return stringify(node.value, RENDER).trimEnd();
    const copy = node.clone();
    copy.comment = null;
    copy.commentBefore = null;
    return new Document(copy).toString(RENDER).trimEnd();
  }

  private renderBlock(node: YamlNode): string {
    return new Document(node).toString({ ...RENDER, indent: this.step().length }).trimEnd();
  }

  /** The file's indentation step (of the first nested block map), else 2. */
  private step(): string {
    if (this.indentStep !== undefined) return this.indentStep;
    let step: number | undefined;
    visitCollections(this.doc.contents, (map) => {
      if (!isMap(map)) return;
      for (const pair of map.items) {
        const child = pair.value;
        if (step !== undefined || !isMap(child) || child.flow === true) continue;
        const first = child.items[0]?.key;
        if (!isScalar(pair.key) || !pair.key.range || !isScalar(first) || !first.range) continue;
        const parentCol = pair.key.range[0] - this.lineStart(pair.key.range[0]);
        const childCol = first.range[0] - this.lineStart(first.range[0]);
        if (childCol > parentCol) step = childCol - parentCol;
      }
    });
    this.indentStep = ' '.repeat(step ?? 2);
    return this.indentStep;
  }

  private insertionIndex(map: YAMLMap, after: readonly string[]): number {
    let index = Math.min(1, map.items.length);
    map.items.forEach((pair, i) => {
      if (isScalar(pair.key) && after.includes(String(pair.key.value))) index = i + 1;
    });
    return index;
  }

  /** Replaces a value written on one line (a scalar or a flow collection). */
  private replaceInline(node: YamlNode, replacement: string): void {
    if (!node.range) return this.inexact();
    const [start, end] = node.range;
    // Keep a trailing comment in its column when the value's width changes.
    const gap = /^( {2,})#/.exec(this.text.slice(end, this.lineEnd(end)));
    if (gap?.[1] !== undefined) {
      const spaces = Math.max(1, gap[1].length - (replacement.length - (end - start)));
      this.splice(start, end + gap[1].length, `${replacement}${' '.repeat(spaces)}`);
    } else {
      this.splice(start, end, replacement);
    }
  }

  private insertLines(at: number, lines: readonly string[]): void {
    const lead = at > 0 && this.text[at - 1] !== '\n' ? '\n' : '';
    this.splice(at, at, `${lead}${lines.join('\n')}\n`);
  }

  private isBlock(node: YAMLSeq | YAMLMap): boolean {
    return node.flow !== true && !this.insideFlow(node);
  }

  /** Whether `node` is, or lies inside, a flow collection of the file. */
  private insideFlow(node: YamlNode): boolean {
    return this.flowOf.has(node);
  }

  private markFlow(node: YamlNode): void {
    const outer = this.flowOf.get(node);
    if (outer === undefined) this.inexact();
    else this.dirtyFlow.add(outer);
  }

  /** Records a splice; it replaces the soft splices it covers (a moved anchor's, a copy's). */
  private splice(start: number, end: number, text: string, soft = false): void {
    const kept = this.splices.filter((s) => !s.soft || s.start < start || s.end > end);
    this.splices.splice(0, this.splices.length, ...kept, { start, end, text, soft });
  }

  private inexact(): void {
    this.exact = false;
  }

  private lineStart(offset: number): number {
    return this.text.lastIndexOf('\n', offset - 1) + 1;
  }

  /** Past the end of the line holding `offset - 1` (a value's end), its trailing comment included. */
  private lineEnd(offset: number): number {
    if (offset > 0 && this.text[offset - 1] === '\n') return offset;
    const newline = this.text.indexOf('\n', offset);
    return newline === -1 ? this.text.length : newline + 1;
  }
}

/** Lines for block `items` at `prefix` (`  - `), under the comment line `comment`. */
function itemLines(prefix: string, comment: string, items: readonly string[][]): string[] {
  const indent = ' '.repeat(prefix.length);
  const lines = [`${prefix.replace(/-\s*$/, '')}#${comment}`];
  for (const item of items) {
    item.forEach((line, i) => lines.push(i === 0 ? `${prefix}${line}` : `${indent}${line}`));
  }
  return lines;
}

/** `text` with every splice, or null when two overlap (an edit the splices cannot express). */
function applySplices(text: string, splices: readonly Splice[]): string | null {
  const sorted = [...splices].sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = 0;
  for (const s of sorted) {
    if (s.start < at) return null;
    out += text.slice(at, s.start) + s.text;
    at = s.end;
  }
  return out + text.slice(at);
}
