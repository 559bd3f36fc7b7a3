import { describe, expect, it } from 'vitest';
import { ciOf, journalLines } from '../../src/engine/journal-lines.js';
import type { ApplyReport } from '../../src/model/apply-report.js';
import { addMember, grantRole, removeMember } from '../../src/model/operation.js';
import { ROLES } from '../../src/model/roles.js';

const member = { email: 'ann@acme.example', user_id: 'ann', service_account: null };

const report: ApplyReport = {
  group: 'acme',
  fingerprint: 'sha256:abc',
  done: [grantRole(member, ROLES[0], null)],
  failed: [
    {
      ...removeMember({ ...member, email: 'bob@acme.example', user_id: 'bob' }, null),
      error: { code: 'API_InvalidArgumentError', message: 'no' },
    },
  ],
  skipped: [
    {
      ...addMember('zed@acme.example', null),
      reason: 'not tried: the run stopped before it',
      reason_code: 'stopped',
    },
    {
      ...grantRole({ ...member, email: 'cy@acme.example', user_id: null }, ROLES[0], null),
      reason: 'cy@acme.example was invited, not yet a member',
      reason_code: 'invited',
    },
  ],
  invited: ['cy@acme.example'],
};

describe('journalLines', () => {
  const lines = journalLines(report, {
    time: new Date('2026-12-01T10:00:00Z'),
    caller: 'boss',
    env: {},
  });

  it('writes one line per operation, with its result and code', () => {
    expect(lines.map((l) => [l.kind, l.result, l.code])).toEqual([
      ['grant_role', 'done', null],
      ['remove_member', 'failed', 'API_InvalidArgumentError'],
      ['add_member', 'skipped', 'stopped'],
      ['grant_role', 'skipped', 'invited'],
      ['add_member', 'invited', null],
    ]);
    expect(lines.every((l) => l.time === '2026-12-01T10:00:00Z')).toBe(true);
    expect(lines.every((l) => l.caller === 'boss' && l.ci === null)).toBe(true);
  });

  it('writes nothing for an empty report', () => {
    const empty = { ...report, done: [], failed: [], skipped: [], invited: [] };
    expect(journalLines(empty, { time: new Date(), caller: 'x', env: {} })).toEqual([]);
  });
});

describe('ciOf', () => {
  it('is null outside GitHub Actions and has no pull request on a push', () => {
    expect(ciOf({ GITHUB_REPOSITORY: 'a/b' })).toBeNull();
    expect(
      ciOf({ GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'a/b', GITHUB_REF: 'refs/heads/main' }),
    ).toEqual({ repository: 'a/b', commit: null, pull_request: null, run_url: null });
  });
});
