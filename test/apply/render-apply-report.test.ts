import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ApplyReport } from '../../src/model/apply-report.js';
import type { Operation } from '../../src/model/operation.js';
import { renderApplyReport, type ApplyReportView } from '../../src/render/render-apply-report.js';
import { op as operation } from './harness.js';

/** An operation with every field present (`op` of the harness, written with its kind inside). */
const op = ({ kind, ...fields }: Partial<Operation> & Pick<Operation, 'kind'>): Operation =>
  operation(kind, fields);

const report: ApplyReport = {
  group: 'acme_soc',
  fingerprint: 'sha256:abc',
  done: [
    op({ kind: 'add_member', email: 'erin@acme.example', user_id: 'erin' }),
    op({
      kind: 'set_quota',
      email: 'bob@acme.example',
      user_id: 'bob',
      quota: 'api_requests_daily',
      from: 1000,
      to: 5000,
    }),
    op({
      kind: 'create_service_account',
      service_account: 'threat_feed',
      user_id: 'acme_soc_threat_feed',
    }),
  ],
  failed: [
    {
      ...op({
        kind: 'revoke_role',
        email: 'mallory@acme.example',
        user_id: 'mallory',
        role: 'admin',
      }),
      error: {
        code: 'API_InvalidArgumentError',
        message: 'User mallory is not a member of group acme_soc',
      },
    },
  ],
  skipped: [
    {
      ...op({
        kind: 'set_quota',
        email: 'frank@acme.example',
        quota: 'api_requests_daily',
        from: null,
        to: 1000,
      }),
      reason: 'frank@acme.example was invited, not yet a member',
      reason_code: 'invited',
    },
  ],
  invited: ['frank@acme.example'],
};

describe('renderApplyReport', () => {
  it('keeps the view type in step with ApplyReport', () => {
    expectTypeOf<ApplyReport>().toMatchTypeOf<ApplyReportView>();
  });

  it('prints one line per operation, the invitations and the closing count', () => {
    const text = renderApplyReport(report, { format: 'text', color: false });
    const lines = text.trimEnd().split('\n');
    // Columns are aligned (padding varies); compare with runs of spaces as one.
    expect(lines.map((l) => l.trim().replace(/ {2,}/g, ' '))).toEqual([
      'done + add_member erin@acme.example',
      'done ~ set_quota bob@acme.example api_requests_daily: 1000 → 5000',
      'done + create_service_account service account threat_feed',
      'failed - revoke_role mallory@acme.example admin (API_InvalidArgumentError: User mallory is not a member of group acme_soc)',
      'skipped ~ set_quota frank@acme.example api_requests_daily: none → 1000 — frank@acme.example was invited, not yet a member',
      'invited frank@acme.example (invitation awaiting sign-up)',
      '',
      'Apply incomplete: 3 done, 1 failed, 1 skipped, 1 invited.',
    ]);
    expect(text).not.toContain('\u001b[');
  });

  it('aligns the subject column of every line, like the plan', () => {
    const lines = renderApplyReport(report, { format: 'text', color: false }).split('\n');
    const starts = lines
      .filter((l) => /^(done|failed|skipped|invited) /.test(l))
      .map((l) => l.search(/[a-z]+@acme\.example|service account/));
    expect(starts).toHaveLength(6);
    expect(new Set(starts).size).toBe(1);
  });

  it('says complete when nothing failed, and colours only when asked', () => {
    const clean = { ...report, failed: [] };
    expect(renderApplyReport(clean, { format: 'text', color: false })).toContain(
      'Apply complete: 3 done, 0 failed, 1 skipped, 1 invited.',
    );
    expect(renderApplyReport(clean, { format: 'text', color: true })).toContain('\u001b[32m');
  });

  it('prints an empty report as just the closing line', () => {
    const empty = { group: 'g', fingerprint: 'f', done: [], failed: [], skipped: [], invited: [] };
    expect(renderApplyReport(empty, { format: 'text', color: false })).toBe(
      'Apply complete: 0 done, 0 failed, 0 skipped, 0 invited.\n',
    );
  });

  it('renders json as exactly the report fields', () => {
    const withExtra = { ...report, extra: 1 };
    const parsed: unknown = JSON.parse(
      renderApplyReport(withExtra, { format: 'json', color: true }),
    );
    expect(parsed).toEqual(report);
    expect(Object.keys(parsed as object)).toEqual([
      'group',
      'fingerprint',
      'done',
      'failed',
      'skipped',
      'invited',
    ]);
  });
});
