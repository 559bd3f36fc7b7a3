import { describe, expect, it } from 'vitest';
import { renderPlan } from '../../src/render/render-plan.js';
import { COMMENT_LIMIT } from '../../src/render/plan-markdown.js';
import { cleanPlan, hugePlan, samplePlan } from './plan-sample.js';

const md = (plan: ReturnType<typeof samplePlan>) =>
  renderPlan(plan, { format: 'markdown', color: true, file: 'group.yaml' });

describe('renderPlan markdown', () => {
  const plan = samplePlan();
  const text = md(plan);

  it('starts with the hidden marker line, then a heading and the summary', () => {
    const lines = text.split('\n');
    expect(lines[0]).toBe('<!-- gti-sync:plan group=acme_soc -->');
    expect(lines[1]).toMatch(/^### gti-sync plan for `acme_soc`/);
    expect(text).toContain('**Plan: 2 to add, 1 to change, 3 to remove.**');
  });

  it('has a summary table of all six kinds', () => {
    expect(text).toContain('| | Operation | Count |');
    for (const [kind, n] of Object.entries(plan.summary))
      expect(text).toMatch(new RegExp(`\\| ${kind} \\| ${n} \\|`));
  });

  it('groups operations by kind in tables, with sources', () => {
    expect(text).toContain('#### + add_member (1)');
    expect(text).toContain('| erin@acme.example | `group.yaml:55` |');
    expect(text).toContain('#### ~ set_quota (3)');
    expect(text).toContain(
      '| bob@acme.example | api_requests_daily | 1000 | 5000 | `group.yaml:38` |',
    );
    expect(text).toContain('#### - remove_member (2)');
    expect(text).toContain('| oscar@acme.example | oscar |');
  });

  it('lists findings, and safety failures in bold', () => {
    expect(text).toMatch(/\| no_2fa \| carol@acme\.example \|/);
    expect(text).toMatch(/- \*\*TOO_MANY_REMOVALS\*\*: \*\*.+\*\* \(`--force` passes this one\)/);
  });

  it('ends with the fingerprint', () => {
    expect(text.trimEnd().split('\n').at(-1)).toBe(`Fingerprint: \`${plan.fingerprint}\``);
  });

  it('says so when there are no changes', () => {
    expect(md(cleanPlan())).toContain('**No changes. The group matches the file.**');
  });

  it('escapes HTML and table breaks coming from the API', () => {
    const p = samplePlan();
    p.findings[0]!.message = 'a <script>alert(1)</script> | b\nc';
    const out = md(p);
    expect(out).not.toContain('<script>');
    expect(out).toContain('a &lt;script&gt;alert(1)&lt;/script&gt; \\| b\\\\nc');
  });

  it('folds long groups into <details>', () => {
    const out = md(hugePlan(30));
    expect(out).toContain('<details><summary><b>+ add_member (30)</b></summary>');
    expect(out.match(/<details>/g)?.length).toBe(out.match(/<\/details>/g)?.length);
  });

  it('stays under 65,536 characters for a 5,000-member plan and says what it left out', () => {
    const big = hugePlan(5000);
    expect(big.operations.length).toBe(15_000);
    const out = md(big);
    expect(out.length).toBeLessThan(COMMENT_LIMIT);
    expect(out.split('\n')[0]).toBe('<!-- gti-sync:plan group=acme_soc -->');
    expect(out.trimEnd().split('\n').at(-1)).toBe(`Fingerprint: \`${big.fingerprint}\``);
    const note = /\*\*(\d+) operations, (\d+) findings not shown:\*\*.*JSON plan/.exec(out);
    expect(note).not.toBeNull();
    const shownOps = (out.match(/^\| (new\.member|service account)/gm) ?? []).length;
    const shownFindings = (out.match(/^\| no_2fa \|/gm) ?? []).length;
    expect(shownOps + Number(note![1])).toBe(big.operations.length);
    expect(shownFindings + Number(note![2])).toBe(big.findings.length);
    expect(out.match(/<details>/g)?.length).toBe(out.match(/<\/details>/g)?.length);
    // Every group gets a share: one huge group does not hide the others.
    for (const title of [
      '+ add_member (5000)',
      '+ grant_role (5000)',
      '~ set_quota (5000)',
      'Findings (5000)',
    ])
      expect(out).toContain(title);
    expect(out).toMatch(/… and \d+ more operations, in the JSON plan\./);
  });
});
