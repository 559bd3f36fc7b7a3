/**
 * The yaml package's errors in gti-sync's words: a stable code, a message that says what to do
 * (never the library's advice, e.g. "please use YAML.parseAllDocuments()"), and no cascade of
 * follow-on syntax errors after a tab in the indentation.
 */
import { isPair, isScalar, visit } from 'yaml';
import type { Document, ErrorCode as YamlErrorCode, LineCounter, YAMLError } from 'yaml';
import type { ErrorCode } from '../model/error-codes.js';

/** The yaml package's error codes that have a stable gti-sync code of their own. */
const YAML_CODES: Partial<Record<YamlErrorCode, ErrorCode>> = {
  DUPLICATE_KEY: 'YAML_DUPLICATE_KEY',
  TAB_AS_INDENT: 'YAML_TAB_INDENT',
  MULTIPLE_DOCS: 'YAML_MULTIPLE_DOCUMENTS',
};

/** Widths a tab is tried as when looking for the structure its author meant. */
const TAB_WIDTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/** One YAML-stage problem before it gets a file: code, message, offset in the text. */
export interface YamlIssue {
  code: ErrorCode;
  message: string;
  offset: number;
}

/** What the messages need to know about the parsed text. */
export interface YamlErrorContext {
  text: string;
  doc: Document;
  lineCounter: LineCounter;
  /** What the file is, for messages: `a group file`; default `this file`. */
  what?: string | undefined;
}

/** The errors of a parse of `text` (with the same options), each as its code and 1-based line. */
export type ParseErrors = (text: string) => { code: string; line: number }[];

/** `errors` of the parse of `context.text` as gti-sync problems (codes and messages). */
export function describeYamlErrors(
  errors: readonly YAMLError[],
  context: YamlErrorContext,
  parseErrors: ParseErrors,
): YamlIssue[] {
  const kept = dropTabCascade(errors, context, parseErrors);
  // "Nested mappings are not allowed in compact mappings" comes with "Implicit keys need to be on
  // a single line" at the same place: one slip, one problem.
  const nested = new Set(
    kept.filter((error) => error.code === 'BLOCK_AS_IMPLICIT_KEY').map((error) => error.pos[0]),
  );
  return kept
    .filter((error) => !(error.code === 'MULTILINE_IMPLICIT_KEY' && nested.has(error.pos[0])))
    .map((error) => {
      const slip = indentationSlip(error, context);
      return {
        code: YAML_CODES[error.code] ?? 'YAML_SYNTAX',
        message: slip?.message ?? messageOf(error, context),
        offset: slip?.offset ?? error.pos[0],
      };
    });
}

/**
 * An error that means a line is indented wrong, told as such, at the line that is: for a line
 * indented deeper than the key above it, the parser points at the value of that key (the line
 * above); the slip is on the next line with content.
 */
function indentationSlip(
  error: YAMLError,
  context: Pick<YamlErrorContext, 'text' | 'lineCounter'>,
): { message: string; offset: number } | undefined {
  const line = context.lineCounter.linePos(error.pos[0]).line;
  if (error.code === 'BLOCK_AS_IMPLICIT_KEY') {
    const next = nextContentLine(context.text, error.pos[0]);
    if (next === undefined) return undefined;
    const slipLine = context.lineCounter.linePos(next).line;
    return {
      message:
        `line ${slipLine} is indented deeper than line ${line}, so it reads as part of the value ` +
        `on line ${line}: check the indentation (keys of one mapping start in the same column)`,
      offset: next,
    };
  }
  const indentation =
    error.code === 'BAD_INDENT' ||
    (error.code === 'MISSING_CHAR' && error.message.startsWith('Sequence item without'));
  if (!indentation) return undefined;
  return {
    message: `${firstLine(error.message)}: check the indentation of line ${line}`,
    offset: error.pos[0],
  };
}

/** The offset of the first character of the next line after `offset` that is not blank or a comment. */
function nextContentLine(text: string, offset: number): number | undefined {
  const pattern = /\n([ \t]*)(?=[^\s#])/g;
  pattern.lastIndex = offset;
  const match = pattern.exec(text);
  return match === null ? undefined : match.index + 1 + (match[1]?.length ?? 0);
}

/**
 * A tab in the indentation confuses the parser about the rest of its block, so it reports errors
 * on later lines that are correct. The text is parsed again with each indentation tab read as 0
 * to 8 spaces (one line stays one line); the reading with the fewest errors is what the author
 * meant, and an error of the original that this reading does not share (same code, same line) was
 * caused by the tab. The tab errors themselves are kept, once each; so is every error that does
 * not depend on the tab.
 */
function dropTabCascade(
  errors: readonly YAMLError[],
  context: Pick<YamlErrorContext, 'text' | 'lineCounter'>,
  parseErrors: ParseErrors,
): YAMLError[] {
  if (!errors.some((error) => error.code === 'TAB_AS_INDENT')) return [...errors];
  let best: Set<string> | undefined;
  for (const width of TAB_WIDTHS) {
    const untabbed = context.text.replace(/^[ \t]*\t[ \t]*/gm, (indent) =>
      indent.replaceAll('\t', ' '.repeat(width)),
    );
    const found = parseErrors(untabbed).map((error) => `${error.code}:${error.line}`);
    if (best === undefined || found.length < best.size) best = new Set(found);
    if (best.size === 0) break;
  }
  const real = best ?? new Set<string>();
  return errors.filter(
    (error) =>
      error.code === 'TAB_AS_INDENT' ||
      real.has(`${error.code}:${context.lineCounter.linePos(error.pos[0]).line}`),
  );
}

function messageOf(error: YAMLError, context: YamlErrorContext): string {
  const line = context.lineCounter.linePos(error.pos[0]).line;
  switch (error.code) {
    case 'MULTIPLE_DOCS': {
      const what = context.what ?? 'this file';
      return context.text.startsWith('---', error.pos[0])
        ? `${what} holds one document; remove the \`---\` at line ${line}`
        : `${what} holds one document; a second one starts at line ${line}: remove it`;
    }
    case 'DUPLICATE_KEY':
      return duplicateKeyMessage(error.pos[0], context);
    case 'TAB_AS_INDENT':
      return 'a tab in the indentation; YAML indents with spaces only';
    default:
      return firstLine(error.message);
  }
}

/** `key "group" is already set at line 2 of this mapping; a key may appear once`. */
function duplicateKeyMessage(offset: number, context: YamlErrorContext): string {
  let found: { key: string; firstLine: number } | undefined;
  visit(context.doc, {
    Map(_key, map) {
      const seen = new Map<unknown, number>();
      for (const pair of map.items) {
        if (!isPair(pair) || !isScalar(pair.key)) continue;
        const start = pair.key.range?.[0];
        const first = seen.get(pair.key.value);
        if (start === offset && first !== undefined) {
          const key = String(pair.key.value);
          found = { key, firstLine: context.lineCounter.linePos(first).line };
          return visit.BREAK;
        }
        if (first === undefined && start !== undefined) seen.set(pair.key.value, start);
      }
      return undefined;
    },
  });
  if (found === undefined) return 'a key appears twice in one mapping; a key may appear once';
  return `key "${found.key}" is already set at line ${found.firstLine} of this mapping; a key may appear once`;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
