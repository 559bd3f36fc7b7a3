/**
 * `gti-sync doctor` against a small local server that answers in either reading of every place
 * gti-api.md §13 leaves open, so each `observed` key is proven both ways, and the exit code says
 * that a degraded service is still one gti-sync can work with.
 */
import { describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import type { DoctorReport } from '../../src/model/doctor-report.js';
import { apiError, sendJson, startServer, type SeenRequest } from '../support/http-server.js';
import { runCli } from '../support/run-cli.js';
import { NOW } from '../support/emulator.js';

/** One reading per §13 question: `documented` (the emulator's default) or `other`. */
interface Shapes {
  visible2fa: boolean;
  filter: boolean;
  contextRoles: boolean;
  actor: boolean;
  actorUnasked: boolean;
  wrapped: boolean;
  plainKeys: boolean;
  sparse: boolean;
  enumActions: boolean;
}

const ONE_WAY: Shapes = {
  visible2fa: true,
  filter: true,
  contextRoles: true,
  actor: true,
  actorUnasked: true,
  wrapped: true,
  plainKeys: false,
  sparse: false,
  enumActions: false,
};

const OTHER_WAY: Shapes = {
  visible2fa: false,
  filter: false,
  contextRoles: false,
  actor: false,
  actorUnasked: false,
  wrapped: false,
  plainKeys: true,
  sparse: true,
  enumActions: true,
};

function user(id: string, shapes: Shapes, roles: string[]) {
  return {
    type: 'user',
    id,
    attributes: {
      email: `${id}@shapes.example`,
      first_name: id.toUpperCase(),
      ...(shapes.visible2fa ? { has_2fa: id !== 'bo' } : {}),
      quotas: { api_requests_hourly: { allowed: 60_000_000_000, used: 1 } },
    },
    ...(shapes.contextRoles ? { context_attributes: { roles } } : {}),
  };
}

function entry(n: number, shapes: Shapes, withActor: boolean) {
  return {
    type: 'activity_log_entry',
    id: `e${n}`,
    attributes: {
      action: shapes.enumActions ? 'ADD_GROUP_USER' : 'Add user to group',
      date: 1795000000 - n,
      ip: '203.0.113.9',
      info: { user: 'bo' },
    },
    ...(withActor ? { relationships: { user: { data: { type: 'user', id: 'al' } } } } : {}),
  };
}

function usage(shapes: Shapes) {
  const key = (k: string) => (shapes.plainKeys ? k : `/api/v3/(${k})`);
  const daily: Record<string, Record<string, number>> = {};
  for (let d = 28; d <= 31; d++) daily[`2026-10-${d}`] = {};
  for (let d = 1; d <= 26; d++) daily[`2026-11-${String(d).padStart(2, '0')}`] = {};
  daily['2026-11-25'] = { [key('files')]: 5 };
  if (shapes.sparse)
    for (const day of Object.keys(daily)) if (day !== '2026-11-25') delete daily[day];
  const body = { daily, total: { [key('files')]: 5 } };
  return shapes.wrapped ? { data: body } : body;
}

function answer(shapes: Shapes, req: SeenRequest, res: ServerResponse): void {
  const url = new URL(req.url, 'http://x');
  const path = url.pathname.replace(/^\/api\/v3/, '');
  const list = (data: unknown[]) =>
    sendJson(res, 200, { data, meta: {}, links: { self: req.url } });
  const members = () => [user('al', shapes, ['USER_ROLE_GROUP_ADMIN']), user('bo', shapes, [])];
  if (req.headers['x-apikey'] !== 'key-shapes')
    return sendJson(res, 401, apiError('WrongCredentialsError', 'Wrong API key'));
  switch (path) {
    case '/users/key-shapes':
      return sendJson(res, 200, { data: user('al', shapes, []) });
    case '/groups/g':
      return sendJson(res, 200, { data: { type: 'group', id: 'g', attributes: {} } });
    case '/groups/g/relationships/administrators/al':
      return sendJson(res, 200, { data: true });
    case '/groups/g/users':
      if (url.searchParams.has('filter')) {
        if (!shapes.filter) return sendJson(res, 400, apiError('BadRequestError', 'Bad filter'));
        return list([user('bo', shapes, [])]);
      }
      return list(members());
    case '/groups/g/administrators':
      return list(members().slice(0, 1));
    case '/groups/g/service_accounts':
      return list([]);
    case '/groups/g/activity_log_entries': {
      const asked = url.searchParams.get('relationships') === 'user';
      const withActor = asked ? shapes.actor : shapes.actorUnasked;
      return list([entry(1, shapes, withActor), entry(2, shapes, withActor)]);
    }
    case '/users/al/overall_quotas':
      return sendJson(res, 200, {
        data: {
          api_requests_hourly: { user: { allowed: 60_000_000_000, used: 3 } },
          cases_creation_monthly: { user: { allowed: 10, used: 1 } },
        },
      });
    case '/groups/g/api_usage':
      return sendJson(res, 200, usage(shapes));
    case '/groups/g/users_consuming_quota/api_requests_monthly':
      return list([
        { ...user('al', shapes, []), context_attributes: { quota_consumed_from_group: 5 } },
      ]);
    default:
      return sendJson(res, 404, apiError('NotFoundError', `no ${path}`));
  }
}

async function doctorAgainst(shapes: Shapes) {
  const server = await startServer((req, res) => answer(shapes, req, res));
  const run = await runCli(['doctor', '--group', 'g', '--format', 'json'], {
    api: server.baseUrl,
    key: 'key-shapes',
    now: NOW,
  });
  return { run, report: JSON.parse(run.stdout) as DoctorReport, requests: server.requests };
}

describe('doctor tells each documented reading apart', () => {
  it('one way: every check ok', async () => {
    const { run, report, requests } = await doctorAgainst(ONE_WAY);
    expect(run.code).toBe(0);
    expect(report.observed).toEqual({
      has_2fa_visible: true,
      two_fa_filter: true,
      context_roles: true,
      activity_actor: true,
      activity_actor_unasked: true,
      usage_wrapped: true,
      usage_endpoint_keys: '/api/v3/(files)',
      usage_sparse_days: false,
      activity_action_spelling: 'words',
    });
    expect(report.checks.filter((c) => c.status !== 'ok')).toEqual([]);
    expect(requests).toHaveLength(12);
    expect(requests.every((r) => r.method === 'GET')).toBe(true);
  });

  it('the other way: every key flips, degraded checks differ, still exit 0', async () => {
    const { run, report, requests } = await doctorAgainst(OTHER_WAY);
    expect(run.code).toBe(0);
    expect(report.error).toBeNull();
    expect(report.observed).toEqual({
      has_2fa_visible: false,
      two_fa_filter: false,
      context_roles: false,
      activity_actor: false,
      activity_actor_unasked: false,
      usage_wrapped: false,
      usage_endpoint_keys: 'files',
      usage_sparse_days: true,
      activity_action_spelling: 'enum',
    });
    const differs = report.checks.filter((c) => c.status === 'differs').map((c) => c.name);
    expect(differs.sort()).toEqual(['activity_log', 'roles', 'two_fa_filter', 'two_factor']);
    expect(report.checks.filter((c) => c.status === 'denied' || c.status === 'failed')).toEqual([]);
    expect(requests).toHaveLength(12);
  });

  it('2FA hidden but the filter works: no degradation', async () => {
    const { report } = await doctorAgainst({ ...ONE_WAY, visible2fa: false });
    expect(report.observed.has_2fa_visible).toBe(false);
    expect(report.checks.find((c) => c.name === 'two_factor')?.status).toBe('ok');
  });

  it('the filter refused while has_2fa is visible: not degraded', async () => {
    const { report } = await doctorAgainst({ ...ONE_WAY, filter: false });
    expect(report.observed.two_fa_filter).toBe(false);
    expect(report.checks.find((c) => c.name === 'two_fa_filter')?.status).toBe('ok');
    expect(report.checks.find((c) => c.name === 'two_factor')?.status).toBe('ok');
  });

  it('unknown quota names and values beyond 32 bits are shown, not errors', async () => {
    const { report } = await doctorAgainst(ONE_WAY);
    const quotas = report.checks.find((c) => c.name === 'overall_quotas');
    expect(quotas?.status).toBe('ok');
    expect(quotas?.detail).toContain('60000000000');
    expect(quotas?.detail).toContain('cases_creation_monthly');
  });

  it('an answer gti-sync cannot read: failed BAD_RESPONSE, exit 1', async () => {
    const server = await startServer((req, res) => {
      if (req.url.includes('/api_usage')) return sendJson(res, 200, { data: 'nonsense' });
      return answer(ONE_WAY, req, res);
    });
    const run = await runCli(['doctor', '--group', 'g', '--format', 'json'], {
      api: server.baseUrl,
      key: 'key-shapes',
      now: NOW,
    });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report.checks.find((c) => c.name === 'group_api_usage')).toMatchObject({
      status: 'failed',
      code: 'BAD_RESPONSE',
    });
    expect(run.stderr).toContain('gti-sync: BAD_RESPONSE: ');
  });
});
