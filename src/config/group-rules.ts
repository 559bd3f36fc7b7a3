/**
 * The rules stage: small pure functions over a normalised group file, each returning the problems
 * it finds (errors fail validation, warnings do not). They run even when the schema stage found
 * problems, on whatever could be normalised, so a file's problems are all reported at once.
 */
import type { ErrorCode } from '../model/error-codes.js';
import { describeDaysLeft, expiresWithin, isExpired } from './expiry.js';
import { findIgnorePattern } from './match-ignore.js';
import type { NormalizedGroup } from './normalize-group.js';
import type { DesiredMember } from '../model/group-config.js';
import type { Position } from './yaml.js';
import { QUOTA_NAMES } from '../model/quotas.js';
import { suggestKey } from './describe-path.js';

type Path = (string | number)[];

/** What a rule finds: a code, a message, and where (a path into the file). */
interface RuleProblem {
  code: ErrorCode;
  message: string;
  path: Path;
  target?: 'key' | 'value';
  severity: 'error' | 'warning';
}

/** What every rule gets. */
export interface RuleInput extends NormalizedGroup {
  now: Date;
  /** The position of a path in the file (for messages that name another line). */
  at: (path: Path) => Position;
  /** True when the file has a value at this path (a default is not the user's doing). */
  hasKey: (path: Path) => boolean;
  /** True when the schema stage reported a problem at a path that passes `test`. */
  schemaFailed: (test: (path: Path) => boolean) => boolean;
}

/** A rule: pure, returns its problems. */
export type GroupRule = (input: RuleInput) => RuleProblem[];

const error = (code: ErrorCode, message: string, path: Path, target?: 'key'): RuleProblem =>
  target === undefined
    ? { code, message, path, severity: 'error' }
    : { code, message, path, target, severity: 'error' };
const warning = (code: ErrorCode, message: string, path: Path): RuleProblem => ({
  code,
  message,
  path,
  severity: 'warning',
});

/** An email declared twice, in any letter case: reported at the second, naming the first. */
const checkDuplicateEmails: GroupRule = (input) =>
  findDuplicates(input, (m) => m.key).map(([first, again]) =>
    error(
      'DUPLICATE_EMAIL',
      `${again.member.email} is declared twice: first as ${first.member.email} at line ${first.member.source.line}`,
      ['members', again.index, 'email'],
    ),
  );

/** A user id pinned by two members. */
const checkDuplicateIds: GroupRule = (input) =>
  findDuplicates(input, (m) => m.id?.toLowerCase()).map(([first, again]) =>
    error(
      'DUPLICATE_ID',
      `id ${again.member.id ?? ''} is pinned twice: also by ${first.member.email} at line ${first.member.source.line}`,
      ['members', again.index, 'id'],
    ),
  );

/** A service account declared twice. */
const checkDuplicateServiceAccounts: GroupRule = (input) => {
  const seen = new Map<string, number>();
  const problems: RuleProblem[] = [];
  input.config.serviceAccounts.forEach((account, k) => {
    const index = input.serviceAccountIndex[k] ?? k;
    const firstLine = seen.get(account.name);
    if (firstLine === undefined) {
      seen.set(account.name, account.source.line);
      return;
    }
    const message = `service account ${account.name} is declared twice: first at line ${firstLine}`;
    problems.push(error('DUPLICATE_SERVICE_ACCOUNT', message, ['service_accounts', index, 'name']));
  });
  return problems;
};

/** `min_admins` above the number of declared, unexpired administrators. */
const checkMinAdmins: GroupRule = (input) => {
  // A schema problem that changes the count (or the minimum) comes first; any other is no reason
  // to hold this one back, since every problem of a file is reported at once.
  const counted = new Set(input.memberIndex);
  const changesCount = ([top, index, key]: Path): boolean =>
    top === 'policy'
      ? index === undefined || index === 'min_admins'
      : top === 'members' &&
        (typeof index !== 'number' || !counted.has(index) || key === 'roles' || key === 'expires');
  if (input.schemaFailed(changesCount)) return [];
  const { policy, members } = input.config;
  const admins = members.filter(
    (m) => m.roles.includes('admin') && !isExpired(m, input.now),
  ).length;
  if (policy.min_admins <= admins) return [];
  const explicit = input.hasKey(['policy', 'min_admins']);
  const inherited = !explicit && input.config.baselines.length > 0;
  const message =
    `min_admins is ${policy.min_admins}${explicit ? '' : inherited ? ' (the default or a baseline)' : ' (the default)'} but only ${admins} ` +
    `unexpired member${admins === 1 ? ' is' : 's are'} declared with roles: [admin]`;
  return [
    error(
      'MIN_ADMINS_UNREACHABLE',
      message,
      explicit ? ['policy', 'min_admins'] : ['members'],
      explicit ? undefined : 'key',
    ),
  ];
};

/** A protected email that is not declared (or only by an expired entry). */
const checkProtectedDeclared: GroupRule = (input) => {
  const problems: RuleProblem[] = [];
  input.config.policy.protected.forEach((email, j, all) => {
    if (all.indexOf(email) !== j) return; // a repeat: DUPLICATE_PROTECTED says so
    // An email protected by a baseline is protected wherever it is: no need to declare it.
    if (j >= input.protectedIndex.length) return;
    const path = ['policy', 'protected', input.protectedIndex[j] ?? j];
    const member = input.config.members.find((m) => m.key === email);
    if (member === undefined) {
      const message = `protected ${email} is not declared under members`;
      problems.push(error('PROTECTED_NOT_DECLARED', message, path));
    } else if (isExpired(member, input.now)) {
      const message = `protected ${email} is declared at line ${member.source.line} but expired on ${member.expires ?? ''}`;
      problems.push(error('PROTECTED_NOT_DECLARED', message, path));
    }
  });
  return problems;
};

/** A protected email that an `ignore` pattern matches (it would be neither kept nor removed). */
const checkProtectedIgnored: GroupRule = (input) => {
  const { ignore, policy } = input.config;
  const ownIgnore = input.ignoreIndex.length;
  const ownProtected = input.protectedIndex.length;
  return policy.protected.flatMap((email, j, all) => {
    const k = findIgnorePattern(email, ignore);
    if (k < 0 || all.indexOf(email) !== j) return [];
    // Both from baselines: the baseline's own problem, reported when it is validated.
    if (k >= ownIgnore && j >= ownProtected) return [];
    if (j >= ownProtected) {
      const from = input.inheritedProtected[j - ownProtected]?.file ?? 'a baseline';
      const message = `ignore pattern "${ignore[k] ?? ''}" matches ${email}, protected by ${from}`;
      return [error('PROTECTED_IGNORED', message, ['ignore', input.ignoreIndex[k] ?? k])];
    }
    const where =
      k < ownIgnore
        ? `line ${input.at(['ignore', input.ignoreIndex[k] ?? k]).line}`
        : (input.inheritedIgnore[k - ownIgnore]?.file ?? 'a baseline');
    const message = `protected ${email} matches ignore pattern "${ignore[k] ?? ''}" (${where})`;
    return [
      error('PROTECTED_IGNORED', message, ['policy', 'protected', input.protectedIndex[j] ?? j]),
    ];
  });
};

/** An `ignore` pattern that matches a declared member: the entry would silently do nothing. */
const checkIgnoreMatchesDeclared: GroupRule = (input) =>
  input.config.ignore.flatMap((pattern, k) => {
    if (k >= input.ignoreIndex.length) return inheritedIgnoreHits(input, k);
    const hits = input.config.members.filter((m) => findIgnorePattern(m.email, [pattern]) === 0);
    const [first] = hits;
    if (first === undefined) return [];
    const more = hits.length > 1 ? ` and ${hits.length - 1} more` : '';
    const message = `ignore pattern "${pattern}" matches declared member ${first.email} (line ${first.source.line})${more}`;
    return [error('IGNORE_MATCHES_DECLARED', message, ['ignore', input.ignoreIndex[k] ?? k])];
  });

/** An inherited `ignore` pattern matching declared members: an error at each member's line. */
function inheritedIgnoreHits(input: RuleInput, k: number): RuleProblem[] {
  const inherited = input.inheritedIgnore[k - input.ignoreIndex.length];
  if (inherited === undefined) return [];
  return input.config.members.flatMap((member, m) => {
    if (findIgnorePattern(member.email, [inherited.pattern]) !== 0) return [];
    const message = `${member.email} matches ignore pattern "${inherited.pattern}" of ${inherited.file}: it would never be managed`;
    const path = ['members', input.memberIndex[m] ?? m, 'email'];
    return [error('IGNORE_MATCHES_DECLARED', message, path)];
  });
}

/**
 * A member's teams: each must be declared (in the file or its baselines), and two teams may not
 * set different values for a quota the member does not set itself.
 */
const checkTeams: GroupRule = (input) => {
  const { teams, members } = input.config;
  const names = Object.keys(teams);
  return members.flatMap((member, m) => {
    const index = input.memberIndex[m] ?? m;
    const problems: RuleProblem[] = [];
    member.teams.forEach((name, t) => {
      if (teams[name] !== undefined) return;
      const hint = suggestKey(name, names);
      const message =
        `${member.email} joins team "${name}", which is not declared` +
        (hint === undefined ? '' : ` (did you mean "${hint}"?)`) +
        (names.length === 0 ? '; no teams are declared' : `; teams: ${names.join(', ')}`);
      problems.push(error('UNKNOWN_TEAM', message, ['members', index, 'teams', t]));
    });
    // Two teams at least can disagree.
    if (member.teams.length < 2) return problems;
    for (const quota of QUOTA_NAMES) {
      if (member.ownQuotas.includes(quota)) continue;
      const setters = member.teams.filter((name) => teams[name]?.quotas[quota] !== undefined);
      const first = setters[0];
      const other = setters.find(
        (n) => teams[n]?.quotas[quota] !== teams[first ?? '']?.quotas[quota],
      );
      if (first === undefined || other === undefined) continue;
      const message =
        `${member.email}: teams "${first}" (${String(teams[first]?.quotas[quota])}) and "${other}" ` +
        `(${String(teams[other]?.quotas[quota])}) disagree on ${quota}; set it on the member`;
      problems.push(error('TEAM_QUOTA_CONFLICT', message, ['members', index, 'teams']));
    }
    return problems;
  });
};

/** Warnings: an `expires` already past (the entry counts as not declared) or coming soon. */
/** A service account may hold any role but admin (gti-api.md §4: the API refuses it too). */
const checkServiceAccountRoles: GroupRule = (input) =>
  input.config.serviceAccounts.flatMap((account, k) => {
    if (!account.roles.includes('admin')) return [];
    const index = input.serviceAccountIndex[k] ?? k;
    return [
      error(
        'SERVICE_ACCOUNT_ADMIN',
        `service account ${account.name} cannot hold the admin role: only a person can administer a group; remove admin from its roles`,
        ['service_accounts', index, 'roles'],
      ),
    ];
  });

const checkExpiry: GroupRule = (input) => {
  const { members, policy } = input.config;
  return members.flatMap((member, k) => {
    const path = ['members', input.memberIndex[k] ?? k, 'expires'];
    if (isExpired(member, input.now)) {
      const message = `${member.email} expired on ${member.expires ?? ''}: the entry counts as not declared; remove it`;
      return [warning('EXPIRED', message, path)];
    }
    if (expiresWithin(member, input.now, policy.expiry_warning_days)) {
      const left = describeDaysLeft(member, input.now) ?? '';
      const message = `${member.email} expires at the end of ${member.expires ?? ''} (${left})`;
      return [warning('EXPIRING', message, path)];
    }
    return [];
  });
};

/** Warning: a Private Scanning cap on a member who does not get the private_scanning role. */
const checkPrivateScanningQuotas: GroupRule = (input) =>
  input.config.members.flatMap((member, k) => {
    if (member.roles.includes('private_scanning')) return [];
    return member.ownQuotas
      .filter((name) => name === 'private_scans_monthly' || name === 'private_urlscans_monthly')
      .map((name) =>
        warning(
          'QUOTA_WITHOUT_ROLE',
          `${member.email} sets ${name} but has no private_scanning role, so the cap has no use`,
          ['members', input.memberIndex[k] ?? k, 'quotas', name],
        ),
      );
  });

/** Warning: a protected email listed twice in different letter case (exact repeats are schema errors). */
const checkDuplicateProtected: GroupRule = (input) => {
  const firstIndex = new Map<string, number>();
  return input.config.policy.protected.flatMap((email, j) => {
    if (j >= input.protectedIndex.length) return [];
    const index = input.protectedIndex[j] ?? j;
    const first = firstIndex.get(email);
    if (first === undefined) {
      firstIndex.set(email, index);
      return [];
    }
    const message = `${email} is already protected (item ${first})`;
    return [warning('DUPLICATE_PROTECTED', message, ['policy', 'protected', index])];
  });
};

/** Every rule, in the order their problems are listed for one position. */
export const GROUP_RULES: readonly GroupRule[] = [
  checkDuplicateEmails,
  checkDuplicateIds,
  checkDuplicateServiceAccounts,
  checkServiceAccountRoles,
  checkMinAdmins,
  checkProtectedDeclared,
  checkProtectedIgnored,
  checkIgnoreMatchesDeclared,
  checkTeams,
  checkExpiry,
  checkPrivateScanningQuotas,
  checkDuplicateProtected,
];

interface Indexed {
  member: DesiredMember;
  index: number;
}

/** Pairs [first, later] of members sharing a non-undefined key. */
function findDuplicates(
  input: RuleInput,
  keyOf: (m: DesiredMember) => string | undefined,
): [Indexed, Indexed][] {
  const firsts = new Map<string, Indexed>();
  const pairs: [Indexed, Indexed][] = [];
  input.config.members.forEach((member, k) => {
    const key = keyOf(member);
    if (key === undefined) return;
    const entry = { member, index: input.memberIndex[k] ?? k };
    const first = firsts.get(key);
    if (first === undefined) firsts.set(key, entry);
    else pairs.push([first, entry]);
  });
  return pairs;
}
