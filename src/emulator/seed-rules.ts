/**
 * The rules a schema-valid seed must also follow, each a stable code: unique group ids, user ids,
 * emails (any case), API keys and service accounts; groups that exist; roles only with a group;
 * real calendar days in usage maps; invitations that do not contradict an account; no service
 * account with the administrator role.
 */
import type { ErrorCode } from '../model/error-codes.js';
import type { Problem } from '../model/errors.js';
import { isRealDay } from '../model/dates.js';
import type { Seed, SeedUsage } from './types.js';
import { ADMIN_ROLE, serviceAccountId } from './world.js';

/** Where a seed path is: file, line and column. */
export type Locate = (
  path: (string | number)[],
  target?: 'key' | 'value',
) => { file: string; line: number; col: number };

/** Every rule problem of a schema-valid seed, in no particular order. */
export function checkSeedRules(seed: Seed, locate: Locate): Problem[] {
  const problems: Problem[] = [];
  const report = (
    code: ErrorCode,
    message: string,
    path: (string | number)[],
    target: 'key' | 'value' = 'value',
  ) => problems.push({ ...locate(path, target), code, message, severity: 'error' });

  const groups = new Set<string>();
  (seed.groups ?? []).forEach((group, i) => {
    if (groups.has(group.id))
      report('SEED_DUPLICATE_GROUP', `group ${group.id} is defined twice`, ['groups', i, 'id']);
    groups.add(group.id);
  });
  const knownGroup = (gid: string, path: (string | number)[]) => {
    if (!groups.has(gid))
      report('SEED_UNKNOWN_GROUP', `group ${gid} is not defined under groups`, path);
  };

  const ids = new Set<string>();
  const emails = new Map<string, string | undefined>();
  const keys = new Set<string>();
  const checkKey = (apikey: string | undefined, path: (string | number)[]) => {
    if (apikey === undefined) return;
    if (keys.has(apikey))
      report('SEED_DUPLICATE_APIKEY', 'this API key is used by another account', path);
    keys.add(apikey);
  };
  (seed.users ?? []).forEach((user, i) => {
    if (ids.has(user.id))
      report('SEED_DUPLICATE_ID', `user id ${user.id} is used twice`, ['users', i, 'id']);
    ids.add(user.id);
    const email = user.email.toLowerCase();
    if (emails.has(email))
      report(
        'SEED_DUPLICATE_EMAIL',
        `email ${user.email} is used twice (emails compare case-insensitively)`,
        ['users', i, 'email'],
      );
    emails.set(email, user.group);
    checkKey(user.apikey, ['users', i, 'apikey']);
    if (user.group !== undefined) knownGroup(user.group, ['users', i, 'group']);
    else if ((user.roles ?? []).length > 0)
      report('SEED_ROLES_WITHOUT_GROUP', `user ${user.id} has roles but no group`, [
        'users',
        i,
        'roles',
      ]);
    checkDays(user.api_usage, ['users', i, 'api_usage'], report);
    checkDays(user.api_usage_not_consuming, ['users', i, 'api_usage_not_consuming'], report);
  });

  (seed.service_accounts ?? []).forEach((sa, i) => {
    const id = serviceAccountId(sa.group, sa.name);
    if (ids.has(id))
      report('SEED_DUPLICATE_ID', `service account id ${id} is already used`, [
        'service_accounts',
        i,
        'name',
      ]);
    ids.add(id);
    knownGroup(sa.group, ['service_accounts', i, 'group']);
    const adminAt = (sa.roles ?? []).indexOf(ADMIN_ROLE);
    if (adminAt >= 0)
      report('SEED_SERVICE_ACCOUNT_ADMIN', `service account ${id} cannot hold ${ADMIN_ROLE}`, [
        'service_accounts',
        i,
        'roles',
        adminAt,
      ]);
    checkKey(sa.apikey, ['service_accounts', i, 'apikey']);
    checkDays(sa.api_usage, ['service_accounts', i, 'api_usage'], report);
    checkDays(
      sa.api_usage_not_consuming,
      ['service_accounts', i, 'api_usage_not_consuming'],
      report,
    );
  });

  const invited = new Set<string>();
  (seed.invitations ?? []).forEach((invitation, i) => {
    knownGroup(invitation.group, ['invitations', i, 'group']);
    const key = `${invitation.group}\n${invitation.email.toLowerCase()}`;
    if (invited.has(key))
      report(
        'SEED_DUPLICATE_INVITATION',
        `${invitation.email} is invited to ${invitation.group} twice`,
        ['invitations', i],
      );
    invited.add(key);
    const accountGroup = emails.get(invitation.email.toLowerCase());
    if (accountGroup !== undefined && accountGroup !== invitation.group) {
      report(
        'SEED_INVITATION_CONFLICT',
        `${invitation.email} already belongs to group ${accountGroup}`,
        ['invitations', i, 'email'],
      );
    }
  });

  (seed.activity_log ?? []).forEach((entry, i) =>
    knownGroup(entry.group, ['activity_log', i, 'group']),
  );
  return problems;
}

function checkDays(
  usage: SeedUsage | undefined,
  path: (string | number)[],
  report: (
    code: ErrorCode,
    message: string,
    path: (string | number)[],
    target?: 'key' | 'value',
  ) => void,
): void {
  for (const day of Object.keys(usage ?? {})) {
    if (!isRealDay(day))
      report('SEED_BAD_DATE', `${day} is not a real calendar day`, [...path, day], 'key');
  }
}
