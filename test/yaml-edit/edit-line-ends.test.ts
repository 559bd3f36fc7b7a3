/** restoreLineEnds: a file edited as LF text gets its own line ends back (export --diff). */
import { describe, expect, it } from 'vitest';
import { restoreLineEnds } from '../../src/yaml-edit/restore-line-ends.js';

describe('restoreLineEnds', () => {
  it('an LF file: the edit as it is', () => {
    expect(restoreLineEnds('a\nb\n', 'a\nc\n')).toBe('a\nc\n');
  });

  it('kept lines keep their own ends, new lines end as most lines do, removed lines go', () => {
    const original = 'a\r\nb\r\nc\nd\r\ne';
    const edited = 'a\nc\nx\ny\nd\ne';
    expect(restoreLineEnds(original, edited)).toBe('a\r\nc\nx\r\ny\r\nd\r\ne');
  });

  it('a CRLF file edited at its last line without a line end', () => {
    expect(restoreLineEnds('a\r\nb', 'a\nb\nc\n')).toBe('a\r\nb\r\nc\r\n');
  });
});
