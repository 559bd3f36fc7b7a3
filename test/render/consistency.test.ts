import { describe, expect, it } from 'vitest';
import { countBySymbol, summaryLine } from '../../src/render/plan-describe.js';
import { renderPlan } from '../../src/render/render-plan.js';
import { renderApplyReport } from '../../src/render/render-apply-report.js';
import type { Operation } from '../../src/model/operation.js';
import { samplePlan } from './plan-sample.js';

/** The sample plan's operations by kind, to build small plans from. */
const ops = samplePlan().operations;
const first = (kind: Operation['kind'], email?: string): Operation => {
  const op = ops.find((o) => o.kind === kind && (email === undefined || o.email === email));
  if (op === undefined) throw new Error(`no ${kind} in the sample`);
  return op;
};

describe("Terraform's counting", () => {
  it('counts a new member with its roles and caps once, as 1 to add', () => {
    const plan = {
      operations: [
        first('add_member'),
        first('grant_role', 'erin@acme.example'),
        first('set_quota', 'erin@acme.example'),
      ],
    };
    expect(countBySymbol(plan)).toEqual({ add: 1, change: 0, remove: 0 });
  });

  it('counts cap changes on kept members as changes and revocations as removals', () => {
    const plan = {
      operations: [first('set_quota', 'bob@acme.example'), first('revoke_role')],
    };
    expect(summaryLine(plan)).toBe('Plan: 0 to add, 1 to change, 1 to remove.');
  });

  it('counts the sample: 2 new (erin, threat_feed), 1 cap change, 1 revocation and 2 removals', () => {
    expect(summaryLine(samplePlan())).toBe('Plan: 2 to add, 1 to change, 3 to remove.');
  });
});

describe('compact markdown for small plans', () => {
  it('shows up to three operations as one line each, without the count table', () => {
    const plan = { ...samplePlan(), operations: [first('add_member'), first('revoke_role')] };
    const text = renderPlan(plan, { format: 'markdown', color: false, file: 'group.yaml' });
    expect(text).not.toContain('| | Operation | Count |');
    expect(text).toContain('- `+ add_member` erin@acme.example (`group.yaml:55`)');
    expect(text).toContain('- `- revoke_role` mallory@acme.example admin (`group.yaml:45`)');
  });

  it('keeps the tables for larger plans', () => {
    const text = renderPlan(samplePlan(), { format: 'markdown', color: false });
    expect(text).toContain('| | Operation | Count |');
  });
});

describe('apply report text', () => {
  const report = {
    group: 'acme_soc',
    fingerprint: 'sha256:x',
    done: [first('add_member'), first('set_quota', 'bob@acme.example')],
    failed: [{ ...first('revoke_role'), error: { code: 'API_ERROR', message: 'boom' } }],
    skipped: [{ ...first('remove_member'), reason: 'not tried' }],
    invited: ['erin@acme.example'],
  };
  const text = renderApplyReport(report, { format: 'text', color: false });
  const lines = text.split('\n').filter((l) => /^(done|failed|skipped|invited) /.test(l));

  it('aligns the operation lines in columns, like the plan', () => {
    expect(lines).toHaveLength(5);
    const kindColumn = lines
      .slice(0, 4)
      .map((l) => l.search(/(add_member|set_quota|revoke_role|remove_member)/));
    expect(new Set(kindColumn).size).toBe(1);
    const subjectColumn = lines.map((l) => l.search(/[a-z]+@acme\.example/));
    expect(new Set(subjectColumn).size).toBe(1);
  });

  it('ends with the counts', () => {
    expect(text).toContain('Apply incomplete: 2 done, 1 failed, 1 skipped, 1 invited.');
  });
});

describe('validate text colour', () => {
  it('colours only when asked', async () => {
    const { renderValidationReport, buildValidationReport } =
      await import('../../src/render/render-problems.js');
    const report = buildValidationReport([
      {
        file: 'g.yaml',
        problems: [
          { file: 'g.yaml', line: 1, col: 1, code: 'BAD_USAGE', message: 'm', severity: 'error' },
        ],
      },
    ]);
    expect(renderValidationReport(report, 'text')).not.toContain('\u001b[');
    const colored = renderValidationReport(report, 'text', true);
    expect(colored).toContain('\u001b[31mBAD_USAGE\u001b[0m');
    // eslint-disable-next-line no-control-regex -- the ANSI codes are what is removed
    expect(colored.replace(/\u001b\[[0-9;]*m/g, '')).toBe(renderValidationReport(report, 'text'));
  });
});

describe('members and service accounts counted apart', () => {
  it('names the two counts in usage headings', async () => {
    const { accountsHeading } = await import('../../src/render/render-usage.js');
    expect(accountsHeading([{ email: 'a@x' }, { email: 'b@x' }])).toBe('Members (2)');
    expect(accountsHeading([{ email: 'a@x' }, { email: null }])).toBe(
      'Members (1) and service accounts (1)',
    );
  });
});

describe('one timestamp format in JSON', () => {
  it('a pending invitation in the plan: YYYY-MM-DDTHH:MM:SSZ, as audit writes it', async () => {
    const { isoOfEpoch } = await import('../../src/model/dates.js');
    expect(isoOfEpoch(1_795_000_000)).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });
});
