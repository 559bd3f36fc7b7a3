/**
 * The benchmark's generated world (deterministic, no randomness): a group of N members with a few
 * administrators, some Private Scanning users and a few service accounts, and a group file that
 * changes it the way a busy month would: ~5% new members, ~5% removed (below the 25% limit),
 * ~10% with a role or cap change, one promotion and one demotion, a new service account and a
 * changed one. The same world is produced as an emulator seed plus YAML (for the HTTP bench) and
 * as a GroupConfig plus LiveGroup (for the pure diff bench).
 */
import { API_ROLE, type Role } from '../src/model/roles.js';
import { DEFAULT_POLICY, type GroupConfig } from '../src/model/group-config.js';
import type { Seed, SeedServiceAccount, SeedUser } from '../src/emulator/types.js';
import type { LiveGroup, LiveMember } from '../src/model/live-group.js';

export const BENCH_GROUP = 'bench';
export const BENCH_KEY = 'key-bench';
export const BENCH_NOW = '2026-11-26T12:00:00Z';
/** The file's `policy.min_admins`. */
export const BENCH_MIN_ADMINS = 2;
const DEFAULT_CAP = 1000;

/** One person of the world: what the live group has, and what the file wants. */
interface Person {
  id: string;
  email: string;
  live: { roles: Role[]; cap: number } | null;
  wanted: { roles: Role[]; cap: number | undefined } | null;
  /** Has an account (a new member without one becomes an invitation). */
  hasAccount: boolean;
}

interface Account {
  name: string;
  liveCap: number | null;
  wantedCap: number;
}

/** The generated world and the counts the formulas need. */
export interface World {
  people: Person[];
  accounts: Account[];
  adminCount: number;
}

const pad = (i: number): string => String(i).padStart(6, '0');

/** Generates the world for a group of `members` live members. */
export function generateWorld(members: number): World {
  const adminCount = Math.max(3, Math.round(members * 0.01));
  const people: Person[] = [];
  for (let i = 0; i < members; i++) {
    const admin = i < adminCount;
    const scanning = i % 7 === 3;
    const liveRoles: Role[] = [
      ...(admin ? ['admin' as const] : []),
      ...(scanning ? ['private_scanning' as const] : []),
    ];
    let wanted: Person['wanted'] = { roles: liveRoles, cap: undefined };
    if (!admin && i % 20 === 19)
      wanted = null; // removed: 5%
    else if (!admin && i % 20 === 1)
      wanted = { roles: liveRoles, cap: 2000 }; // cap change: 5%
    else if (!admin && i % 20 === 2) {
      // Private Scanning toggled: 5%
      wanted = { roles: scanning ? [] : ['private_scanning'], cap: undefined };
    }
    people.push({
      id: `u${pad(i)}`,
      email: `u${pad(i)}@bench.example`,
      live: { roles: liveRoles, cap: DEFAULT_CAP },
      wanted,
      hasAccount: true,
    });
  }
  // One demotion (the last admin) and one promotion (a plain member), keeping min_admins.
  const demoted = people[adminCount - 1];
  if (demoted?.wanted) demoted.wanted = { roles: [], cap: undefined };
  const promoted = people.find((p, i) => i >= adminCount && i % 20 === 4);
  if (promoted?.wanted) promoted.wanted = { roles: ['admin'], cap: undefined };

  const joining = Math.round(members * 0.05);
  for (let j = 0; j < joining; j++) {
    people.push({
      id: `n${pad(j)}`,
      email: `n${pad(j)}@bench.example`,
      live: null,
      wanted: { roles: j % 10 === 0 ? ['private_scanning'] : [], cap: undefined },
      // Two of them have no account yet: invitations.
      hasAccount: j >= 2,
    });
  }
  const accounts: Account[] = [0, 1, 2, 3, 4].map((k) => ({
    name: `sa${k}`,
    liveCap: 10000,
    wantedCap: k === 0 ? 20000 : 10000,
  }));
  accounts.push({ name: 'sa_new', liveCap: null, wantedCap: 5000 });
  return { people, accounts, adminCount };
}

/** The emulator seed of the world's live state. */
export function seedOf(world: World): Seed {
  const users: SeedUser[] = world.people
    .filter((p) => p.hasAccount)
    .map((p, index) => ({
      id: p.id,
      email: p.email,
      ...(index === 0 ? { apikey: BENCH_KEY } : {}),
      first_name: p.id,
      last_name: 'Bench',
      has_2fa: true,
      ...(p.live === null
        ? {}
        : {
            group: BENCH_GROUP,
            roles: p.live.roles.map((role) => API_ROLE[role]),
            quotas: { api_requests_daily: { allowed: p.live.cap, used: index % 500 } },
          }),
    }));
  const serviceAccounts: SeedServiceAccount[] = world.accounts
    .filter((a) => a.liveCap !== null)
    .map((a) => ({
      group: BENCH_GROUP,
      name: a.name,
      quotas: { api_requests_daily: { allowed: a.liveCap ?? 0, used: 0 } },
    }));
  return {
    now: BENCH_NOW,
    groups: [
      {
        id: BENCH_GROUP,
        organization: 'Bench Corp',
        quotas: { api_requests_daily: { allowed: 10_000_000, used: 0 } },
      },
    ],
    users,
    service_accounts: serviceAccounts,
  };
}

/** The group file that asks for the world's wanted state. */
export function groupFileOf(world: World): string {
  const lines = [
    'version: 1',
    `group: ${BENCH_GROUP}`,
    'policy:',
    '  members: authoritative',
    `  min_admins: ${BENCH_MIN_ADMINS}`,
    '  max_removal_ratio: 0.25',
    'defaults:',
    `  quotas: {api_requests_daily: ${DEFAULT_CAP}}`,
    'members:',
  ];
  for (const p of world.people) {
    if (p.wanted === null) continue;
    lines.push(`  - email: ${p.email}`);
    if (p.wanted.roles.length > 0) lines.push(`    roles: [${p.wanted.roles.join(', ')}]`);
    if (p.wanted.cap !== undefined) lines.push(`    quotas: {api_requests_daily: ${p.wanted.cap}}`);
  }
  lines.push('service_accounts:');
  for (const a of world.accounts) {
    lines.push(`  - name: ${a.name}`, `    quotas: {api_requests_daily: ${a.wantedCap}}`);
  }
  return `${lines.join('\n')}\n`;
}

/** The world as the pure diff sees it: the file (GroupConfig) and the live group. */
export function modelOf(world: World): { config: GroupConfig; live: LiveGroup } {
  const file = 'bench.yaml';
  const source = (line: number) => ({ file, line, col: 5 });
  const config: GroupConfig = {
    file,
    version: 1,
    group: BENCH_GROUP,
    policy: { ...DEFAULT_POLICY, min_admins: BENCH_MIN_ADMINS, protected: [] },
    defaults: { quotas: { api_requests_daily: DEFAULT_CAP } },
    ignore: [],
    members: world.people.flatMap((p, i) =>
      p.wanted === null
        ? []
        : [
            {
              email: p.email,
              key: p.email,
              id: undefined,
              roles: p.wanted.roles,
              quotas: { api_requests_daily: p.wanted.cap ?? DEFAULT_CAP },
              ownQuotas: p.wanted.cap === undefined ? [] : ['api_requests_daily' as const],
              teams: [],
              expires: undefined,
              source: source(10 + i * 2),
            },
          ],
    ),
    serviceAccounts: world.accounts.map((a, k) => ({
      name: a.name,
      id: `${BENCH_GROUP}_${a.name}`,
      roles: [],
      quotas: { api_requests_daily: a.wantedCap },
      source: source(1_000_000 + k),
    })),
    source: { file, line: 2, col: 1 },
    apikeyEnv: undefined,
    baselines: [],
    teams: {},
  };
  const members: LiveMember[] = world.people.flatMap((p) =>
    p.live === null
      ? []
      : [
          {
            id: p.id,
            email: p.email,
            key: p.email,
            firstName: p.id,
            lastName: 'Bench',
            has2fa: true,
            roles: p.live.roles,
            apiRoles: p.live.roles.map((role) => API_ROLE[role]),
            caps: { api_requests_daily: p.live.cap },
            used: { api_requests_daily: 0 },
            lastLogin: null,
            status: 'active',
          },
        ],
  );
  const first = members[0];
  const live: LiveGroup = {
    group: BENCH_GROUP,
    caller: { id: first?.id ?? '', email: first?.email ?? '' },
    members: members.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    serviceAccounts: world.accounts
      .filter((a) => a.liveCap !== null)
      .map((a) => ({
        id: `${BENCH_GROUP}_${a.name}`,
        name: a.name,
        roles: [],
        apiRoles: [],
        caps: { api_requests_daily: a.liveCap ?? 0 },
        used: {},
      })),
    pendingInvitations: [],
    twoFactor: { known: true, via: 'attribute' },
  };
  return { config, live };
}
