/** A live member for pure tests of the report renderers and the export editor. */
import type { LiveMember } from '../../src/model/live-group.js';

/** `id@lab.example`, 2FA on, no roles, no caps, unless `over` says otherwise. */
export function liveMember(id: string, over: Partial<LiveMember> = {}): LiveMember {
  const email = over.email ?? `${id}@lab.example`;
  return {
    id,
    email,
    key: email.toLowerCase(),
    firstName: '',
    lastName: '',
    has2fa: true,
    roles: [],
    apiRoles: [],
    caps: {},
    used: {},
    lastLogin: null,
    status: 'active',
    ...over,
  };
}
