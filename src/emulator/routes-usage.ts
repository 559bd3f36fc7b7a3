/**
 * Consumption endpoints (gti-api.md §2, endpoints 17–20): `api_usage` of a user and of a group
 * (§7), `users_consuming_quota` (§8 Decision) and the activity log (§9).
 */
import { QUOTA_NAMES } from '../model/quotas.js';
import { badRequest, jsonAnswer } from './api-failure.js';
import type { ApiAnswer } from './api-failure.js';
import { paginate } from './pagination.js';
import { isLogged, readActivityFilter, readRelationships, renderActivity } from './activity-log.js';
import { renderServiceAccount, renderUser } from './render.js';
import { param, renderOptionsFor, requireAdmin, requireGroup } from './route-context.js';
import type { Route, RouteContext } from './route-context.js';
import { resolveInspectable } from './routes-users.js';
import { addDays, formatDay as dayOf, isRealDay } from '../model/dates.js';
import { consumedOn, daysFrom, readDateRange, usageBody } from './usage.js';
import type { UsageSpelling } from './usage.js';
import { currentInstant, membersOf, serviceAccountsOf } from './world.js';
import type { Account } from './world.js';

/** The quotas endpoint 19 knows (every §5 quota but the hourly one). */
const CONSUMABLE: ReadonlySet<string> = new Set(
  QUOTA_NAMES.filter((name) => name !== 'api_requests_hourly'),
);

function adminRead(ctx: RouteContext): string {
  const group = requireGroup(ctx);
  requireAdmin(ctx, group.id);
  return group.id;
}

function groupAccounts(ctx: RouteContext, gid: string): Account[] {
  return [
    ...membersOf(ctx.world, gid).map((record): Account => ({
      kind: 'user',
      id: record.id,
      record,
    })),
    ...serviceAccountsOf(ctx.world, gid).map((record): Account => ({
      kind: 'service_account',
      id: record.id,
      record,
    })),
  ];
}

/** `YYYY-MM` of the current month and the two before it. */
function allowedMonths(today: string): string[] {
  const [year, month] = today.split('-').map(Number);
  if (year === undefined || month === undefined) return [];
  return [0, 1, 2].map((back) => {
    const date = new Date(Date.UTC(year, month - 1 - back, 1));
    return dayOf(date).slice(0, 7);
  });
}

/** The days a `period` covers (up to today) and whether it is the current month. */
function readPeriod(
  ctx: RouteContext,
  quota: string,
  today: string,
): { days: string[]; current: boolean } {
  const period = ctx.url.searchParams.get('period') ?? '';
  const months = allowedMonths(today);
  if (quota === 'intelligence_hunting_rules') {
    if (period !== '') throw badRequest('intelligence_hunting_rules takes no period');
    return { days: [], current: true };
  }
  const month = period === '' ? today.slice(0, 7) : period.slice(0, 7);
  const isDay = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(period);
  if (isDay && !quota.startsWith('api_requests_'))
    throw badRequest(`${quota} takes a period YYYY-MM`);
  if (period !== '' && !isDay && !/^[0-9]{4}-[0-9]{2}$/.test(period)) {
    throw badRequest(
      `Invalid period: ${period} (expected YYYY-MM${quota.startsWith('api_requests_') ? ' or YYYY-MM-DD' : ''})`,
    );
  }
  if ((isDay && !isRealDay(period)) || !months.includes(month)) {
    throw badRequest(
      `Period ${period} is out of range: the current month and the two before it (${months.join(', ')})`,
    );
  }
  if (isDay) return { days: period <= today ? [period] : [], current: month === months[0] };
  const last = addDays(`${month}-01`, 40).slice(0, 7);
  const end = addDays(`${last}-01`, -1);
  return { days: daysFrom(`${month}-01`, end < today ? end : today), current: month === months[0] };
}

function consumption(
  account: Account,
  quota: string,
  period: { days: string[]; current: boolean },
): number {
  if (quota.startsWith('api_requests_')) return consumedOn(account.record, period.days);
  return period.current ? (account.record.quotas?.[quota]?.used ?? 0) : 0;
}

function spellingOf(ctx: RouteContext): UsageSpelling {
  return {
    plainKeys: ctx.world.variants.has('plain-endpoint-keys'),
    sparseDays: ctx.world.variants.has('sparse-usage-days'),
  };
}

/** `{"data": body}`, or the bare body under `unwrapped-usage`. */
function usageAnswer(ctx: RouteContext, body: Record<string, unknown>): ApiAnswer {
  return jsonAnswer(ctx.world.variants.has('unwrapped-usage') ? body : { data: body });
}

/** Endpoints 17–20. */
export const usageRoutes: readonly Route[] = [
  {
    method: 'GET',
    template: '/users/{id}/api_usage',
    handle(ctx) {
      const target = resolveInspectable(ctx);
      const { start, end } = readDateRange(ctx.url, dayOf(currentInstant(ctx.world)));
      return usageAnswer(ctx, usageBody([target.record], start, end, spellingOf(ctx)));
    },
  },
  {
    method: 'GET',
    template: '/groups/{gid}/api_usage',
    handle(ctx) {
      const gid = adminRead(ctx);
      const { start, end } = readDateRange(ctx.url, dayOf(currentInstant(ctx.world)));
      const sources = groupAccounts(ctx, gid).map((account) => account.record);
      return usageAnswer(ctx, usageBody(sources, start, end, spellingOf(ctx)));
    },
  },
  {
    method: 'GET',
    template: '/groups/{gid}/users_consuming_quota/{quota}',
    handle(ctx) {
      const gid = adminRead(ctx);
      const quota = param(ctx, 'quota');
      if (!CONSUMABLE.has(quota)) throw badRequest(`Unknown quota: ${quota}`);
      const order = ctx.url.searchParams.get('order') ?? 'desc';
      if (order !== 'asc' && order !== 'desc')
        throw badRequest(`Invalid order: ${order} (asc or desc)`);
      const period = readPeriod(ctx, quota, dayOf(currentInstant(ctx.world)));
      const rows = groupAccounts(ctx, gid)
        .map((account) => ({ account, consumed: consumption(account, quota, period) }))
        .filter((row) => row.consumed > 0)
        .sort(
          (a, b) =>
            (order === 'desc' ? b.consumed - a.consumed : a.consumed - b.consumed) ||
            (a.account.id < b.account.id ? -1 : 1),
        );
      return jsonAnswer(
        paginate(rows, ctx.url, ({ account, consumed }) => {
          const context = { quota_consumed_from_group: consumed };
          const options = renderOptionsFor(ctx, account, true);
          return account.kind === 'user'
            ? renderUser(account.record, options, context)
            : renderServiceAccount(account.record, options, context);
        }),
      );
    },
  },
  {
    method: 'GET',
    template: '/groups/{gid}/activity_log_entries',
    handle(ctx) {
      const gid = adminRead(ctx);
      const { world } = ctx;
      const matches = readActivityFilter(ctx.url, world.variants);
      const how = {
        origin: ctx.origin,
        variants: world.variants,
        relationships: readRelationships(ctx.url),
        typeOf: (id: string) => (world.serviceAccounts.has(id) ? 'service_account' : 'user'),
      };
      const entries = world.activity
        .filter((e) => e.group === gid && isLogged(e.action, world.variants) && matches(e))
        .sort((a, b) => b.date - a.date || b.seq - a.seq);
      return jsonAnswer(paginate(entries, ctx.url, (entry) => renderActivity(entry, how)));
    },
  },
];
