import { describe, expect, it } from 'vitest';
import { isMap, isSeq, parseDocument } from 'yaml';
import { TextEdits } from '../../src/yaml-edit/text-edits.js';
import { YamlTextEditor } from '../../src/yaml-edit/edit-yaml-text.js';

describe('TextEdits', () => {
  const text = 'a: 1\nb: 2\nc: 3\n';

  it('applies splices in text order, whatever order they were recorded in', () => {
    const edits = new TextEdits(text);
    edits.splice(8, 9, '20');
    edits.splice(3, 4, '10');
    expect(edits.result()).toEqual({ text: 'a: 10\nb: 20\nc: 3\n' });
  });

  it('overlapping splices: no text, a reason', () => {
    const edits = new TextEdits(text);
    edits.splice(0, 6, '');
    edits.splice(3, 9, 'x');
    expect(edits.result()).toEqual({ reason: expect.stringContaining('overlap') });
  });

  it('a later splice over a soft one replaces it (a moved anchor rewritten)', () => {
    const edits = new TextEdits(text);
    edits.splice(3, 4, '&x 1', true);
    edits.splice(0, 5, 'a: 9\n');
    expect(edits.result()).toEqual({ text: 'a: 9\nb: 2\nc: 3\n' });
  });

  it('an inexact edit keeps its first reason and gives no text', () => {
    const edits = new TextEdits(text);
    edits.splice(3, 4, '10');
    edits.inexact('first');
    edits.inexact('second');
    expect(edits.result()).toEqual({ reason: 'first' });
  });

  it('finds line starts and ends (a line end includes its newline)', () => {
    const edits = new TextEdits(text);
    expect(edits.lineStart(7)).toBe(5);
    expect(edits.lineEnd(7)).toBe(10);
    expect(edits.lineEnd(10)).toBe(10);
  });
});

describe('YamlTextEditor.toText: in place, or restyled with a reason', () => {
  it('an edit the splices express: the text in place, restyled false', () => {
    const text = 'a: 1   # one\nb: [x]\n';
    const doc = parseDocument(text);
    const editor = new YamlTextEditor(text, doc);
    if (!isMap(doc.contents)) throw new Error('a map');
    editor.setKey(doc.contents, 'a', 2, []);
    expect(editor.toText()).toEqual({ text: 'a: 2   # one\nb: [x]\n', restyled: false });
  });

  it('an entry removed from a flow list: restyled true, and why', () => {
    const text = 'members: [{email: a}, {email: b}]\n';
    const doc = parseDocument(text);
    const editor = new YamlTextEditor(text, doc);
    const seq = doc.get('members', true);
    const second = isSeq(seq) ? seq.items[1] : undefined;
    if (!isSeq(seq) || !isMap(second)) throw new Error('a list of maps');
    editor.removeItem(seq, second);
    const out = editor.toText();
    expect(out).toMatchObject({ restyled: true, reason: expect.stringContaining('flow list') });
    expect(parseDocument(out.text).toJS()).toEqual({ members: [{ email: 'a' }] });
  });
});
