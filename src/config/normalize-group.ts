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
} from '../model/group-config.js';
import type { Quotas } from '../model/quotas.js';
import type { Role } from '../model/roles.js';
import { DEFAULT_POLICY } from '../model/group-config.js';
import { QUOTA_NAMES } from '../model/quotas.js';
import { ROLES } from '../model/roles.js';
import { positionOf } from './yaml.js';
import type { YamlParseResult } from './yaml.js';

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
}

/** Normalises `value` (read from `file`); never throws, whatever the value. */
export function normalizeGroup(
  value: unknown,
  file: string,
  yaml: Pick<YamlParseResult, 'doc' | 'lineCounter'>,
): NormalizedGroup {
  const root = asRecord(value);
  const ref = (path: (string | number)[], target: 'key' | 'value' = 'value') => ({
    file,
    ...positionOf(yaml, path, target),
  });
  const group = typeof root['group'] === 'string' ? root['group'] : '';
  const defaults = { quotas: readQuotas(asRecord(root['defaults'])['quotas']) };

  const members: DesiredMember[] = [];
  const memberIndex: number[] = [];
  asList(root['members']).forEach((item, index) => {
    const entry = asRecord(item);
    const email = entry['email'];
    if (typeof email !== 'string') return;
    const own = readQuotas(entry['quotas']);
    members.push({
      email,
      key: email.toLowerCase(),
      id: typeof entry['id'] === 'string' ? entry['id'] : undefined,
      roles: readRoles(entry['roles']),
      quotas: { ...defaults.quotas, ...own },
      ownQuotas: QUOTA_NAMES.filter((name) => own[name] !== undefined),
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

  const policy = asRecord(root['policy']);
  const protectedEmails = readStrings(policy['protected']);
  const ignore = readStrings(root['ignore']);
  const config: GroupConfig = {
    file,
    version: 1,
    group,
    policy: readPolicy(policy, protectedEmails.values),
    defaults,
    ignore: ignore.values,
    members,
    serviceAccounts,
    apikeyEnv: typeof root['apikey_env'] === 'string' ? root['apikey_env'] : undefined,
    baselines: [],
    source: ref(['group'], 'key'),
  };
  return {
    config,
    memberIndex,
    serviceAccountIndex,
    protectedIndex: protectedEmails.index,
    ignoreIndex: ignore.index,
  };
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
  };
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
