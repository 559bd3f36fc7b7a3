/** Builders of GroupConfig and LiveGroup values for the pure plan tests (no file, no API). */
import { DEFAULT_POLICY } from '../../src/model/group-config.js';
import type {
  DesiredMember,
  DesiredServiceAccount,
  GroupConfig,
  Policy,
} from '../../src/model/group-config.js';
import type { Quotas } from '../../src/model/quotas.js';
import type { Role } from '../../src/model/roles.js';
import type {
  LiveGroup,
  LiveMember,
  LiveServiceAccount,
  PendingInvitation,
} from '../../src/model/live-group.js';

let line = 10;

export function desired(
  email: string,
  opts: { id?: string; roles?: Role[]; quotas?: Quotas; expires?: string; line?: number } = {},
): DesiredMember {
  return {
    email,
    key: email.toLowerCase(),
    id: opts.id,
    roles: opts.roles ?? [],
    quotas: opts.quotas ?? {},
    ownQuotas: Object.keys(opts.quotas ?? {}) as DesiredMember['ownQuotas'],
    expires: opts.expires,
    source: { file: 'group.yaml', line: opts.line ?? line++, col: 5 },
  };
}

export function desiredAccount(
  group: string,
  name: string,
  quotas: Quotas = {},
  at = 90,
): DesiredServiceAccount {
  return {
    name,
    id: `${group}_${name}`,
    roles: [],
    quotas,
    source: { file: 'group.yaml', line: at, col: 5 },
  };
}

/** A config; `defaults` quotas are merged into each member's quotas as loadGroupFile does. */
export function config(
  opts: {
    members?: DesiredMember[];
    serviceAccounts?: DesiredServiceAccount[];
    policy?: Partial<Policy>;
    defaults?: Quotas;
    ignore?: string[];
    group?: string;
  } = {},
): GroupConfig {
  const defaults = opts.defaults ?? {};
  return {
    file: 'group.yaml',
    version: 1,
    group: opts.group ?? 'acme',
    policy: { ...DEFAULT_POLICY, ...opts.policy },
    defaults: { quotas: defaults },
    ignore: opts.ignore ?? [],
    members: (opts.members ?? []).map((m) => ({ ...m, quotas: { ...defaults, ...m.quotas } })),
    serviceAccounts: opts.serviceAccounts ?? [],
    apikeyEnv: undefined,
    baselines: [],
    source: { file: 'group.yaml', line: 2, col: 1 },
  };
}

export function live(
  id: string,
  email: string,
  opts: {
    roles?: Role[];
    caps?: Quotas;
    used?: Quotas;
    has2fa?: boolean | null;
    apiRoles?: string[];
    unknownRoles?: Role[];
  } = {},
): LiveMember {
  const roles = opts.roles ?? [];
  const member: LiveMember = {
    id,
    email,
    key: email.toLowerCase(),
    firstName: id,
    lastName: '',
    has2fa: opts.has2fa === undefined ? true : opts.has2fa,
    roles,
    apiRoles:
      opts.apiRoles ??
      roles.map((r) => (r === 'admin' ? 'USER_ROLE_GROUP_ADMIN' : 'USER_ROLE_PRIVATE_SCANNING')),
    caps: opts.caps ?? {},
    used: opts.used ?? {},
    lastLogin: 1_700_000_000,
    status: 'active',
  };
  if (opts.unknownRoles) member.unknownRoles = opts.unknownRoles;
  return member;
}

export function liveAccount(
  group: string,
  name: string,
  caps: Quotas = {},
  used: Quotas = {},
): LiveServiceAccount {
  return { id: `${group}_${name}`, name, roles: [], apiRoles: [], caps, used };
}

export function group(
  members: LiveMember[],
  opts: {
    caller?: string;
    serviceAccounts?: LiveServiceAccount[];
    pending?: PendingInvitation[];
    group?: string;
  } = {},
): LiveGroup {
  const callerId = opts.caller ?? members[0]?.id ?? 'nobody';
  const caller = members.find((m) => m.id === callerId);
  return {
    group: opts.group ?? 'acme',
    caller: {
      id: callerId,
      email: caller?.email ?? `${callerId}@x.example`,
    },
    members: [...members].sort((a, b) => (a.key < b.key ? -1 : 1)),
    serviceAccounts: opts.serviceAccounts ?? [],
    pendingInvitations: opts.pending ?? [],
    twoFactor: { known: true, via: 'attribute' },
  };
}

export function invitation(
  email: string,
  actor: string | null = 'alice',
  date = 1_795_000_000,
): PendingInvitation {
  return { key: email.toLowerCase(), email, actor, date };
}

export const NOW = new Date('2026-11-26T12:00:00Z');
