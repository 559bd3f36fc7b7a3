import { describe, expect, it } from 'vitest';
import type { Problem } from '../../src/model/errors.js';
import { FORMATS, RENDERERS, render } from '../../src/render/render.js';
import type { RenderKind } from '../../src/render/render.js';
import { renderPlan } from '../../src/render/render-plan.js';
import { renderApplyReport } from '../../src/render/render-apply-report.js';
import { renderApiUsage } from '../../src/render/render-usage.js';
import { buildValidationReport, renderValidationReport } from '../../src/render/render-problems.js';
import { renderGroupFile } from '../../src/render/render-export.js';
import { samplePlan } from './plan-sample.js';
import { liveMember } from '../support/live-member.js';
import type { LiveGroup } from '../../src/model/live-group.js';

describe('the renderer registry', () => {
  it('has a renderer and at least one format for every kind of output', () => {
    const kinds: RenderKind[] = [
      'plan',
      'apply',
      'audit',
      'usage-api',
      'usage-features',
      'export',
      'problems',
      'history',
    ];
    expect(Object.keys(RENDERERS).sort()).toEqual([...kinds].sort());
    expect(Object.keys(FORMATS).sort()).toEqual([...kinds].sort());
    for (const kind of kinds) expect(FORMATS[kind].length).toBeGreaterThan(0);
  });

  it("renders the bytes of each kind's own renderer, in every format", () => {
    const plan = samplePlan();
    for (const format of FORMATS.plan) {
      for (const color of [false, true]) {
        expect(render('plan', plan, { format, color, file: 'group.yaml' })).toBe(
          renderPlan(plan, { format, color, file: 'group.yaml' }),
        );
      }
    }
    const report = {
      group: plan.group,
      fingerprint: plan.fingerprint,
      done: plan.operations.slice(0, 2),
      failed: [],
      skipped: [],
      invited: ['x@acme.example'],
    };
    for (const format of FORMATS.apply) {
      expect(render('apply', report, { format, color: true })).toBe(
        renderApplyReport(report, { format, color: true }),
      );
    }
    const problems: Problem[] = [
      { file: 'g.yaml', line: 2, col: 3, code: 'BAD_FORMAT', message: 'bad', severity: 'error' },
    ];
    const validation = buildValidationReport([{ file: 'g.yaml', problems }]);
    for (const format of FORMATS.problems) {
      expect(render('problems', validation, { format, color: false })).toBe(
        renderValidationReport(validation, format),
      );
    }
  });

  it('passes width and colour to the text of usage api (its bar chart), with a default width', () => {
    const usage = {
      group: 'lab',
      from: '2026-11-01',
      to: '2026-11-02',
      group_usage: {
        total: 3,
        by_endpoint: { e: 3 },
        by_day: { '2026-11-01': 3, '2026-11-02': 1 },
      },
      not_consuming: { total: 0, by_endpoint: {}, by_day: {} },
      users: [],
    };
    expect(render('usage-api', usage, { format: 'text', color: true, width: 40 })).toBe(
      renderApiUsage(usage, 'text', { width: 40, color: true }),
    );
    expect(render('usage-api', usage, { format: 'text', color: false })).toBe(
      renderApiUsage(usage, 'text', { width: 79, color: false }),
    );
  });

  it('renders export from the live group and its meta', () => {
    const live: LiveGroup = {
      group: 'lab',
      caller: { id: 'ada', email: 'ada@lab.example' },
      members: [liveMember('ada', { roles: ['admin'] }), liveMember('ben')],
      serviceAccounts: [],
      pendingInvitations: [],
      twoFactor: { known: true, via: 'attribute' },
    };
    const meta = { now: new Date('2026-11-26T12:00:00Z'), source: 'http://x', version: '0.0.0' };
    expect(render('export', { live, meta }, { format: 'yaml', color: false })).toBe(
      renderGroupFile(live, meta),
    );
  });
});
