/** Plans for the renderer tests, built by the real pure planner from small worlds. */
import { computePlan as buildPlan } from '../../src/engine/compute-plan.js';
import type { Plan } from '../../src/model/plan.js';
import {
  NOW,
  config,
  desired,
  desiredAccount,
  group,
  invitation,
  live,
  liveAccount,
} from '../plan/build.js';

/** A plan with every operation kind, several findings and one safety failure. */
export function samplePlan(): Plan {
  const c = config({
    group: 'acme_soc',
    members: [
      desired('ciso@acme.example', { roles: ['admin'], line: 27 }),
      desired('alice@acme.example', {
        roles: ['admin', 'private_scanning'],
        quotas: { api_requests_daily: 20000 },
        line: 31,
      }),
      desired('bob@acme.example', { quotas: { api_requests_daily: 5000 }, line: 38 }),
      desired('carol@acme.example', { line: 41 }),
      desired('mallory@acme.example', { line: 45 }),
      desired('erin@acme.example', { roles: ['private_scanning'], line: 55 }),
      desired('gina@acme.example', { line: 58 }),
    ],
    serviceAccounts: [desiredAccount('acme_soc', 'threat_feed', { api_requests_daily: 20000 }, 64)],
    defaults: { api_requests_daily: 1000 },
    policy: { require_2fa: true, protected: ['ciso@acme.example'] },
  });
  const g = group(
    [
      live('ciso', 'ciso@acme.example', { roles: ['admin'], caps: { api_requests_daily: 1000 } }),
      live('alice', 'alice@acme.example', {
        roles: ['admin', 'private_scanning'],
        caps: { api_requests_daily: 20000 },
      }),
      live('bob', 'bob@acme.example', { caps: { api_requests_daily: 1000 } }),
      live('carol', 'carol@acme.example', { caps: { api_requests_daily: 1000 }, has2fa: false }),
      live('mallory', 'mallory@acme.example', {
        roles: ['admin'],
        caps: { api_requests_daily: 1000 },
      }),
      live('oscar', 'oscar@acme.example'),
      live('pete', 'pete@acme.example'),
    ],
    {
      caller: 'alice',
      serviceAccounts: [liveAccount('acme_soc', 'old_scanner')],
      pending: [invitation('gina@acme.example')],
      group: 'acme_soc',
    },
  );
  return buildPlan(c, g, { now: NOW });
}

/** A plan with no operations and no findings. */
export function cleanPlan(): Plan {
  const c = config({
    group: 'acme_soc',
    members: [desired('alice@acme.example', { roles: ['admin'] })],
  });
  return buildPlan(
    c,
    group([live('alice', 'alice@acme.example', { roles: ['admin'] })], { group: 'acme_soc' }),
    { now: NOW },
  );
}

/** A plan adding `n` members (each with a role and a cap) and removing none. */
export function hugePlan(n: number): Plan {
  const members = Array.from({ length: n }, (_, i) =>
    desired(`new.member.${String(i).padStart(5, '0')}@a-rather-long-domain.example`, {
      roles: ['private_scanning'],
      quotas: { api_requests_daily: 1000 + i },
      line: 100 + i,
    }),
  );
  const noTwoFa = Array.from({ length: n }, (_, i) =>
    live(`old${i}`, `old.member.${i}@a-rather-long-domain.example`, { has2fa: false }),
  );
  const c = config({
    group: 'acme_soc',
    members: [
      desired('alice@acme.example', { roles: ['admin'] }),
      ...members,
      ...noTwoFa.map((m) => desired(m.email)),
    ],
    policy: { require_2fa: true },
  });
  return buildPlan(
    c,
    group([live('alice', 'alice@acme.example', { roles: ['admin'] }), ...noTwoFa], {
      group: 'acme_soc',
    }),
    { now: NOW },
  );
}
