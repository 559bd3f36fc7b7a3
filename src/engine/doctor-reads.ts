/**
 * The reads of `doctor` after the caller, group and administrator checks: one page of every read
 * endpoint gti-sync uses (9 requests, all at once), each turned into a check line, and what the
 * answers say about the service's reading of the API (gti-api.md §13).
 */
import { toApiDate } from '../api/calls.js';
import type { DoctorCheck, DoctorObserved } from '../model/doctor-report.js';
import { failedCheck, unreadableCheck, type Answer, type ProbeContext } from './doctor-checks.js';
import { apiUsageCheck, quotasCheck, rolesCheck, twoFactorCheck } from './doctor-lines.js';
import {
  observeActionSpelling,
  observeActor,
  observeContextRoles,
  observeHas2fa,
  readActivity,
  readServiceAccounts,
  readUsers,
} from './doctor-observe.js';

/** Probes the read endpoints; never throws for an API failure (it becomes a check). */
export async function probeReads(
  ctx: ProbeContext,
): Promise<{ checks: DoctorCheck[]; observed: DoctorObserved }> {
  const { ask, gid } = ctx;
  const page = { limit: ctx.pageSize };
  const [members, without2fa, admins, accounts, activity, activityPlain, quotas, usage, consumers] =
    await Promise.all([
      ask(
        'groups-gid-users',
        '/groups/{gid}/users',
        { gid },
        {
          ...page,
          attributes: ctx.memberAttributes,
        },
      ),
      ask(
        'groups-gid-users--filter-2fa',
        '/groups/{gid}/users',
        { gid },
        {
          ...page,
          filter: '2fa_enabled:false',
          attributes: 'email',
        },
      ),
      ask(
        'groups-gid-administrators',
        '/groups/{gid}/administrators',
        { gid },
        {
          ...page,
          attributes: 'email',
        },
      ),
      ask(
        'groups-gid-service_accounts',
        '/groups/{gid}/service_accounts',
        { gid },
        {
          ...page,
          attributes: 'first_name,quotas',
        },
      ),
      ask(
        'groups-gid-activity_log_entries--relationships-user',
        ACTIVITY,
        { gid },
        {
          ...page,
          relationships: 'user',
        },
      ),
      ask('groups-gid-activity_log_entries', ACTIVITY, { gid }, page),
      ask('users-uid-overall_quotas', '/users/{uid}/overall_quotas', { uid: ctx.callerId }),
      ask(
        'groups-gid-api_usage',
        '/groups/{gid}/api_usage',
        { gid },
        {
          start_date: toApiDate(ctx.usageRange.from),
          end_date: toApiDate(ctx.usageRange.to),
        },
      ),
      ask(
        'groups-gid-users_consuming_quota-quota',
        '/groups/{gid}/users_consuming_quota/{quota}',
        { gid, quota: 'api_requests_monthly' },
        { ...page, period: ctx.month, attributes: 'email' },
      ),
    ]);
  const checks: DoctorCheck[] = [];
  const observed: DoctorObserved = {
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

  // Members, administrators, service accounts, and the roles they carry.
  const memberPage = listingCheck(
    checks,
    'members_listing',
    members,
    readUsers,
    'plan cannot read the members',
    'plan and audit read every page of 40',
  );
  const adminPage = listingCheck(
    checks,
    'administrators_listing',
    admins,
    readUsers,
    'plan cannot tell administrators',
    'plan learns administrators from it',
  );
  const accountPage = listingCheck(
    checks,
    'service_accounts_listing',
    accounts,
    readServiceAccounts,
    'plan cannot read the service accounts',
    'plan reads their roles and caps from it',
  );
  if (memberPage) observed.has_2fa_visible = observeHas2fa(memberPage.items, ctx.callerId);
  if (memberPage || accountPage) {
    observed.context_roles = observeContextRoles([
      ...(memberPage?.items ?? []),
      ...(adminPage?.items ?? []),
      ...(accountPage?.items ?? []),
    ]);
    checks.push(rolesCheck(observed.context_roles));
  }

  // Two-factor authentication: the attribute, else the filter (gti-api.md §5).
  let filtered: number | undefined;
  if (without2fa.ok) {
    const read = readUsers(without2fa.body);
    if (read === undefined) checks.push(unreadableCheck('two_fa_filter', 'the 2FA filter'));
    else {
      observed.two_fa_filter = true;
      filtered = read.items.length;
      const count = `${read.items.length}${read.more ? '+' : ''}`;
      checks.push({
        name: 'two_fa_filter',
        status: 'ok',
        detail: `filter=2fa_enabled:false works: ${count} member(s) without 2FA`,
      });
    }
  } else if (without2fa.error.status === 400) {
    observed.two_fa_filter = false;
    checks.push({
      name: 'two_fa_filter',
      // Degraded only where has_2fa does not tell either.
      status: observed.has_2fa_visible === true ? 'ok' : 'differs',
      detail: `filter=2fa_enabled:false refused (${without2fa.error.message}): 2FA can come only from has_2fa`,
    });
  } else {
    checks.push(
      failedCheck('two_fa_filter', without2fa.error, 'members without 2FA cannot be listed'),
    );
  }
  checks.push(twoFactorCheck(observed, filtered));

  // The activity log, with and without the actor asked for.
  const logPage = listingCheck(
    checks,
    'activity_log',
    activity,
    readActivity,
    'audit cannot say who changed what',
    'plan finds pending invitations and audit who changed what',
  );
  if (logPage) {
    observed.activity_actor = observeActor(logPage.items);
    if (observed.activity_actor === false) {
      const last = checks[checks.length - 1];
      if (last) {
        last.status = 'differs';
        last.detail += '; no entry names who acted: audit will say "unknown" for who made a change';
      }
    }
  }
  const plainPage = listingCheck(
    checks,
    'activity_log_unasked',
    activityPlain,
    readActivity,
    'the activity log cannot be read',
    'gti-sync asks with relationships=user',
  );
  if (plainPage) {
    observed.activity_actor_unasked = observeActor(plainPage.items);
    const last = checks[checks.length - 1];
    if (last && observed.activity_actor_unasked !== null) {
      last.detail += observed.activity_actor_unasked
        ? '; entries name who acted even unasked'
        : observed.activity_actor === true
          ? '; entries name who acted only with relationships=user, which gti-sync always sends'
          : '; entries name no actor here either';
    }
  }
  const entries = [...(logPage?.items ?? []), ...(plainPage?.items ?? [])];
  observed.activity_action_spelling = observeActionSpelling(entries);
  if (logPage || plainPage) {
    const spelling = observed.activity_action_spelling;
    checks.push({
      name: 'activity_actions',
      status: 'ok',
      detail:
        spelling === null
          ? 'no entry to tell how actions are spelt: gti-sync reads both spellings'
          : `actions spelt as ${spelling === 'enum' ? 'ADD_GROUP_USER …' : '"Add user to group" …'}: gti-sync reads both spellings`,
    });
  }

  // Quotas, API usage, and who consumed quota.
  checks.push(quotasCheck(quotas));
  const usageCheck = apiUsageCheck(usage, ctx, observed);
  checks.push(usageCheck);
  const consumerPage = listingCheck(
    checks,
    'users_consuming_quota',
    consumers,
    readUsers,
    'usage --all-users cannot find who made API calls',
    'usage reads consumers from one listing',
  );
  if (consumerPage) {
    const last = checks[checks.length - 1];
    if (last)
      last.detail = last.detail.replace(' listed', ` accounts made API calls in ${ctx.month}`);
  }
  return { checks, observed };
}

const ACTIVITY = '/groups/{gid}/activity_log_entries';

/** Pushes the check of one listing page; returns the page when it was read. */
function listingCheck<T>(
  checks: DoctorCheck[],
  name: string,
  answer: Answer,
  read: (body: unknown) => { items: T[]; more: boolean } | undefined,
  consequence: string,
  use: string,
): { items: T[]; more: boolean } | undefined {
  if (!answer.ok) {
    checks.push(failedCheck(name, answer.error, consequence));
    return undefined;
  }
  const page = read(answer.body);
  if (page === undefined) {
    checks.push(unreadableCheck(name, name.replace(/_/g, ' ')));
    return undefined;
  }
  const more = page.more ? ' (first page; more follow)' : '';
  checks.push({ name, status: 'ok', detail: `${page.items.length} listed${more}: ${use}` });
  return page;
}
