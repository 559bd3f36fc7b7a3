import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_PATH, TABLE_SOURCE, renderErrorCodesDoc } from '../../scripts/error-codes-doc.js';
import { ERROR_CODES } from '../../src/model/error-codes.js';
import { repoPath } from '../support/paths.js';

describe('docs/error-codes.md', () => {
  const source = readFileSync(repoPath(TABLE_SOURCE), 'utf8');

  it('is what `npm run docs:codes` writes (run it after changing the table)', () => {
    expect(readFileSync(repoPath(DOC_PATH), 'utf8')).toBe(renderErrorCodesDoc(source));
  });

  it('lists every code of the table once, under the headings of the table', () => {
    const doc = renderErrorCodesDoc(source);
    for (const code of Object.keys(ERROR_CODES)) {
      expect(doc.split(`| \`${code}\` |`).length - 1, code).toBe(1);
    }
    expect(doc).toContain('## Plan and apply');
    expect(doc).not.toContain('## Other');
  });
});
