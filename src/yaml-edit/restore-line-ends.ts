/**
 * Line ends for `export --diff`: FILE is edited as LF text (yaml and the editor read LF); the
 * result gets FILE's own line ends back, so the diff shows no line-end change and applies to FILE.
 */
import { diffLines } from 'diff';

/**
 * `edited` (an edit of `original` read with LF line ends) with `original`'s line ends: every line
 * kept from `original` ends as it did there; a new line ends as most lines of `original` do.
 */
export function restoreLineEnds(original: string, edited: string): string {
  const crlf = original.split('\r\n').length - 1;
  if (crlf === 0) return edited;
  const lf = original.split('\n').length - 1 - crlf;
  const newEnd = crlf >= lf ? '\r\n' : '\n';
  const originalLines = original.split(/(?<=\n)/);
  let at = 0;
  let out = '';
  for (const change of diffLines(original.replace(/\r\n/g, '\n'), edited)) {
    const count = change.count;
    if (change.removed) {
      at += count;
    } else if (change.added) {
      out += change.value.replace(/\n/g, newEnd);
    } else {
      out += originalLines.slice(at, at + count).join('');
      at += count;
    }
  }
  return out;
}
