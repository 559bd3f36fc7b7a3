import { describe, expect, it } from 'vitest';
import { diffGroup } from '../../src/plan/diff-group.js';
import { orderOperations } from '../../src/plan/order-operations.js';
import type { Operation } from '../../src/model/operation.js';
import {
  NOW,
  config,
  desired,
  desiredAccount,
  group,
  invitation,
  live,
  liveAccount,
} from './build.js';

/** A compact view of an operation for exact comparisons. */
function brief(op: Operation): string {
  const who = op.email ?? op.service_account ?? '';
  const extra = op.role ?? (op.quota ? `${op.quota}:${op.from ?? 'null'}->${op.to ?? 'null'}` : '');
  return [op.kind, who, op.user_id ?? '-', extra].filter((x) => x !== '').join(' ');
}

const admin = live('root', 'root@acme.example', { roles: ['admin'] });
const rootEntry = desired('root@acme.example', { roles: ['admin'] });

describe('diffGroup', () => {
  it('adds a new member, then grants its roles and sets its managed caps (user_id null)', () => {
    const erin = desired('Erin@Acme.example', {
      roles: ['private_scanning'],
      quotas: { api_requests_daily: 3000 },
      line: 40,
    });
    const root = live('root', 'root@acme.example', {
      roles: ['admin'],
      caps: { intelligence_searches_monthly: 50 },
    });
    const ops = diffGroup(
      config({ members: [rootEntry, erin], defaults: { intelligence_searches_monthly: 50 } }),
      group([root]),
      NOW,
    );
    expect(ops.map(brief)).toEqual([
      'add_member Erin@Acme.example -',
      'grant_role Erin@Acme.example - private_scanning',
      'set_quota Erin@Acme.example - api_requests_daily:null->3000',
      'set_quota Erin@Acme.example - intelligence_searches_monthly:null->50',
    ]);
    expect(ops[0]).toEqual({
      kind: 'add_member',
      email: 'Erin@Acme.example',
      user_id: null,
      service_account: null,
      role: null,
      quota: null,
      from: null,
      to: null,
      source: { file: 'group.yaml', line: 40 },
    });
  });

  it('matches members on email case-insensitively and changes nothing when they agree', () => {
    const bob = live('bob', 'BOB@acme.example', { caps: { api_requests_daily: 1000 } });
    const root = live('root', 'root@acme.example', {
      roles: ['admin'],
      caps: { api_requests_daily: 1000 },
    });
    const ops = diffGroup(
      config({
        members: [rootEntry, desired('bob@ACME.example')],
        defaults: { api_requests_daily: 1000 },
      }),
      group([root, bob]),
      NOW,
    );
    expect(ops).toEqual([]);
  });

  it('grants and revokes known roles only, leaving unknown API roles alone', () => {
    const pat = live('pat', 'pat@acme.example', {
      roles: ['admin'],
      apiRoles: ['USER_ROLE_GROUP_ADMIN', 'USER_ROLE_SOMETHING_NEW'],
    });
    const ops = diffGroup(
      config({
        members: [rootEntry, desired('pat@acme.example', { roles: ['private_scanning'] })],
      }),
      group([admin, pat]),
      NOW,
    );
    expect(ops.map(brief)).toEqual([
      'grant_role pat@acme.example pat private_scanning',
      'revoke_role pat@acme.example pat admin',
    ]);
  });

  it('never grants nor revokes a role the API did not report (unknownRoles)', () => {
    const pat = live('pat', 'pat@acme.example', { unknownRoles: ['private_scanning'] });
    const sam = live('sam', 'sam@acme.example', { unknownRoles: ['private_scanning'] });
    const c = config({
      members: [
        rootEntry,
        desired('pat@acme.example', { roles: ['private_scanning'] }),
        desired('sam@acme.example'),
      ],
    });
    expect(diffGroup(c, group([admin, pat, sam]), NOW)).toEqual([]);
  });

  it('sets only managed quotas that differ; a missing live cap is null; undeclared quotas are untouched', () => {
    const bob = live('bob', 'bob@acme.example', {
      caps: { api_requests_daily: 1000, intelligence_searches_monthly: 7 },
    });
    const carol = live('carol', 'carol@acme.example');
    const c = config({
      members: [
        rootEntry,
        desired('bob@acme.example', { quotas: { api_requests_daily: 5000 } }),
        desired('carol@acme.example'),
      ],
      defaults: { api_requests_daily: 1000 },
    });
    expect(diffGroup(c, group([admin, bob, carol]), NOW).map(brief)).toEqual([
      'set_quota bob@acme.example bob api_requests_daily:1000->5000',
      'set_quota carol@acme.example carol api_requests_daily:null->1000',
      'set_quota root@acme.example root api_requests_daily:null->1000',
    ]);
  });

  it('removes undeclared members in authoritative mode only, with no source', () => {
    const oscar = live('oscar', 'oscar@acme.example');
    const ops = diffGroup(config({ members: [rootEntry] }), group([admin, oscar]), NOW);
    expect(ops.map(brief)).toEqual(['remove_member oscar@acme.example oscar']);
    expect(ops[0]?.source).toBeNull();
    const additive = diffGroup(
      config({ members: [rootEntry], policy: { members: 'additive' } }),
      group([admin, oscar]),
      NOW,
    );
    expect(additive).toEqual([]);
  });

  it('never touches an ignored member', () => {
    const trent = live('trent', 'trent@Contractor.example', { roles: ['admin'], has2fa: false });
    const ops = diffGroup(
      config({
        members: [rootEntry],
        ignore: ['*@contractor.example'],
        defaults: { api_requests_daily: 5 },
      }),
      group([admin, trent]),
      NOW,
    );
    expect(ops.map(brief)).toEqual(['set_quota root@acme.example root api_requests_daily:null->5']);
  });

  it('treats an entry expired before today (UTC) as not declared, and one expiring today as declared', () => {
    const quinn = live('quinn', 'quinn@acme.example');
    const rita = live('rita', 'rita@acme.example');
    const c = config({
      members: [
        rootEntry,
        desired('quinn@acme.example', { expires: '2026-11-25' }),
        desired('rita@acme.example', { expires: '2026-11-26' }),
        desired('new@acme.example', { expires: '2026-01-01' }),
      ],
    });
    expect(diffGroup(c, group([admin, quinn, rita]), NOW).map(brief)).toEqual([
      'remove_member quinn@acme.example quinn',
    ]);
  });

  it('does not add a declared email that has a pending invitation', () => {
    const c = config({
      members: [rootEntry, desired('gina@acme.example', { roles: ['private_scanning'] })],
    });
    expect(
      diffGroup(c, group([admin], { pending: [invitation('GINA@acme.example')] }), NOW),
    ).toEqual([]);
  });

  it('matches a pinned id and leaves a mismatched entry (both ways) without operations or removals', () => {
    const alice = live('alice', 'alice@acme.example');
    const ok = config({
      members: [
        rootEntry,
        desired('alice@acme.example', { id: 'alice', roles: ['private_scanning'] }),
      ],
    });
    expect(diffGroup(ok, group([admin, alice]), NOW).map(brief)).toEqual([
      'grant_role alice@acme.example alice private_scanning',
    ]);

    // The pinned id now has another email, and the declared email belongs to nobody.
    const renamed = live('alice', 'alice.new@acme.example');
    expect(diffGroup(ok, group([admin, renamed]), NOW)).toEqual([]);
    // The declared email belongs to another id.
    const other = live('alice2', 'alice@acme.example');
    expect(diffGroup(ok, group([admin, other]), NOW)).toEqual([]);
    // A pinned id and an email that are both absent: an ordinary add.
    expect(diffGroup(ok, group([admin]), NOW).map(brief)).toEqual([
      'add_member alice@acme.example -',
      'grant_role alice@acme.example - private_scanning',
    ]);
  });

  it('creates a declared service account then sets its caps, sets caps of live ones, and leaves undeclared ones', () => {
    const c = config({
      members: [rootEntry],
      serviceAccounts: [
        desiredAccount('acme', 'soar', { api_requests_daily: 100000 }),
        desiredAccount('acme', 'feed', { api_requests_daily: 20000 }),
        desiredAccount('acme', 'same', { api_requests_daily: 1 }),
      ],
    });
    const g = group([admin], {
      serviceAccounts: [
        liveAccount('acme', 'soar', { api_requests_daily: 50000 }),
        liveAccount('acme', 'old'),
        liveAccount('acme', 'same', { api_requests_daily: 1 }),
      ],
    });
    const ops = diffGroup(c, g, NOW);
    expect(ops.map(brief)).toEqual([
      'create_service_account feed acme_feed',
      'set_quota feed acme_feed api_requests_daily:null->20000',
      'set_quota soar acme_soar api_requests_daily:50000->100000',
    ]);
    expect(ops[0]?.email).toBeNull();
    expect(ops[0]?.service_account).toBe('feed');
  });

  it('reads a declared cap of 10^9 or more as "no personal cap", as the API does', () => {
    const unlimited = { api_requests_daily: 1_000_000_000 };
    const c = config({
      members: [rootEntry, desired('bob@acme.example', { quotas: unlimited })],
      serviceAccounts: [desiredAccount('acme', 'feed', { intelligence_searches_monthly: 2e9 })],
    });
    const uncapped = group([admin, live('bob', 'bob@acme.example')], {
      serviceAccounts: [liveAccount('acme', 'feed')],
    });
    // Already without a personal cap: nothing to do (before, a set_quota on every run).
    expect(diffGroup(c, uncapped, NOW)).toEqual([]);
    const capped = group(
      [admin, live('bob', 'bob@acme.example', { caps: { api_requests_daily: 500 } })],
      {
        serviceAccounts: [liveAccount('acme', 'feed', { intelligence_searches_monthly: 10 })],
      },
    );
    expect(diffGroup(c, capped, NOW).map(brief)).toEqual([
      'set_quota feed acme_feed intelligence_searches_monthly:10->2000000000',
      'set_quota bob@acme.example bob api_requests_daily:500->1000000000',
    ]);
  });

  it('returns the operations in the total order of orderOperations', () => {
    const c = config({
      members: [
        rootEntry,
        desired('zed@acme.example', { roles: ['admin', 'private_scanning'] }),
        desired('amy@acme.example', { roles: ['admin'] }),
      ],
      serviceAccounts: [desiredAccount('acme', 'feed')],
    });
    const g = group([
      admin,
      live('x', 'x@acme.example', { roles: ['admin'] }),
      live('amy', 'amy@acme.example', { roles: ['private_scanning'] }),
    ]);
    const ops = diffGroup(c, g, NOW);
    expect(ops.map(brief)).toEqual([
      'add_member zed@acme.example -',
      'create_service_account feed acme_feed',
      'grant_role amy@acme.example amy admin',
      'grant_role zed@acme.example - admin',
      'grant_role zed@acme.example - private_scanning',
      'revoke_role amy@acme.example amy private_scanning',
      'remove_member x@acme.example x',
    ]);
    expect(orderOperations([...ops].reverse())).toEqual(ops);
  });
});
