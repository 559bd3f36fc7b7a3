import { isoOfEpoch } from '../../src/model/dates.js';
import { describe, expect, it } from 'vitest';
import {
  UNKNOWN_WHO_AND_WHEN,
  explainFindings,
  listAuditMembers,
} from '../../src/report/explain-findings.js';
import type { Finding } from '../../src/model/plan.js';
import type { LiveGroup } from '../../src/model/live-group.js';
import type { ActivityEntry } from '../../src/model/reports.js';
import { activityKindOf } from '../../src/model/activity-kind.js';

/** A log entry as normalizeActivity makes it: the raw action and its kind. */
const logged = (
  action: string,
  date: number,
  actor: string | null,
  user: string,
): ActivityEntry => ({
  action,
  kind: activityKindOf(action),
  date,
  actor,
  user,
});

const live: LiveGroup = {
  group: 'lab',
  caller: { id: 'root', email: 'root@lab.example' },
  members: [
    {
      id: 'cat',
      email: 'Cat@lab.example',
      key: 'cat@lab.example',
      firstName: '',
      lastName: '',
      has2fa: true,
      roles: ['admin'],
      apiRoles: ['USER_ROLE_GROUP_ADMIN'],
      caps: { api_requests_daily: 500 },
      used: {},
      lastLogin: 1_795_000_000,
      status: 'active',
    },
  ],
  serviceAccounts: [
    { id: 'lab_stray', name: 'stray', roles: [], apiRoles: [], caps: {}, used: {} },
  ],
  pendingInvitations: [],
  twoFactor: { known: true, via: 'attribute' },
};

const t = (iso: string): number => Date.parse(iso) / 1000;

const entries: ActivityEntry[] = [
  logged('Change user roles', t('2026-11-21T09:00:00Z'), 'cat', 'dan'),
  logged('Add admin to group', t('2026-11-20T10:00:00Z'), 'root', 'cat'),
  logged('Create service account', t('2026-11-19T08:30:00Z'), 'cat', 'lab_stray'),
  logged('Add user to group', t('2026-11-18T07:00:00Z'), 'root', 'DAN@lab.example'),
  logged('Add admin to group', t('2026-10-01T00:00:00Z'), 'root', 'cat'),
  logged('Remove admin from group', t('2026-11-22T00:00:00Z'), 'root', 'cat'),
];

const f = (kind: Finding['kind'], email: string | null, user_id: string | null): Finding => ({
  kind,
  email,
  user_id,
  message: kind,
});

describe('explainFindings', () => {
  it('adds actor, actor email and date from the latest explaining entry', () => {
    const out = explainFindings(
      [
        f('undeclared_admin', 'Cat@lab.example', 'cat'),
        f('undeclared_admin', 'dan@lab.example', 'dan'),
        f('undeclared_member', 'dan@lab.example', 'dan'),
        f('undeclared_service_account', null, 'lab_stray'),
        f('no_2fa', 'dan@lab.example', 'dan'),
        f('undeclared_member', 'eve@lab.example', 'eve'),
      ],
      entries,
      live,
    );
    expect(out).toEqual([
      {
        ...f('undeclared_admin', 'Cat@lab.example', 'cat'),
        actor: 'root',
        actor_email: 'root@lab.example',
        date: '2026-11-20T10:00:00Z',
      },
      {
        ...f('undeclared_admin', 'dan@lab.example', 'dan'),
        actor: 'cat',
        actor_email: 'Cat@lab.example',
        date: '2026-11-21T09:00:00Z',
      },
      {
        ...f('undeclared_member', 'dan@lab.example', 'dan'),
        actor: 'root',
        actor_email: 'root@lab.example',
        date: '2026-11-18T07:00:00Z',
      },
      {
        ...f('undeclared_service_account', null, 'lab_stray'),
        actor: 'cat',
        actor_email: 'Cat@lab.example',
        date: '2026-11-19T08:30:00Z',
      },
      f('no_2fa', 'dan@lab.example', 'dan'),
      {
        ...f('undeclared_member', 'eve@lab.example', 'eve'),
        message: `undeclared_member; ${UNKNOWN_WHO_AND_WHEN}`,
      },
    ]);
  });

  it('keeps what a finding already says, normalising its date', () => {
    const invited: Finding = {
      ...f('pending_invitation', 'gina@lab.example', null),
      actor: 'someone',
      date: '2026-11-01T00:00:00.000Z',
    };
    expect(explainFindings([invited], entries, live)).toEqual([
      { ...invited, date: '2026-11-01T00:00:00Z' },
    ]);
  });

  it('matches a service account named by its name alone', () => {
    const out = explainFindings(
      [f('undeclared_service_account', null, 'lab_stray')],
      [logged('Create service account', t('2026-11-02T00:00:00Z'), 'zed', 'stray')],
      live,
    );
    expect(out[0]).toMatchObject({ actor: 'zed', date: '2026-11-02T00:00:00Z' });
    expect(out[0]).not.toHaveProperty('actor_email');
  });
});

describe('listAuditMembers', () => {
  it('gives the raw roles gti-sync does not know as unknown_roles', () => {
    const [cat] = live.members;
    if (cat === undefined) throw new Error('fixture');
    const holder = { ...cat, apiRoles: ['USER_ROLE_GROUP_ADMIN', 'USER_ROLE_NEW_THING'] };
    expect(listAuditMembers({ ...live, members: [holder] })[0]).toMatchObject({
      roles: ['admin'],
      unknown_roles: ['USER_ROLE_NEW_THING'],
    });
  });

  it('lists roles, 2FA, caps and the last login as ISO 8601', () => {
    expect(listAuditMembers(live)).toEqual([
      {
        id: 'cat',
        email: 'Cat@lab.example',
        roles: ['admin'],
        has_2fa: true,
        caps: { api_requests_daily: 500 },
        last_login: isoOfEpoch(1_795_000_000),
      },
    ]);
  });
});
