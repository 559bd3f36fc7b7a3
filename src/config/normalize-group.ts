/**
 * Turns the parsed value of a group file into the normalised GroupConfig, leniently: a piece of the
 * wrong shape is skipped (the schema stage reports it), so the rules can still run on the rest and
 * every problem of a file is reported at once. Only a file with no error problems is handed out.
 */
import type {
  DesiredMember,
  DesiredServiceAccount,
  GroupConfig,
  Policy,
  SourceRef,
  Team,
} from '../model/group-config.js';
import type { QuotaName, Quotas } from '../model/quotas.js';
import type { Role } from '../model/roles.js';
import { DEFAULT_POLICY } from '../model/group-config.js';
import { QUOTA_NAMES } from '../model/quotas.js';
import { ROLES } from '../model/roles.js';
import { positionOf } from './yaml.js';
import type { YamlPositions } from './yaml.js';
import type { BaselineLayer } from './baseline-chain.js';

/** A normalised config plus, for each entry, its index in the file's list (for positions). */
export interface NormalizedGroup {
  config: GroupConfig;
  /** `memberIndex[k]` is the index under `members:` of `config.members[k]`. */
  memberIndex: number[];
  /** `serviceAccountIndex[k]` is the index under `service_accounts:` of `config.serviceAccounts[k]`. */
  serviceAccountIndex: number[];
  /** `protectedIndex[j]` is the index under `policy.protected:` of `config.policy.protected[j]`. */
  protectedIndex: number[];
  /** `ignoreIndex[k]` is the index under `ignore:` of `config.ignore[k]`. */
  ignoreIndex: number[];
  /** The `ignore` patterns inherited from a baseline (after the file's own in `config.ignore`). */
  inheritedIgnore: { pattern: string; file: string }[];
  /** The protected emails inherited from a baseline (after the file's own in `config.policy`). */
  inheritedProtected: { email: string; file: string }[];
}

/**
 * Normalises `value` (read from `file`) over its baselines (`layers`, nearest first: the file's own
 * values win key by key, `policy.protected` and `ignore` are joined, teams resolved into each
 * member's roles and quotas); never throws, whatever the value.
 */
export function normalizeGroup(
  value: unknown,
  file: string,
  yaml: YamlPositions,
  layers: readonly BaselineLayer[] = [],
): NormalizedGroup {
  const root = asRecord(value);
  const ref = (path: (string | number)[], target: 'key' | 'value' = 'value') => ({
    file,
    ...positionOf(yaml, path, target),
  });
  // Farthest first, then the file itself: a later source wins.
  const sources = [
    ...[...layers].reverse().map((layer) => ({
      file: layer.file,
      root: layer.value,
      at: (path: (string | number)[]): SourceRef => ({
        file: layer.file,
        ...positionOf(layer.yaml, path),
      }),
    })),
    { file, root, at: (path: (string | number)[]) => ref(path) },
  ];
  const group = typeof root['group'] === 'string' ? root['group'] : '';
  const defaults: { quotas: Quotas } = { quotas: {} };
  const defaultSources: Partial<Record<QuotaName, SourceRef>> = {};
  const teams: Record<string, Team> = {};
  for (const source of sources) {
    const own = readQuotas(asRecord(asRecord(source.root['defaults'])['quotas']));
    for (const name of QUOTA_NAMES) {
      if (own[name] === undefined) continue;
      defaults.quotas[name] = own[name];
      defaultSources[name] = source.at(['defaults', 'quotas', name]);
    }
    for (const [name, raw] of Object.entries(asRecord(source.root['teams']))) {
      const entry = asRecord(raw);
      const team: Team = teams[name] ?? {
        roles: [],
        quotas: {},
        source: source.at(['teams', name]),
      };
      team.source = source.at(['teams', name]);
      if (Object.hasOwn(entry, 'roles')) {
        team.roles = readRoles(entry['roles']);
        team.rolesSource = source.at(['teams', name, 'roles']);
      }
      const caps = readQuotas(entry['quotas']);
      team.quotas = { ...team.quotas, ...caps };
      for (const quota of QUOTA_NAMES) {
        if (caps[quota] === undefined) continue;
        team.quotaSources = {
          ...team.quotaSources,
          [quota]: source.at(['teams', name, 'quotas', quota]),
        };
      }
      teams[name] = team;
    }
  }

  const members: DesiredMember[] = [];
  const memberIndex: number[] = [];
  asList(root['members']).forEach((item, index) => {
    const entry = asRecord(item);
    const email = entry['email'];
    if (typeof email !== 'string') return;
    const own = readQuotas(entry['quotas']);
    const memberTeams = readStrings(entry['teams']).values;
    const ownRoles = readRoles(entry['roles']);
    const joined = memberTeams.map((name) => teams[name]).filter((t) => t !== undefined);
    const inherited = inheritQuotas(joined, memberTeams, teams, defaults.quotas, defaultSources);
    members.push({
      email,
      key: email.toLowerCase(),
      id: typeof entry['id'] === 'string' ? entry['id'] : undefined,
      roles: ROLES.filter((r) => ownRoles.includes(r) || joined.some((t) => t.roles.includes(r))),
      quotas: { ...inherited.quotas, ...own },
      ownQuotas: QUOTA_NAMES.filter((name) => own[name] !== undefined),
      teams: memberTeams,
      ownRoles,
      inheritedQuotas: inherited.quotas,
      quotaSources: inherited.sources,
      roleSources: teamRoleSources(joined, ownRoles),
      expires: typeof entry['expires'] === 'string' ? entry['expires'] : undefined,
      source: ref(['members', index]),
    });
    memberIndex.push(index);
  });

  const serviceAccounts: DesiredServiceAccount[] = [];
  const serviceAccountIndex: number[] = [];
  asList(root['service_accounts']).forEach((item, index) => {
    const entry = asRecord(item);
    const name = entry['name'];
    if (typeof name !== 'string') return;
    const quotas = readQuotas(entry['quotas']);
    serviceAccounts.push({
      name,
      id: `${group}_${name}`,
      roles: readRoles(entry['roles']),
      quotas,
      source: ref(['service_accounts', index]),
    });
    serviceAccountIndex.push(index);
  });

  const ownPolicy = asRecord(root['policy']);
  const policy = Object.assign({}, ...sources.map((s) => asRecord(s.root['policy'])), ownPolicy);
  const protectedEmails = readStrings(ownPolicy['protected']);
  const ignore = readStrings(root['ignore']);
  const inheritedProtected: { email: string; file: string }[] = [];
  const inheritedIgnore: { pattern: string; file: string }[] = [];
  const ownProtected = protectedEmails.values.map((e) => e.toLowerCase());
  for (const layer of layers) {
    for (const email of readStrings(asRecord(layer.value['policy'])['protected']).values) {
      const key = email.toLowerCase();
      if (!ownProtected.includes(key) && !inheritedProtected.some((p) => p.email === key))
        inheritedProtected.push({ email: key, file: layer.file });
    }
    for (const pattern of readStrings(layer.value['ignore']).values) {
      if (!ignore.values.includes(pattern) && !inheritedIgnore.some((p) => p.pattern === pattern))
        inheritedIgnore.push({ pattern, file: layer.file });
    }
  }
  const config: GroupConfig = {
    file,
    version: 1,
    group,
    policy: readPolicy(policy, [
      ...protectedEmails.values,
      ...inheritedProtected.map((p) => p.email),
    ]),
    defaults,
    ignore: [...ignore.values, ...inheritedIgnore.map((p) => p.pattern)],
    members,
    serviceAccounts,
    source: ref(['group'], 'key'),
    apikeyEnv: typeof root['apikey_env'] === 'string' ? root['apikey_env'] : undefined,
    baselines: layers.map((layer) => layer.file),
    teams,
  };
  return {
    config,
    memberIndex,
    serviceAccountIndex,
    protectedIndex: protectedEmails.index,
    ignoreIndex: ignore.index,
    inheritedIgnore,
    inheritedProtected,
  };
}

/**
 * The caps a member gets without its own: from its teams (the first team that sets a quota; two
 * teams that disagree are the TEAM_QUOTA_CONFLICT rule's business), else from `defaults`.
 */
/** For each role a member has from its teams only: the first of its teams that grants it. */
function teamRoleSources(
  joined: readonly Team[],
  ownRoles: readonly Role[],
): Partial<Record<Role, SourceRef>> {
  const sources: Partial<Record<Role, SourceRef>> = {};
  if (joined.length === 0) return sources;
  for (const role of ROLES) {
    if (ownRoles.includes(role)) continue;
    const team = joined.find((t) => t.roles.includes(role));
    if (team !== undefined) sources[role] = team.rolesSource ?? team.source;
  }
  return sources;
}

function inheritQuotas(
  joined: readonly Team[],
  names: readonly string[],
  teams: Readonly<Record<string, Team>>,
  defaults: Quotas,
  defaultSources: Partial<Record<QuotaName, SourceRef>>,
): { quotas: Quotas; sources: Partial<Record<QuotaName, SourceRef>> } {
  const quotas: Quotas = { ...defaults };
  const sources: Partial<Record<QuotaName, SourceRef>> = { ...defaultSources };
  if (joined.length === 0) return { quotas, sources };
  for (const name of QUOTA_NAMES) {
    const team = names.map((n) => teams[n]).find((t) => t?.quotas[name] !== undefined);
    const cap = team?.quotas[name];
    if (team === undefined || cap === undefined || !joined.includes(team)) continue;
    quotas[name] = cap;
    sources[name] = team.quotaSources?.[name] ?? team.source;
  }
  return { quotas, sources };
}

/** The strings of a list, and where each was in it (items of another type are skipped). */
function readStrings(raw: unknown): { values: string[]; index: number[] } {
  const values: string[] = [];
  const index: number[] = [];
  asList(raw).forEach((item, i) => {
    if (typeof item !== 'string') return;
    values.push(item);
    index.push(i);
  });
  return { values, index };
}

function readPolicy(raw: Record<string, unknown>, protectedEmails: string[]): Policy {
  const members = raw['members'];
  const count = (key: string, fallback: number) => {
    const v = raw[key];
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : fallback;
  };
  const ratio = raw['max_removal_ratio'];
  return {
    members:
      members === 'authoritative' || members === 'additive' ? members : DEFAULT_POLICY.members,
    require_2fa:
      typeof raw['require_2fa'] === 'boolean' ? raw['require_2fa'] : DEFAULT_POLICY.require_2fa,
    min_admins: count('min_admins', DEFAULT_POLICY.min_admins),
    max_removal_ratio:
      typeof ratio === 'number' && ratio >= 0 && ratio <= 1
        ? ratio
        : DEFAULT_POLICY.max_removal_ratio,
    protected: protectedEmails.map((e) => e.toLowerCase()),
    expiry_warning_days: count('expiry_warning_days', DEFAULT_POLICY.expiry_warning_days),
    ...lifecycleDays(raw),
  };
}

/** `inactive_days` and `stale_invitation_days`, only when set (positive integers). */
function lifecycleDays(raw: Record<string, unknown>): Partial<Policy> {
  const out: Partial<Policy> = {};
  const inactive = raw['inactive_days'];
  if (typeof inactive === 'number' && Number.isInteger(inactive) && inactive > 0)
    out.inactive_days = inactive;
  const stale = raw['stale_invitation_days'];
  if (typeof stale === 'number' && Number.isInteger(stale) && stale > 0)
    out.stale_invitation_days = stale;
  return out;
}

function readQuotas(raw: unknown): Quotas {
  const record = asRecord(raw);
  const quotas: Quotas = {};
  for (const name of QUOTA_NAMES) {
    const v = record[name];
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0) quotas[name] = v;
  }
  return quotas;
}

function readRoles(raw: unknown): Role[] {
  const given = asList(raw);
  return ROLES.filter((role) => given.includes(role));
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value } : {};
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
