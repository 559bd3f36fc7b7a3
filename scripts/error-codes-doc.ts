/**
 * `npm run docs:codes`: writes docs/error-codes.md from the closed table of src/model/error-codes.ts
 * (the codes and their meanings; the section headings are the table's own comments). A test
 * (test/cli/error-codes-doc.test.ts) fails when the committed file differs from what this writes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ERROR_CODES } from '../src/model/error-codes.js';
import { packageRoot } from '../src/package-root.js';

/** Where the table and the document live, relative to the package root. */
export const TABLE_SOURCE = 'src/model/error-codes.ts';
export const DOC_PATH = 'docs/error-codes.md';

/** The document, from the table and its source text (for the section headings). */
export function renderErrorCodesDoc(source: string): string {
  const sections: { heading: string; codes: string[] }[] = [];
  let current: { heading: string; codes: string[] } | undefined;
  for (const line of source.split('\n')) {
    const heading = /^ {2}\/\/ (.+)$/.exec(line)?.[1];
    if (heading !== undefined) {
      current = { heading, codes: [] };
      sections.push(current);
      continue;
    }
    const key = /^ {2}'?([A-Za-z0-9_<>]+)'?:/.exec(line)?.[1];
    if (key !== undefined && Object.hasOwn(ERROR_CODES, key)) {
      if (current === undefined) {
        current = { heading: 'Other', codes: [] };
        sections.push(current);
      }
      current.codes.push(key);
    }
  }
  const listed = new Set(sections.flatMap((s) => s.codes));
  const missing = Object.keys(ERROR_CODES).filter((code) => !listed.has(code));
  if (missing.length > 0) sections.push({ heading: 'Other', codes: missing });

  const meaning = (code: string): string =>
    Object.entries(ERROR_CODES)
      .find(([key]) => key === code)?.[1]
      .replaceAll('|', '\\|') ?? '';
  const out = [
    '# gti-sync error codes',
    '',
    `<!-- Generated from ${TABLE_SOURCE} by \`npm run docs:codes\`; do not edit by hand. -->`,
    '',
    'Every known error prints one line, `gti-sync: CODE: message` (plus the file location where',
    'there is one), and exits 1; under `--format json` it is also one document',
    '`{"version": 1, "error": {"code", "message", "location"?, "problems"?}}` on stdout (unless the',
    'command had already printed its own document, as a run over several groups does, whose',
    '`errors` then list the failed groups). Problems in a group file print as',
    '`FILE:LINE:COL CODE message` (warnings as `FILE:LINE:COL warning CODE message`). Codes are',
    'stable: scripts may match them. Anything else is a bug and prints a stack trace.',
  ];
  for (const section of sections) {
    out.push('', `## ${section.heading}`, '', '| code | meaning |', '|---|---|');
    for (const code of section.codes) out.push(`| \`${code}\` | ${meaning(code)} |`);
  }
  return `${out.join('\n')}\n`;
}

/** Writes the document into the package. */
export function writeErrorCodesDoc(): string {
  const root = packageRoot();
  const text = renderErrorCodesDoc(readFileSync(join(root, TABLE_SOURCE), 'utf8'));
  writeFileSync(join(root, DOC_PATH), text);
  return DOC_PATH;
}

const invokedDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  process.stdout.write(`wrote ${writeErrorCodesDoc()}\n`);
}
