/**
 * Writing a value as lines below its key (`key:` then the block, one indentation step in), and
 * finding where a key is written: shared by the YAML editor's edits and its anchor moves.
 */
import { isMap, isScalar } from 'yaml';
import type { Node as YamlNode } from 'yaml';
import type { EditContext } from './edit-context.js';
import { visitCollections } from './visit-yaml-nodes.js';
import type { RangedNode } from './visit-yaml-nodes.js';

/**
 * Writes `key: inline` (or `key:`) in place of `key: value`, and `lines` below it one step in from
 * the key; a comment after the value stays on the key's line.
 */
export function writeBelowKey(
  ctx: EditContext,
  value: RangedNode,
  inline: string,
  lines: readonly string[],
): void {
  const key = keyOf(ctx, value);
  if (key === undefined) return ctx.edits.inexact('a key not written as `key:`');
  const indent = `${' '.repeat(key.column)}${ctx.style.step()}`;
  ctx.edits.splice(key.colon + 1, value.range[1], inline === '' ? '' : ` ${inline}`);
  ctx.edits.insertLines(
    ctx.edits.lineEnd(value.range[1]),
    lines.map((line) => (line === '' ? '' : `${indent}${line}`)),
  );
}

/** Where the key whose value is `value` is written: its column and the offset of its `:`. */
export function keyOf(
  ctx: EditContext,
  value: YamlNode,
): { column: number; colon: number } | undefined {
  let key: unknown;
  visitCollections(ctx.doc.contents, (collection) => {
    if (!isMap(collection)) return;
    for (const pair of collection.items) if (pair.value === value) key = pair.key;
  });
  if (!isScalar(key) || !key.range) return undefined;
  const { text } = ctx.edits;
  const colon = text.indexOf(':', key.range[1]);
  if (colon === -1 || text.slice(key.range[1], colon).trim() !== '') return undefined;
  return { column: key.range[0] - ctx.edits.lineStart(key.range[0]), colon };
}

/** The lines of the block collection `node` as written, less its indentation. */
export function blockLines(ctx: EditContext, node: RangedNode): string[] {
  const start = ctx.edits.lineStart(node.range[0]);
  const column = node.range[0] - start;
  return ctx.edits.text
    .slice(start, ctx.edits.lineEnd(node.range[1]))
    .replace(/\n$/, '')
    .split('\n')
    .map((line) => line.slice(Math.min(column, line.length - line.trimStart().length)));
}
