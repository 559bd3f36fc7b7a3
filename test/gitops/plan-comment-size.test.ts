/**
 * The markdown plan is ONE pull-request comment: for a 5,000-member plan it must stay under
 * GitHub's 65,536-character limit for a comment body, fold the details, and say what it left out.
 */
import { describe, expect, it } from 'vitest';
import { renderPlan } from '../../src/render/render-plan.js';
import { OPERATION_KINDS } from '../../src/model/operation.js';
import type { Finding, Plan } from '../../src/model/plan.js';
import type { Operation, OperationKind } from '../../src/model/operation.js';

const GITHUB_COMMENT_LIMIT = 65_536;
const MARKER = '<!-- gti-sync:plan group=big_soc -->';

function operation(kind: OperationKind, i: number, extra: Partial<Operation> = {}): Operation {
  return {
    kind,
    email: `member${String(i).padStart(5, '0')}@big.example`,
    user_id: kind === 'add_member' ? null : `member${i}`,
    service_account: null,
    role: null,
    quota: null,
    from: null,
    to: null,
    source: kind === 'remove_member' ? null : { file: 'group.yaml', line: 10 + 3 * i },
    ...extra,
  } as Operation;
}

/** 5,000 members added, each given a cap, a fifth of them a role; 1,000 members without 2FA. */
function makeBigPlan(): Plan {
  const operations: Operation[] = [];
  for (let i = 0; i < 5000; i++) operations.push(operation('add_member', i));
  for (let i = 0; i < 1000; i++)
    operations.push(operation('grant_role', i, { role: 'private_scanning' }));
  for (let i = 0; i < 5000; i++) {
    operations.push(
      operation('set_quota', i, { quota: 'api_requests_daily', from: null, to: 1000 }),
    );
  }
  const findings: Finding[] = [];
  for (let i = 0; i < 1000; i++) {
    findings.push({
      kind: 'no_2fa',
      email: `nofa${String(i).padStart(4, '0')}@big.example`,
      user_id: `nofa${i}`,
      message: 'has no two-factor authentication',
    });
  }
  return makePlan(operations, findings);
}

function makePlan(operations: Operation[], findings: Finding[]): Plan {
  const summary = Object.fromEntries(OPERATION_KINDS.map((kind) => [kind, 0])) as Record<
    OperationKind,
    number
  >;
  for (const op of operations) summary[op.kind]++;
  return {
    version: 1,
    group: 'big_soc',
    fingerprint: `sha256:${'ab'.repeat(32)}`,
    operations,
    findings,
    safety: [],
    summary,
  };
}

/** Table rows shown for operations (emails member…) and for findings (emails nofa…). */
function countShownRows(markdown: string): { operations: number; findings: number } {
  const rows = markdown.split('\n').filter((line) => line.startsWith('| '));
  return {
    operations: rows.filter((line) => /\| member\d{5}@big\.example \|/.test(line)).length,
    findings: rows.filter((line) => /\| nofa\d{4}@big\.example \|/.test(line)).length,
  };
}

/** The counts the "not shown" line states. */
function countStatedOmissions(markdown: string): { operations: number; findings: number } {
  const line = /\*\*([^*]+) not shown:\*\*/.exec(markdown)?.[1] ?? '';
  const count = (word: string) => Number(new RegExp(`(\\d+) ${word}s?\\b`).exec(line)?.[1] ?? 0);
  return { operations: count('operation'), findings: count('finding') };
}

describe('the markdown plan comment', () => {
  it('stays under 65,536 characters for 5,000 members, folds the details and says what it left out', () => {
    const plan = makeBigPlan();
    const markdown = renderPlan(plan, { format: 'markdown', color: false });
    expect(markdown.length).toBeLessThan(GITHUB_COMMENT_LIMIT);
    expect(markdown.split('\n', 1)[0]).toBe(MARKER);
    expect(markdown).toContain('<details>');
    expect(markdown).toContain(plan.fingerprint);
    // The summary table still counts everything.
    expect(markdown).toMatch(/\| add_member \| 5000 \|/);
    expect(markdown).toMatch(/\| set_quota \| 5000 \|/);

    const shown = countShownRows(markdown);
    const omitted = countStatedOmissions(markdown);
    expect(omitted.operations).toBeGreaterThan(0);
    expect(shown.operations + omitted.operations).toBe(plan.operations.length);
    expect(shown.findings + omitted.findings).toBe(plan.findings.length);
    // Every kind and the findings keep some rows: one huge table does not hide the others.
    expect(markdown).toContain('grant_role (1000)');
    expect(shown.findings).toBeGreaterThan(0);
  });

  it('shows a small plan whole, with nothing said to be left out', () => {
    const plan = makePlan(
      [operation('add_member', 1), operation('grant_role', 1, { role: 'admin' })],
      [],
    );
    const markdown = renderPlan(plan, { format: 'markdown', color: false });
    expect(markdown.split('\n', 1)[0]).toBe(MARKER);
    // At most 3 operations: one line each (compact), not the tables.
    expect(markdown.match(/^- `[+~-] \w+`/gm)).toHaveLength(2);
    expect(markdown).not.toContain('not shown');
  });
});
