/**
 * Edits a YAML file through its parsed Document while keeping every untouched byte of the text:
 * each edit changes the Document (yaml's API: comments, key order and flow/block style stay) and
 * records the same change as a splice of the original text (text-edits.ts), so comment alignment,
 * blank lines and quoting elsewhere are exactly as written. `toText()` checks that the spliced text
 * parses to the edited Document's value; should a layout be one the splices do not handle (or the
 * check fail), it falls back to yaml's rendering of the edited Document: the same data, restyled,
 * and the result says so and why (`restyled: true`, `reason`).
 *
 * Anchors: see move-anchors.ts. An alias that changes becomes a value of its own.
 */
import { isDeepStrictEqual } from 'node:util';
import { isAlias, isCollection, isScalar, parseDocument } from 'yaml';
import type { Document, Node as YamlNode, YAMLMap, YAMLSeq } from 'yaml';
import { GtiSyncError } from '../model/errors.js';
import { createEditContext } from './edit-context.js';
import type { EditContext } from './edit-context.js';
import { RENDER } from './file-style.js';
import type { WrittenValue } from './file-style.js';
import { unshare } from './move-anchors.js';
import { hasRange } from './visit-yaml-nodes.js';
import { keyOf, writeBelowKey } from './write-below-key.js';

export type { WrittenValue } from './file-style.js';

/**
 * The edited file: `text` kept byte for byte where untouched, or (`restyled: true`) yaml's
 * rendering of the edited Document, with `reason` saying why the text could not be kept.
 */
export type EditedText =
  { text: string; restyled: false } | { text: string; restyled: true; reason: string };

/** Edits `text` (one YAML document, LF line ends) through `doc`, parsed from that same text. */
export class YamlTextEditor {
  private readonly ctx: EditContext;

  /** `file` names the file in the error should even yaml fail to render the edited Document. */
  constructor(
    text: string,
    readonly doc: Document,
    private readonly file = 'the file',
  ) {
    this.ctx = createEditContext(text, doc);
  }

  /** Makes `node` the only user of the anchors under it (move-anchors.ts), before it changes. */
  unshare(node: unknown): void {
    unshare(this.ctx, node);
  }

  /**
   * Removes `item` from the block sequence `seq` (its lines; comments above it stay). The last item
   * removed leaves `key: []`: a bare `key:` would read as null.
   */
  removeItem(seq: YAMLSeq, item: YAMLMap): void {
    const { edits, flows } = this.ctx;
    const index = seq.items.indexOf(item);
    if (index === -1) return;
    this.unshare(item);
    seq.items.splice(index, 1);
    if (!flows.isBlock(seq) || !hasRange(item))
      return edits.inexact('an entry removed from a flow list');
    const start = edits.lineStart(item.range[0]);
    if (!/^\s*-\s+$/.test(edits.text.slice(start, item.range[0])))
      return edits.inexact('an entry removed that does not start its own `- ` line');
    edits.splice(start, edits.lineEnd(item.range[1]), '');
    if (seq.items.length > 0) return;
    const key = keyOf(this.ctx, seq);
    if (key === undefined) return edits.inexact('an emptied list not written as `key:`');
    seq.flow = true;
    edits.splice(key.colon + 1, key.colon + 1, ' []');
  }

  /**
   * Appends `items` (maps written in the file's style) at the end of the block sequence `seq`,
   * after a comment line `comment`. An empty flow list `[]` becomes a block list.
   */
  appendItems(seq: YAMLSeq, items: readonly YAMLMap[], comment: string): void {
    const { edits, flows, style } = this.ctx;
    const last = seq.items.at(-1);
    const emptyFlow = seq.items.length === 0 && flows.outerOf(seq) === seq;
    const rendered = items.map((item) => style.renderBlock(item).split('\n'));
    items.forEach((item, i) => {
      if (i === 0) item.commentBefore = comment;
      seq.items.push(item);
    });
    if (emptyFlow) return this.appendToEmptyFlow(seq, rendered, comment);
    if (!isCollection(last) || !flows.isBlock(seq) || !hasRange(last))
      return edits.inexact('entries appended to a flow list, or after an entry that is not a map');
    const prefix = edits.text.slice(edits.lineStart(last.range[0]), last.range[0]);
    if (!/^\s*-\s+$/.test(prefix))
      return edits.inexact('entries appended after one that does not start its own `- ` line');
    edits.insertLines(edits.lineEnd(last.range[1]), itemLines(prefix, comment, rendered));
  }

  /** `key: []` becomes `key:` with the items below it, one step in from the key. */
  private appendToEmptyFlow(seq: YAMLSeq, rendered: string[][], comment: string): void {
    if (!hasRange(seq)) return this.ctx.edits.inexact('an empty list with no place in the text');
    seq.flow = false;
    writeBelowKey(this.ctx, seq, '', itemLines('- ', comment, rendered));
  }

  /** Sets `key` of `map` to `value`: in place when present, else as a new key after `after`. */
  setKey(map: YAMLMap, key: string, value: WrittenValue, after: readonly string[]): void {
    const node = this.ctx.style.createNode(value, map, key);
    const pair = map.items.find((p) => isScalar(p.key) && p.key.value === key);
    if (pair === undefined) return this.insertKey(map, key, node, after);
    const old: unknown = pair.value;
    this.unshare(old);
    pair.value = node;
    if (this.ctx.flows.contains(map)) return this.markFlow(map);
    this.replaceValue(old, node);
  }

  /** Writes `node` where the value `old` is written. */
  private replaceValue(old: unknown, node: YamlNode): void {
    const { edits, style } = this.ctx;
    if (isAlias(old) && hasRange(old)) {
      return isCollection(node) && node.flow !== true
        ? writeBelowKey(this.ctx, old, '', style.renderBlock(node).split('\n'))
        : edits.replaceInline(old, style.renderInline(node));
    }
    if (isScalar(old) && isScalar(node)) return edits.replaceInline(old, style.renderInline(node));
    if (isCollection(old) && old.flow === true && isCollection(node))
      return edits.replaceInline(old, style.renderInline(node));
    if (isCollection(old) && isCollection(node) && hasRange(old)) {
      // A block collection: rewrite its lines at its indentation.
      const start = edits.lineStart(old.range[0]);
      const indent = ' '.repeat(old.range[0] - start);
      const lines = style.renderBlock(node).split('\n');
      const text = lines.map((line) => `${indent}${line}`).join('\n');
      return edits.splice(start, edits.lineEnd(old.range[1]), `${text}\n`);
    }
    edits.inexact('a value replaced by one of another shape');
  }

  /** Adds `key: node` to `map` after the last of the keys `after` (else after its first key). */
  private insertKey(map: YAMLMap, key: string, node: YamlNode, after: readonly string[]): void {
    const { doc, edits, style } = this.ctx;
    const index = insertionIndex(map, after);
    map.items.splice(index, 0, doc.createPair(key, node));
    if (this.ctx.flows.contains(map)) return this.markFlow(map);
    const previous = map.items[index - 1]?.value;
    const firstKey = map.items[0]?.key;
    if (!isScalar(firstKey) || !firstKey.range || !hasRange(previous))
      return edits.inexact('a key added where the keys around it have no place in the text');
    const indent = ' '.repeat(firstKey.range[0] - edits.lineStart(firstKey.range[0]));
    const rendered =
      isCollection(node) && node.flow !== true
        ? [
            `${key}:`,
            ...style
              .renderBlock(node)
              .split('\n')
              .map((l) => `${style.step()}${l}`),
          ]
        : [`${key}: ${style.renderInline(node)}`];
    edits.insertLines(
      edits.lineEnd(previous.range[1]),
      rendered.map((line) => `${indent}${line}`),
    );
  }

  /** Removes `key` from `map` (its lines, or a re-rendered flow map). */
  removeKey(map: YAMLMap, key: string): void {
    const { edits } = this.ctx;
    const index = map.items.findIndex((p) => isScalar(p.key) && p.key.value === key);
    const pair = map.items[index];
    if (pair === undefined) return;
    this.unshare(pair.value);
    map.items.splice(index, 1);
    if (this.ctx.flows.contains(map)) return this.markFlow(map);
    if (!isScalar(pair.key) || !pair.key.range || !hasRange(pair.value))
      return edits.inexact('a key removed that has no place in the text');
    const start = edits.lineStart(pair.key.range[0]);
    if (edits.text.slice(start, pair.key.range[0]).trim() !== '')
      return edits.inexact('a key removed that does not start its own line');
    edits.splice(start, edits.lineEnd(pair.value.range[1]), '');
  }

  /** A new map for `value` (to append), its collections in the file's style for their keys. */
  createEntry(value: Readonly<Record<string, WrittenValue>>): YAMLMap {
    return this.ctx.style.createEntry(value);
  }

  /**
   * The edited file: the original text with every splice, or yaml's rendering (see above);
   * EDIT_FAILED should yaml not render the edited Document either.
   */
  toText(): EditedText {
    const spliced = this.splicedText();
    if ('text' in spliced) return { text: spliced.text, restyled: false };
    try {
      return { text: this.doc.toString(RENDER), restyled: true, reason: spliced.reason };
    } catch (cause) {
      throw new GtiSyncError(
        'EDIT_FAILED',
        `cannot edit ${this.file} to match the live group (${messageOf(cause)})`,
        { cause },
      );
    }
  }

  /** The spliced text, checked to read as the edited Document; else why it cannot be used. */
  private splicedText(): { text: string } | { reason: string } {
    const { edits, flows, style } = this.ctx;
    try {
      for (const node of flows.changedOutermost())
        edits.replaceInline(node, style.renderInline(node));
      const result = edits.result();
      if ('reason' in result) return result;
      const parsed = parseDocument(result.text);
      if (parsed.errors.length === 0 && isDeepStrictEqual(parsed.toJS(), this.doc.toJS()))
        return result;
      return { reason: 'the edited text does not read back as the edited file' };
    } catch (cause) {
      // yaml refuses what the splices wrote (e.g. a flow collection holding an alias).
      return { reason: `yaml cannot write an edited value in place: ${messageOf(cause)}` };
    }
  }

  private markFlow(node: YamlNode): void {
    if (!this.ctx.flows.markChanged(node))
      this.ctx.edits.inexact('a change inside a flow collection not in the text');
  }
}

/** Where a new key goes in `map`: after the last of `after` present, else after the first key. */
function insertionIndex(map: YAMLMap, after: readonly string[]): number {
  let index = Math.min(1, map.items.length);
  map.items.forEach((pair, i) => {
    if (isScalar(pair.key) && after.includes(String(pair.key.value))) index = i + 1;
  });
  return index;
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

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
