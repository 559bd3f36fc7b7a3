/**
 * The plan e2e world: group `lab` in a seed built here, and the group file that declares exactly
 * it (so its plan is clean); tests vary the file.
 */
import type { Seed, SeedUser } from '../../src/emulator/index.js';
import { NOW } from '../support/emulator.js';

function user(id: string, extra: Partial<SeedUser> = {}): SeedUser {
  return {
    id,
    email: `${id}@lab.example`,
    apikey: `key-${id}`,
    has_2fa: true,
    group: 'lab',
    ...extra,
  };
}

/**
 * Group `lab`: administrators ada (the caller) and bea; members cy, dan, eve, fay, each with a
 * daily cap of 1000. `labFile()` declares exactly that, so its plan is clean.
 */
export function labSeed(): Seed {
  const cap = { api_requests_daily: { allowed: 1000, used: 10 } };
  return {
    now: NOW,
    groups: [{ id: 'lab', organization: 'Lab' }],
    users: [
      user('ada', { roles: ['USER_ROLE_GROUP_ADMIN'], quotas: cap }),
      user('bea', { roles: ['USER_ROLE_GROUP_ADMIN'], quotas: cap }),
      ...['cy', 'dan', 'eve', 'fay'].map((id) => user(id, { quotas: cap })),
    ],
  };
}

/** A lab file: `members` lines after the header (default: the clean set). */
export function labFile(opts: { members?: string; policy?: string } = {}): string {
  const members =
    opts.members ??
    ['ada', 'bea'].map((id) => `  - email: ${id}@lab.example\n    roles: [admin]\n`).join('') +
      ['cy', 'dan', 'eve', 'fay'].map((id) => `  - email: ${id}@lab.example\n`).join('');
  return `version: 1\ngroup: lab\npolicy:\n  min_admins: 1\n${opts.policy ?? ''}defaults:\n  quotas: {api_requests_daily: 1000}\nmembers:\n${members}`;
}
