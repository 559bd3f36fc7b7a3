import { describe, expect, it } from 'vitest';
import type { ApplyReport } from '../../src/model/apply-report.js';
import type { Plan } from '../../src/model/plan.js';
import type { AuditReport } from '../../src/model/reports.js';
import {
  applySummary,
  auditSummary,
  hasNews,
  multiSummary,
  notifyBody,
  planSummary,
  type NotifySummary,
} from '../../src/notify/payload.js';
import { SecretRedaction } from '../../src/cli/secrets.js';

const summary: NotifySummary = {
  version: 1,
  command: 'apply',
  group: 'acme',
  counts: { add_member: 2, remove_member: 1 },
  failures: 1,
  emails: ['a@acme.example', 'b@acme.example'],
  run_url: 'https://github.com/acme/groups/actions/runs/7',
};

describe('notifyBody', () => {
  it('uses the Slack incoming-webhook form for hooks.slack.com only', () => {
    const slack = JSON.parse(
      notifyBody(new URL('https://hooks.slack.com/services/T/B/X'), summary),
    ) as Record<string, unknown>;
    expect(Object.keys(slack)).toEqual(['text']);
    expect(slack['text']).toContain('acme');
    expect(slack['text']).toContain('add_member 2');
    expect(slack['text']).toContain('1 failed');
    expect(slack['text']).toContain(summary.run_url);
    const upper = JSON.parse(notifyBody(new URL('https://HOOKS.SLACK.COM/x'), summary)) as object;
    expect(Object.keys(upper)).toEqual(['text']);
  });

  it('sends the summary itself to any other host', () => {
    for (const url of ['https://hooks.example.com/x', 'https://hooks.slack.com.evil.example/x']) {
      expect(JSON.parse(notifyBody(new URL(url), summary))).toEqual(summary);
    }
  });
});

describe('summaries', () => {
  it('counts a plan by kind, lists its emails once, links the run only in CI', () => {
    const ops = [
      { kind: 'add_member', email: 'b@x.example' },
      { kind: 'grant_role', email: 'b@x.example' },
      { kind: 'create_service_account', email: null },
    ];
    const plan = { group: 'g', operations: ops } as unknown as Plan;
    const s = planSummary(plan, {});
    expect(s).toEqual({
      version: 1,
      command: 'plan',
      group: 'g',
      counts: { add_member: 1, grant_role: 1, create_service_account: 1 },
      failures: 0,
      emails: ['b@x.example'],
    });
    expect(hasNews(s)).toBe(true);
  });

  it('leaves unknown_* findings out of an audit: alone they are no news', () => {
    const report = {
      group: 'g',
      findings: [{ kind: 'unknown_2fa', email: 'a@x.example' }],
    } as unknown as AuditReport;
    const s = auditSummary(report, {});
    expect(s.counts).toEqual({});
    expect(hasNews(s)).toBe(false);
  });
});

describe('apply and multi-group summaries', () => {
  it('counts invitations of an apply as news, their emails listed', () => {
    const report: ApplyReport = {
      group: 'g',
      fingerprint: 'sha256:0',
      done: [],
      failed: [],
      skipped: [],
      invited: ['new@x.example'],
    };
    const s = applySummary(report, {});
    expect(s.counts).toEqual({ invited: 1 });
    expect(s.emails).toEqual(['new@x.example']);
    expect(hasNews(s)).toBe(true);
  });

  it('keeps the groups with news and the failed groups (codes, no messages)', () => {
    const quiet = { ...summary, group: 'quiet', counts: {}, failures: 0, emails: [] };
    const multi = multiSummary(
      'plan',
      [summary, quiet],
      [{ file: 'g/b.yaml', group: 'b', code: 'API_HTTP_401', message: 'secret-ish text' }],
      { GITHUB_SERVER_URL: 'https://gh.example', GITHUB_REPOSITORY: 'o/r', GITHUB_RUN_ID: '9' },
    );
    expect(multi.groups.map((g) => g.group)).toEqual(['acme']);
    expect(multi.errors).toEqual([{ file: 'g/b.yaml', group: 'b', code: 'API_HTTP_401' }]);
    expect(multi.run_url).toBe('https://gh.example/o/r/actions/runs/9');
    expect(JSON.stringify(multi)).not.toContain('secret-ish');
    expect(hasNews(multi)).toBe(true);
    expect(hasNews(multiSummary('plan', [quiet], [], {}))).toBe(false);
    const text = (
      JSON.parse(notifyBody(new URL('https://hooks.slack.com/x'), multi)) as { text: string }
    ).text;
    expect(text.split('\n')).toEqual([
      'gti-sync drift (plan) over several groups: 1 with news, 1 failed',
      'acme: add_member 2, remove_member 1; 1 failed',
      'b: failed (API_HTTP_401)',
      'run: https://gh.example/o/r/actions/runs/9',
    ]);
  });
});

describe('SecretRedaction', () => {
  it('shows a webhook URL as <notify-url>', () => {
    const secrets = new SecretRedaction();
    secrets.add('https://hooks.slack.com/services/T0/B0/secret', '<notify-url>');
    expect(secrets.redact('posted to https://hooks.slack.com/services/T0/B0/secret')).toBe(
      'posted to <notify-url>',
    );
  });
});
