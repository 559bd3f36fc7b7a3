import { describe, expect, it } from 'vitest';
import { renderAudit } from '../../src/render/render-audit.js';
import type { AuditReport } from '../../src/model/reports.js';

const report: AuditReport = {
  group: 'lab',
  findings: [
    {
      kind: 'undeclared_admin',
      email: 'cat@lab.example',
      user_id: 'cat',
      message: 'cat@lab.example is an administrator, not declared as one',
      actor: 'root',
      actor_email: 'root@lab.example',
      date: '2026-11-20T10:00:00Z',
    },
    {
      kind: 'no_2fa',
      email: 'ben@lab.example',
      user_id: 'ben',
      message: 'ben@lab.example has no 2FA, "really"',
    },
  ],
  members: [
    {
      id: 'ben',
      email: 'ben@lab.example',
      roles: [],
      has_2fa: false,
      caps: { api_requests_daily: 1000 },
      last_login: null,
    },
    {
      id: 'cat',
      email: 'cat@lab.example',
      roles: ['admin'],
      has_2fa: true,
      caps: {},
      last_login: '2026-11-25T08:00:00Z',
    },
  ],
  service_accounts: [{ id: 'lab_ingest', name: 'ingest', caps: { api_requests_daily: 50000 } }],
  activity_log: { entries: 5, oldest: '2026-09-01T00:00:00Z', truncated: false },
};

describe('renderAudit', () => {
  it('json keeps group and findings first, and lists members and service accounts', () => {
    const out = renderAudit(report, 'json');
    expect(Object.keys(JSON.parse(out))).toEqual([
      'group',
      'findings',
      'members',
      'service_accounts',
      'activity_log',
    ]);
    expect(JSON.parse(out)).toEqual(report);
  });

  it('csv is one row per finding with actor and date', () => {
    expect(renderAudit(report, 'csv').split('\r\n')).toEqual([
      'kind,email,user_id,actor,actor_email,date,message',
      'undeclared_admin,cat@lab.example,cat,root,root@lab.example,2026-11-20T10:00:00Z,cat@lab.example is an administrator, not declared as one'.replace(
        'cat@lab.example is an administrator, not declared as one',
        '"cat@lab.example is an administrator, not declared as one"',
      ),
      'no_2fa,ben@lab.example,ben,,,,"ben@lab.example has no 2FA, ""really"""',
      '',
    ]);
  });

  it('text lists findings with who and when, then members and service accounts', () => {
    const out = renderAudit(report, 'text');
    expect(out.split('\n')[0]).toBe('Audit of group lab: 2 findings');
    expect(out).toMatch(
      /^undeclared_admin +cat@lab\.example +root \(root@lab\.example\) +2026-11-20T10:00:00Z +cat@/m,
    );
    expect(out).toMatch(/^ben@lab\.example +ben +- +NO +api_requests_daily=1000 +-$/m);
    expect(out).toMatch(/^cat@lab\.example +cat +admin +yes +- +2026-11-25T08:00:00Z$/m);
    expect(out).toMatch(/^lab_ingest +ingest +api_requests_daily=50000$/m);
    expect(out).toContain('Activity log: 5 entries read, back to 2026-09-01T00:00:00Z.');
  });

  it('markdown has tables and says when the activity log bound was reached', () => {
    const md = renderAudit(
      { ...report, activity_log: { ...report.activity_log, truncated: true } },
      'markdown',
    );
    expect(md).toContain('## Audit of group lab: 2 findings');
    expect(md).toContain('| KIND | WHO | CHANGED BY | WHEN | MESSAGE |');
    expect(md).toContain('| EMAIL | ID | ROLES | 2FA | CAPS | LAST LOGIN |');
    expect(md).toContain('the bound was reached');
  });

  it('says when there are no findings', () => {
    expect(renderAudit({ ...report, findings: [] }, 'text').split('\n')[0]).toBe(
      'Audit of group lab: no findings',
    );
  });
});
