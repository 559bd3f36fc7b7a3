import { describe, expect, it } from 'vitest';
import { lifecycleFindings, needsApiActivity } from '../../src/plan/lifecycle-findings.js';
import { NOW, config, desired, group, invitation, live } from './build.js';

const nowSeconds = Math.floor(NOW.getTime() / 1000);
const daysAgo = (d: number) => nowSeconds - d * 86_400;
const withLogin = (id: string, login: number | null) => ({
  ...live(id, `${id}@acme.example`),
  lastLogin: login,
});

describe('lifecycleFindings', () => {
  it('off by default: no finding, no listing needed', () => {
    const c = config({ members: [desired('a@acme.example')] });
    expect(needsApiActivity(c)).toBe(false);
    const l = group([withLogin('a', daysAgo(400))]);
    expect(lifecycleFindings(c, l, NOW, { activeIds: undefined })).toEqual([]);
  });

  it('inactive: login older than N days and no API use; ignored members left out', () => {
    const c = config({ policy: { inactive_days: 90 }, ignore: ['bot*@acme.example'] });
    expect(needsApiActivity(c)).toBe(true);
    const l = group([
      withLogin('a', daysAgo(91)),
      withLogin('b', daysAgo(90)),
      withLogin('c', daysAgo(200)),
      withLogin('bot1', daysAgo(200)),
    ]);
    const found = lifecycleFindings(c, l, NOW, { activeIds: new Set(['c']) });
    expect(found.map((f) => `${f.kind} ${f.user_id}`)).toEqual(['inactive_member a']);
  });

  it('what cannot be known is one group-level unknown_lifecycle', () => {
    const c = config({ policy: { inactive_days: 30 } });
    const l = group([withLogin('a', null), withLogin('b', null)]);
    const found = lifecycleFindings(c, l, NOW, { activeIds: new Set() });
    expect(found.map((f) => f.kind)).toEqual(['unknown_lifecycle']);
    expect(found[0]?.email).toBeNull();
    expect(lifecycleFindings(c, l, NOW, { activeIds: undefined }).map((f) => f.kind)).toEqual([
      'unknown_lifecycle',
    ]);
  });

  it('stale invitation: declared, pending N days or more; a cut-short log is unknown', () => {
    const c = config({
      policy: { stale_invitation_days: 10 },
      members: [
        desired('old@acme.example'),
        desired('new@acme.example'),
        desired('lost@acme.example'),
      ],
    });
    const pending = [
      { ...invitation('old@acme.example'), date: daysAgo(10) },
      { ...invitation('new@acme.example'), date: daysAgo(9) },
      { ...invitation('undeclared@acme.example'), date: daysAgo(50) },
    ];
    const l = group([withLogin('root', nowSeconds)], { pending });
    expect(
      lifecycleFindings(c, l, NOW, { activeIds: undefined }).map((f) => `${f.kind} ${f.email}`),
    ).toEqual(['stale_invitation old@acme.example']);
    const cut = { ...l, activityLogTruncated: true };
    expect(lifecycleFindings(c, cut, NOW, { activeIds: undefined }).map((f) => f.kind)).toEqual([
      'stale_invitation',
      'unknown_lifecycle',
    ]);
  });
});
