/**
 * How the edited file writes things, so what the YAML editor adds reads like the rest: its
 * indentation step, flow or block style per key, and yaml's rendering of new values.
 */
import { Document, isCollection, isMap, isScalar, stringify } from 'yaml';
import type { Node as YamlNode, YAMLMap } from 'yaml';
import { lineStartOf } from './text-edits.js';
import { visitCollections } from './visit-yaml-nodes.js';

/** How yaml renders what the editor writes and, in the fallback, the whole file. */
export const RENDER = { lineWidth: 0, flowCollectionPadding: false } as const;

/** A value written into the file: a scalar, a list of scalars or a map of scalars. */
export type WrittenValue = string | number | readonly string[] | Readonly<Record<string, number>>;

/** The style of one file (`text`, parsed as `doc`), learnt from it on first use. */
export class FileStyle {
  private readonly flowStyle = new Map<string, boolean>();
  private indentStep: string | undefined;

  constructor(
    private readonly text: string,
    private readonly doc: Document,
  ) {}

  /** A node for `value`, in the style the file uses for `key` (a flow or block collection). */
  createNode(value: WrittenValue, parent: YAMLMap, key: string): YamlNode {
    const node = this.doc.createNode(value);
    if (isCollection(node)) node.flow = this.prefersFlow(key, parent);
    return node;
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

  /**
   * Whether to write `key` (of `parent`) in flow style: as it is written there, else as the file
   * first writes a collection under that key, else flow (export's style).
   */
  prefersFlow(key: string, parent?: YAMLMap): boolean {
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
  renderInline(node: YamlNode): string {
    if (isScalar(node)) return stringify(node.value, RENDER).trimEnd();
    const copy = node.clone();
    copy.comment = null;
    copy.commentBefore = null;
    return new Document(copy).toString(RENDER).trimEnd();
  }

  /** `node` as block lines at the file's indentation step, less any indentation of its own. */
  renderBlock(node: YamlNode): string {
    return new Document(node).toString({ ...RENDER, indent: this.step().length }).trimEnd();
  }

  /** The file's indentation step (of the first nested block map), else 2. */
  step(): string {
    this.indentStep ??= ' '.repeat(this.findStep() ?? 2);
    return this.indentStep;
  }

  private findStep(): number | undefined {
    let step: number | undefined;
    visitCollections(this.doc.contents, (map) => {
      if (!isMap(map)) return;
      for (const pair of map.items) {
        const child = pair.value;
        if (step !== undefined || !isMap(child) || child.flow === true) continue;
        const first = child.items[0]?.key;
        if (!isScalar(pair.key) || !pair.key.range || !isScalar(first) || !first.range) continue;
        const parentCol = this.column(pair.key.range[0]);
        const childCol = this.column(first.range[0]);
        if (childCol > parentCol) step = childCol - parentCol;
      }
    });
    return step;
  }

  private column(offset: number): number {
    return offset - lineStartOf(this.text, offset);
  }
}
