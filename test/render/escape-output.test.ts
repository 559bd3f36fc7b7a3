/** Renderers escape control characters in text from outside (emails, names, API messages). */
import { describe, expect, it } from 'vitest';
import { renderCsv } from '../../src/render/csv.js';
import { renderPlan } from '../../src/render/render-plan.js';
import { renderMarkdownTable, renderTextTable } from '../../src/render/table.js';
import { samplePlan } from './plan-sample.js';

const HOSTILE = 'x\n::warning title=x::y\r::error::z\u001b[2J\u2028w';

/** No line of `text` starts a workflow command; no lone CR, no ESC, no U+2028. */
function expectSafe(text: string): void {
  for (const line of text.split(/\r\n|\n/)) expect(line.startsWith('::')).toBe(false);
  // eslint-disable-next-line no-control-regex -- ESC is what it looks for
  expect(text).not.toMatch(/\r(?!\n)|\u001b|\u2028/);
}

describe('escaped output', () => {
  it('plan text and markdown: a hostile email and finding message stay on their line', () => {
    const plan = samplePlan();
    const index = plan.operations.findIndex((op) => op.kind === 'add_member');
    const added = plan.operations[index];
    if (added?.kind !== 'add_member') throw new Error('sample plan adds a member');
    plan.operations[index] = { ...added, email: HOSTILE };
    const finding = plan.findings[0];
    if (finding === undefined) throw new Error('sample plan has findings');
    plan.findings[0] = { ...finding, message: HOSTILE };
    for (const format of ['text', 'markdown'] as const) {
      const out = renderPlan(plan, { format, color: false, file: 'group.yaml' });
      expectSafe(out);
      // Markdown also doubles the backslash, so that it shows as typed.
      const slash = format === 'markdown' ? '\\\\' : '\\';
      const shown = ['x', 'n::warning title=x::y', 'r::error::z', 'u001b[2J', 'u2028w'].join(slash);
      expect(out.split(shown).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('text and markdown tables and CSV escape their cells', () => {
    const columns = [{ header: 'email' }, { header: 'n', align: 'right' as const }];
    const rows = [[HOSTILE, 1]];
    expectSafe(renderTextTable(columns, rows));
    expectSafe(renderMarkdownTable(columns, rows));
    const csv = renderCsv(['email', 'n'], rows);
    expectSafe(csv);
    expect(csv.split('\r\n')).toHaveLength(3);
  });
});
