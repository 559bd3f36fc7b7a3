/**
 * Walks over the nodes of a parsed YAML Document (yaml's API) for the text editor of
 * `export --diff`: collections, the values under them, anchors and the aliases that use them.
 */
import { isAlias, isCollection, isMap, isScalar, isSeq, visit } from 'yaml';
import type { Alias, Document, Node as YamlNode, YAMLMap, YAMLSeq } from 'yaml';

/** A node as parsed from the text: its range there. */
export type RangedNode = YamlNode & { range: [number, number, number] };

/** Whether `node` is a node with its range in the text. */
export function hasRange(node: unknown): node is RangedNode {
  return (isScalar(node) || isCollection(node) || isAlias(node)) && Array.isArray(node.range);
}

/** Calls `fn` on every map and sequence under `node` (itself included). */
export function visitCollections(node: unknown, fn: (collection: YAMLMap | YAMLSeq) => void): void {
  if (isMap(node)) {
    fn(node);
    for (const pair of node.items) visitCollections(pair.value, fn);
  } else if (isSeq(node)) {
    fn(node);
    for (const item of node.items) visitCollections(item, fn);
  }
}

/** The values (of a map) or items (of a sequence) of `collection`. */
export function childrenOf(collection: YAMLMap | YAMLSeq): unknown[] {
  return isMap(collection) ? collection.items.map((pair) => pair.value) : [...collection.items];
}

/** Whether `inner` is `outer` or lies inside it. */
export function containsNode(outer: unknown, inner: unknown): boolean {
  let found = outer === inner;
  visitCollections(outer, (collection) => {
    if (collection === inner || childrenOf(collection).includes(inner)) found = true;
  });
  return found;
}

/** Every node under `node` (itself included) that carries an anchor, in document order. */
export function listAnchoredNodes(node: unknown): YamlNode[] {
  const found: YamlNode[] = [];
  const add = (value: unknown): void => {
    if ((isScalar(value) || isCollection(value)) && value.anchor) found.push(value);
  };
  add(node);
  visitCollections(node, (collection) => childrenOf(collection).forEach(add));
  return [...new Set(found)];
}

/** The aliases of `doc` that stand for `node`, in document order. */
export function listAliasesOf(doc: Document, node: YamlNode): Alias[] {
  const found: Alias[] = [];
  visit(doc, {
    Alias: (_key, alias) => {
      if (alias.resolve(doc) === node) found.push(alias);
    },
  });
  return found;
}

/** Puts `replacement` where `node` is in `doc` (a map's value or a sequence's item). */
export function replaceNode(doc: Document, node: unknown, replacement: YamlNode): void {
  visitCollections(doc.contents, (collection) => {
    if (isMap(collection)) {
      for (const pair of collection.items) if (pair.value === node) pair.value = replacement;
    } else {
      collection.items.forEach((item, i) => {
        if (item === node) collection.items[i] = replacement;
      });
    }
  });
}

/** Forgets the text ranges of every node under `node` (itself excluded): they are not in the text. */
export function clearRanges(node: unknown): void {
  visitCollections(node, (collection) => {
    if (collection !== node) collection.range = null;
    for (const child of childrenOf(collection)) {
      if (isScalar(child) || isCollection(child) || isAlias(child)) child.range = null;
    }
  });
}
