/**
 * The flow collections of a parsed file (`[admin]`, `{api_requests_daily: 5}`) for the YAML
 * editor: a change inside one re-renders it whole, on its line, at the end of the edit.
 */
import type { Document, Node as YamlNode, YAMLMap, YAMLSeq } from 'yaml';
import { childrenOf, containsNode, visitCollections } from './visit-yaml-nodes.js';

/** For each node inside a flow collection, the outermost one; and those changed inside. */
export class FlowCollections {
  private readonly outer = new Map<unknown, YamlNode>();
  private readonly changed = new Set<YamlNode>();

  /** Registers every flow collection of `doc` as parsed. */
  constructor(doc: Document) {
    visitCollections(doc.contents, (collection) => {
      if (collection.flow !== true || this.outer.has(collection)) return;
      this.register(collection);
    });
  }

  /** Records `collection` (a flow collection) as the outermost flow of everything inside it. */
  register(collection: YAMLMap | YAMLSeq): void {
    visitCollections(collection, (inner) => {
      this.outer.set(inner, collection);
      for (const child of childrenOf(inner)) this.outer.set(child, collection);
    });
  }

  /** The outermost flow collection holding `node` (itself, when it is one); undefined if none. */
  outerOf(node: unknown): YamlNode | undefined {
    return this.outer.get(node);
  }

  /** Whether `node` is, or lies inside, a flow collection of the file. */
  contains(node: unknown): boolean {
    return this.outer.has(node);
  }

  /** Whether `node` is a block collection outside any flow collection. */
  isBlock(node: YAMLSeq | YAMLMap): boolean {
    return node.flow !== true && !this.contains(node);
  }

  /** Marks the flow collection holding `node` as changed; false when `node` lies in none. */
  markChanged(node: YamlNode): boolean {
    const outer = this.outer.get(node);
    if (outer !== undefined) this.changed.add(outer);
    return outer !== undefined;
  }

  /** The changed flow collections that lie inside no other changed one. */
  changedOutermost(): YamlNode[] {
    const all = [...this.changed];
    return all.filter((node) => !all.some((o) => o !== node && containsNode(o, node)));
  }
}
