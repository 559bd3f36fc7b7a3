/**
 * What the parts of the YAML editor share about one edit: the Document, the text and its splices,
 * the flow collections, the file's style, and the copies written where anchors moved.
 */
import type { Document, Node as YamlNode } from 'yaml';
import { FileStyle } from './file-style.js';
import { FlowCollections } from './flow-collections.js';
import { TextEdits } from './text-edits.js';

/** The state of one edit of one file. */
export interface EditContext {
  readonly doc: Document;
  readonly edits: TextEdits;
  readonly flows: FlowCollections;
  readonly style: FileStyle;
  /** The text of each copy written at an alias (a scalar or flow collection), its anchor left out. */
  readonly copies: Map<YamlNode, string>;
}

/** A fresh edit of `text` (one YAML document, LF line ends) through `doc`, parsed from it. */
export function createEditContext(text: string, doc: Document): EditContext {
  return {
    doc,
    edits: new TextEdits(text),
    flows: new FlowCollections(doc),
    style: new FileStyle(text, doc),
    copies: new Map(),
  };
}
