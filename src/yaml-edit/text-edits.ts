/**
 * The text side of the YAML editor (edit-yaml-text.ts): the original text, the splices recorded
 * over it, and where its lines start and end. An edit the splices cannot express is recorded with
 * its reason, so the editor can say why it fell back to a restyled file.
 */
import type { Node as YamlNode } from 'yaml';

/** One replacement of `text.slice(start, end)`. */
interface Splice {
  start: number;
  end: number;
  text: string;
  /** Written for a moved anchor: a later splice over the same text replaces it. */
  soft: boolean;
}

/** The original text and the splices of an edit; `result()` applies them. */
export class TextEdits {
  private readonly splices: Splice[] = [];
  private failure: string | undefined;

  /** `text`: one YAML document, LF line ends. */
  constructor(readonly text: string) {}

  /** Records a splice; it replaces the soft splices it covers (a moved anchor's, a copy's). */
  splice(start: number, end: number, text: string, soft = false): void {
    const kept = this.splices.filter((s) => !s.soft || s.start < start || s.end > end);
    this.splices.splice(0, this.splices.length, ...kept, { start, end, text, soft });
  }

  /** Records that an edit could not be written as a splice (the first reason is kept). */
  inexact(reason: string): void {
    this.failure ??= reason;
  }

  /** The text with every splice, or why there is none (an inexact edit, overlapping splices). */
  result(): { text: string } | { reason: string } {
    if (this.failure !== undefined) return { reason: this.failure };
    const text = applySplices(this.text, this.splices);
    return text === null ? { reason: 'two edits overlap in the text' } : { text };
  }

  /** Where the line holding `offset` starts. */
  lineStart(offset: number): number {
    return lineStartOf(this.text, offset);
  }

  /** Past the end of the line holding `offset - 1` (a value's end), its trailing comment included. */
  lineEnd(offset: number): number {
    if (offset > 0 && this.text[offset - 1] === '\n') return offset;
    const newline = this.text.indexOf('\n', offset);
    return newline === -1 ? this.text.length : newline + 1;
  }

  /** Inserts `lines` at `at` (a line start, or the end of a text without a final newline). */
  insertLines(at: number, lines: readonly string[]): void {
    const lead = at > 0 && this.text[at - 1] !== '\n' ? '\n' : '';
    this.splice(at, at, `${lead}${lines.join('\n')}\n`);
  }

  /** Replaces a value written on one line (a scalar or a flow collection). */
  replaceInline(node: YamlNode, replacement: string): void {
    if (!node.range) return this.inexact('a value with no place in the text');
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
}

/** Where the line of `text` holding `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
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
