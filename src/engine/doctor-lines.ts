/**
 * The check lines of `doctor` for roles, 2FA, quotas and API usage: each says what it saw and what
 * gti-sync will do about it.
 */
import { describeApiUsageShape, normalizeApiUsage } from '../api/normalize-api-usage.js';
import { readOverallQuotas } from '../api/shape.js';
import { isQuotaName } from '../model/quotas.js';
import type { DoctorCheck, DoctorObserved } from '../model/doctor-report.js';
import {
  failedCheck,
  readData,
  unreadableCheck,
  type Answer,
  type ProbeContext,
} from './doctor-checks.js';

/** The roles line: `differs` when listings carry no `context_attributes`. */
export function rolesCheck(contextRoles: boolean | null): DoctorCheck {
  if (contextRoles === false) {
    return {
      name: 'roles',
      status: 'differs',
      detail:
        "listings carry no context_attributes: administrators come from the administrators listing and caps from attributes.quotas; service accounts' roles cannot be read, so gti-sync leaves them alone (unknown_roles)",
    };
  }
  return {
    name: 'roles',
    status: 'ok',
    detail:
      contextRoles === null
        ? 'nothing listed to tell whether listings carry roles'
        : 'roles and caps read from context_attributes',
  };
}

/** The 2FA line: `differs` when 2FA is unknowable (no attribute, no filter). */
export function twoFactorCheck(
  observed: DoctorObserved,
  filtered: number | undefined,
): DoctorCheck {
  if (observed.has_2fa_visible === true)
    return { name: 'two_factor', status: 'ok', detail: 'has_2fa is visible: gti-sync reads it' };
  if (observed.two_fa_filter === true) {
    const hidden = observed.has_2fa_visible === false ? 'has_2fa is hidden' : 'has_2fa not seen';
    return {
      name: 'two_factor',
      status: 'ok',
      detail: `${hidden}: gti-sync learns who lacks 2FA from the filter (${filtered ?? 0} now)`,
    };
  }
  return {
    name: 'two_factor',
    status: 'differs',
    detail:
      '2FA is unknowable (has_2fa hidden and the filter unavailable): plan and audit report it as unknown (unknown_2fa), never as "everyone has 2FA"',
  };
}

/** The overall_quotas line: unknown names and values beyond 32 bits are shown, never errors. */
export function quotasCheck(answer: Answer): DoctorCheck {
  const name = 'overall_quotas';
  if (!answer.ok) return failedCheck(name, answer.error, "the caller's quotas cannot be read");
  const quotas = readOverallQuotas(readData(answer.body));
  if (quotas === undefined) return unreadableCheck(name, 'overall_quotas');
  const names = Object.keys(quotas);
  const unknown = names.filter((n) => !isQuotaName(n)).sort();
  const largest = Math.max(0, ...Object.values(quotas).map((q) => q.user.allowed));
  const beyond = largest > 2 ** 31 - 1 ? `; largest allowed ${largest}, read exactly` : '';
  const others =
    unknown.length > 0
      ? `; names gti-sync does not know, shown as they are: ${unknown.join(', ')}`
      : '';
  return { name, status: 'ok', detail: `${names.length} quota(s)${beyond}${others}` };
}

/** The api_usage line; fills the three usage readings of `observed`. */
export function apiUsageCheck(
  answer: Answer,
  ctx: ProbeContext,
  observed: DoctorObserved,
): DoctorCheck {
  const name = 'group_api_usage';
  if (!answer.ok) return failedCheck(name, answer.error, 'usage api cannot report the group');
  if (normalizeApiUsage(answer.body, ctx.usageRange) === undefined)
    return unreadableCheck(name, 'api_usage');
  const shape = describeApiUsageShape(answer.body, ctx.usageRange);
  observed.usage_wrapped = shape.wrapped;
  observed.usage_endpoint_keys = shape.endpointKeys;
  observed.usage_sparse_days = shape.sparseDays;
  const keys =
    shape.endpointKeys === null ? 'no endpoint used' : `endpoint keys spelt ${shape.endpointKeys}`;
  const days =
    shape.sparseDays === null
      ? 'every day had use'
      : shape.sparseDays
        ? 'idle days left out (read as 0)'
        : 'idle days present';
  return {
    name,
    status: 'ok',
    detail: `${shape.wrapped ? 'in' : 'without'} the data wrapper, ${keys}, ${days}: gti-sync reads every shape (keys as /api/v3/(files))`,
  };
}
