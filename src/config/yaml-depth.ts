/**
 * How deep a YAML text nests, told from the yaml library's lexer before its parser sees the text.
 * The parser recurses once per level: thousands of `[` (or of `- ` on one line) exhausted its stack
 * (it said "Maximum call stack size exceeded" as a syntax error), and in a probe two such parses
 * in one process ended it with a fatal V8 error. The lexer is iterative, and its tokens tell
 * brackets from quotes and comments.
 */
import { CST, Lexer } from 'yaml';

/** Collections nested deeper than this are refused (a group file needs 5 levels). */
export const MAX_YAML_DEPTH = 64;

/**
 * The most a line's indentation (in spaces) plus its block indicators (`- `, `? `, `: ` outside
 * brackets) may add up to. Far above any real file, far below what the parser can follow; the parsed document is then
 * held to MAX_YAML_DEPTH as well.
 */
const MAX_LINE_DEPTH = 1000;

/** Tokens the lexer adds that are not in the text. */
const CONTROL_TOKENS: ReadonlySet<string> = new Set([CST.DOCUMENT, CST.FLOW_END, CST.SCALAR]);

/**
 * The offset in `text` where flow collections (`[`, `{`) first stand more than MAX_YAML_DEPTH
 * deep, or a line's indentation and block indicators pass MAX_LINE_DEPTH; `undefined` when
 * neither happens.
 */
export function nestingTooDeep(text: string): number | undefined {
  let offset = 0;
  let flow = 0;
  let lineStart = 0;
  let lineIndent = -1;
  let indicators = 0;
  for (const token of new Lexer().lex(text)) {
    if (CONTROL_TOKENS.has(token)) continue;
    switch (CST.tokenType(token)) {
      case 'flow-map-start':
      case 'flow-seq-start':
        flow += 1;
        if (flow > MAX_YAML_DEPTH) return offset;
        break;
      case 'flow-map-end':
      case 'flow-seq-end':
        if (flow > 0) flow -= 1;
        break;
      case 'seq-item-ind':
      case 'explicit-key-ind':
      case 'map-value-ind':
        // Inside brackets these are not block indicators (`{"a": 1, "b": 2}` nests once).
        if (flow > 0) break;
        if (lineIndent < 0) lineIndent = indentAt(text, lineStart);
        indicators += 1;
        if (lineIndent + indicators > MAX_LINE_DEPTH) return offset;
        break;
      default:
        break;
    }
    const newline = token.lastIndexOf('\n');
    if (newline >= 0) {
      lineStart = offset + newline + 1;
      lineIndent = -1;
      indicators = 0;
    }
    offset += token.length;
  }
  return undefined;
}

function indentAt(text: string, start: number): number {
  let end = start;
  while (text.charCodeAt(end) === 32) end += 1;
  return end - start;
}
