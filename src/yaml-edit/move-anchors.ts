/**
 * Anchors under an edit: a value whose anchor other values use (`&adm`, `*adm`) is never changed in
 * place. Before it changes or goes, its anchor moves to the first alias that uses it, which
 * becomes a copy of the value; the other aliases stay as written.
 */
import { isCollection, isScalar } from 'yaml';
import type { Alias, Node as YamlNode } from 'yaml';
import type { EditContext } from './edit-context.js';
import {
  clearRanges,
  containsNode,
  hasRange,
  listAliasesOf,
  listAnchoredNodes,
  replaceNode,
} from './visit-yaml-nodes.js';
import type { RangedNode } from './visit-yaml-nodes.js';
import { blockLines, writeBelowKey } from './write-below-key.js';

/**
 * Makes `node` the only user of the anchors under it, before it is changed or removed: each anchor
 * an alias outside `node` uses moves to the first such alias, which becomes a copy of the value.
 */
export function unshare(ctx: EditContext, node: unknown): void {
  for (const anchored of listAnchoredNodes(node)) {
    const alias = listAliasesOf(ctx.doc, anchored).find((a) => !containsNode(node, a));
    if (alias !== undefined) moveAnchor(ctx, anchored, alias);
  }
}

/**
 * Moves the anchor of `source` to `alias` (the first alias using it), which becomes a copy of
 * `source` written as `source` is: `&name [admin]`, or `&name` and the block's lines below its key.
 */
function moveAnchor(ctx: EditContext, source: YamlNode, alias: Alias): void {
  const name = source.anchor;
  const copy: unknown = source.clone();
  if (!isScalar(copy) && !isCollection(copy))
    return ctx.edits.inexact('an anchored value yaml cannot copy');
  delete source.anchor;
  clearRanges(copy);
  copy.range = null;
  writeCopy(ctx, source, alias, copy, name);
  replaceNode(ctx.doc, alias, copy);
}

/** Writes `copy` (of `source`, anchored `name`) in place of `alias` in the text. */
function writeCopy(
  ctx: EditContext,
  source: YamlNode,
  alias: Alias,
  copy: YamlNode,
  name?: string,
): void {
  if (name === undefined || !hasRange(source) || !hasRange(alias))
    return ctx.edits.inexact('an anchor or alias with no place in the text');
  const body = ctx.copies.get(source);
  if (body === undefined) removeAnchorText(ctx, source, name);
  if (isCollection(source) && source.flow !== true) {
    if (body !== undefined) return ctx.edits.inexact('an anchor moved twice over a block');
    return writeBelowKey(ctx, alias, `&${name}`, blockLines(ctx, source));
  }
  const text = body ?? ctx.edits.text.slice(source.range[0], source.range[1]);
  copy.range = [alias.range[0], alias.range[1], alias.range[2]];
  ctx.copies.set(copy, text);
  if (isCollection(copy)) ctx.flows.register(copy);
  ctx.edits.splice(alias.range[0], alias.range[1], `&${name} ${text}`, true);
}

/** Removes `&name` before `node` (its anchor moved away), unless a comment stands between. */
function removeAnchorText(ctx: EditContext, node: RangedNode, name: string): void {
  const { text } = ctx.edits;
  const at = text.lastIndexOf(`&${name}`, node.range[0]);
  const end = at + name.length + 1;
  const between = text.slice(end, node.range[0]);
  if (at === -1 || !/^\s+$/.test(between)) return;
  if (!between.includes('\n')) return ctx.edits.splice(at, node.range[0], '', true);
  const spaces = /\s*$/.exec(text.slice(0, at))?.[0].length ?? 0;
  ctx.edits.splice(at - spaces, end, '', true);
}
