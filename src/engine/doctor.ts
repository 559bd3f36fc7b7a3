/**
 * `gti-sync doctor` (issue 10): a read-only probe of a group for the first run against a real
 * service. With the user's key it checks the key and caller, the group, administrator rights and
 * every read endpoint gti-sync uses, one page each, and tells which documented reading of the API
 * (gti-api.md §13) the service answers in. It only ever reads (GET), never prints, and makes at most
 * DOCTOR_MAX_REQUESTS requests (retries aside): 3 in order (caller, group, administrator check),
 * then 9 at once.
 */
import { withClient } from './client.js';
import type { ClientHooks, ConnectionSettings } from './client.js';
import { resolveReportGroup } from './resolve-report-group.js';
import { ApiError } from '../api/errors.js';
import { isRecord } from '../api/body.js';
import type { GtiApi } from '../api/types.js';
import { isApiUser, normalizeObject } from '../api/shape.js';
import { GtiSyncError } from '../model/errors.js';
import { addDays, formatDay, formatMonth } from '../model/dates.js';
import { PAGE_SIZE } from '../model/limits.js';
import type { DoctorCheck, DoctorObserved, DoctorReport } from '../model/doctor-report.js';
import { MEMBER_ATTRIBUTES } from '../live/read-live-group.js';
import { failedCheck, readData, unreadableCheck, type Ask } from './doctor-checks.js';
import { sanitizeRecording, type RawAnswer, type RecordedAnswer } from './doctor-recording.js';
import { probeReads } from './doctor-reads.js';

/** How to probe. */
interface DoctorOptions {
  /** Today (UTC) bounds the `api_usage` range and the `users_consuming_quota` month. */
  now: Date;
  /** Keep the answers, sanitised, for `--record`. */
  record?: boolean;
}

/** The report, and the sanitised answers when asked to record (else empty). */
export interface DoctorResult {
  report: DoctorReport;
  recording: RecordedAnswer[];
}

const NOTHING_OBSERVED: DoctorObserved = {
  has_2fa_visible: null,
  two_fa_filter: null,
  context_roles: null,
  activity_actor: null,
  activity_actor_unasked: null,
  usage_wrapped: null,
  usage_endpoint_keys: null,
  usage_sparse_days: null,
  activity_action_spelling: null,
};

/** Probes group `gid` with `api`; a refusal is a check of the result, never a throw. */
async function runDoctor(api: GtiApi, gid: string, options: DoctorOptions): Promise<DoctorResult> {
  const answers: RawAnswer[] = [];
  const ask: Ask = async (file, route, params, query = {}) => {
    try {
      const body = await api.getRaw({ route, params, query });
      answers.push({ file, route, query, status: 200, body });
      return { ok: true, body };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const said = { code: error.apiCode ?? error.code, message: error.apiMessage ?? '' };
      answers.push({ file, route, query, status: error.status ?? 0, body: { error: said } });
      return { ok: false, error };
    }
  };
  const checks: DoctorCheck[] = [];
  const finish = (observed: DoctorObserved): DoctorResult => ({
    report: { group: gid, checks, observed, error: firstError(checks) },
    recording: options.record === true ? sanitizeRecording(answers) : [],
  });

  const caller = await checkCaller(ask);
  checks.push(caller.check);
  if (caller.me === undefined) return finish(NOTHING_OBSERVED);
  const { me } = caller;
  const who = me.email ? `${me.id} (${me.email})` : me.id;
  const group = await checkGroup(ask, gid, who);
  checks.push(group);
  if (group.status !== 'ok') return finish(NOTHING_OBSERVED);
  const admin = await checkAdmin(ask, gid, me, who);
  checks.push(admin);
  if (admin.status !== 'ok') return finish(NOTHING_OBSERVED);

  const today = formatDay(options.now);
  const reads = await probeReads({
    ask,
    gid,
    callerId: me.id,
    usageRange: { from: addDays(today, -29), to: today },
    month: formatMonth(options.now),
    pageSize: String(PAGE_SIZE),
    memberAttributes: MEMBER_ATTRIBUTES.join(','),
  });
  checks.push(...reads.checks);
  return finish(reads.observed);
}

async function checkCaller(
  ask: Ask,
): Promise<{ check: DoctorCheck; me?: { id: string; email?: string; type: string } }> {
  const name = 'caller';
  const answer = await ask('users-apikey', '/users/{apikey}', {});
  if (!answer.ok) {
    return {
      check: failedCheck(
        name,
        answer.error,
        'the key is not valid here (or its account is not active): gti-sync cannot work with it',
      ),
    };
  }
  const user = normalizeObject(structuredClone(readData(answer.body)));
  if (!isApiUser(user)) return { check: unreadableCheck(name, 'GET /users/{apikey}') };
  const email = user.attributes.email;
  const who = email ? `${user.id} (${email})` : user.id;
  const me = { id: user.id, type: user.type, ...(email === undefined ? {} : { email }) };
  return {
    me,
    check: {
      name,
      status: 'ok',
      detail: `the key belongs to ${user.type} ${who}: gti-sync acts as it and never removes or demotes it`,
    },
  };
}

async function checkGroup(ask: Ask, gid: string, who: string): Promise<DoctorCheck> {
  const name = 'group';
  const answer = await ask('groups-gid', '/groups/{gid}', { gid });
  if (!answer.ok) {
    const { error } = answer;
    if (error.status === 404)
      return failedCheck(
        name,
        error,
        `group ${gid} does not exist: check --group`,
        'GROUP_NOT_FOUND',
      );
    if (error.status === 403)
      return failedCheck(name, error, `${who} is not a member of group ${gid}`, 'NOT_GROUP_MEMBER');
    return failedCheck(name, error, `group ${gid} cannot be read`);
  }
  const group = normalizeObject(structuredClone(readData(answer.body)));
  if (!isRecord(group) || typeof group['id'] !== 'string')
    return unreadableCheck(name, 'GET /groups/{gid}');
  const attributes = isRecord(group['attributes']) ? group['attributes'] : {};
  const org =
    typeof attributes['organization'] === 'string' ? ` (${attributes['organization']})` : '';
  return { name, status: 'ok', detail: `group ${gid}${org} is readable by ${who}` };
}

async function checkAdmin(
  ask: Ask,
  gid: string,
  me: { id: string; type: string },
  who: string,
): Promise<DoctorCheck> {
  const name = 'admin_rights';
  const answer = await ask(
    'groups-gid-relationships-administrators-uid',
    '/groups/{gid}/relationships/administrators/{uid}',
    { gid, uid: me.id },
  );
  if (!answer.ok) {
    const code = answer.error.status === 403 ? 'NOT_GROUP_MEMBER' : answer.error.code;
    return failedCheck(name, answer.error, `cannot tell whether ${who} administers ${gid}`, code);
  }
  const data = readData(answer.body);
  if (typeof data !== 'boolean')
    return unreadableCheck(name, 'GET /groups/{gid}/relationships/administrators/{uid}');
  if (data && me.type !== 'service_account') {
    return {
      name,
      status: 'ok',
      detail: `${who} is an administrator of ${gid}: gti-sync can plan, apply, audit and report`,
    };
  }
  const why =
    me.type === 'service_account'
      ? 'a service account cannot administer its group'
      : `${who} is not an administrator of ${gid}`;
  return {
    name,
    status: 'denied',
    code: 'NOT_GROUP_ADMIN',
    detail: `${why}: gti-sync needs the user key of an administrator of ${gid}`,
  };
}

function firstError(checks: readonly DoctorCheck[]): DoctorReport['error'] {
  const bad = checks.find((c) => c.status === 'denied' || c.status === 'failed');
  if (bad === undefined) return null;
  return { code: bad.code ?? 'UNEXPECTED_ERROR', message: `${bad.name}: ${bad.detail}` };
}

/** The error `doctor` exits with (1) when gti-sync cannot work with what it saw. */
export function doctorError(report: DoctorReport): GtiSyncError | undefined {
  return report.error === null
    ? undefined
    : new GtiSyncError(report.error.code, report.error.message);
}

/**
 * `gti-sync doctor`: settles the group (`group`, else the `group` of ./group.yaml), opens the
 * client, probes, closes it. Never writes to the group.
 */
export async function doctorGroup(options: {
  group?: string | undefined;
  now: Date;
  record: boolean;
  connection: ConnectionSettings;
  hooks?: ClientHooks | undefined;
}): Promise<DoctorResult> {
  const gid = await resolveReportGroup(options.group, options.connection.cwd);
  return withClient(options.connection, options.hooks ?? {}, (api) =>
    runDoctor(api, gid, { now: options.now, record: options.record }),
  );
}
