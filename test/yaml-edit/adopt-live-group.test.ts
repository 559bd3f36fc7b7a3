/**
 * adoptLiveGroup: FILE edited to match the live group, only where `plan` on FILE would change
 * something; every other byte as written; `plan` on the result has no operation.
 */
import { describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { parseGroupFile } from '../../src/config/parse-group-file.js';
import type { GroupConfig } from '../../src/model/group-config.js';
import { diffGroup } from '../../src/plan/diff-group.js';
import type { LiveGroup, LiveMember, LiveServiceAccount } from '../../src/model/live-group.js';
import { adoptLiveGroup } from '../../src/yaml-edit/adopt-live-group.js';
import { YamlTextEditor } from '../../src/yaml-edit/edit-yaml-text.js';
import { liveMember } from '../support/live-member.js';

const now = new Date('2026-11-26T12:00:00Z');

/** Members here have the 1000 cap of the files' defaults unless told otherwise. */
function member(id: string, over: Partial<LiveMember> = {}): LiveMember {
  return liveMember(id, { caps: { api_requests_daily: 1000 }, ...over });
}

function account(name: string, caps: LiveServiceAccount['caps'] = {}): LiveServiceAccount {
  return { id: `lab_${name}`, name, roles: [], apiRoles: [], caps, used: {} };
}

function liveGroup(members: LiveMember[], over: Partial<LiveGroup> = {}): LiveGroup {
  return {
    group: 'lab',
    caller: { id: 'ada', email: 'ada@lab.example' },
    members: [...members].sort((a, b) => (a.key < b.key ? -1 : 1)),
    serviceAccounts: [],
    pendingInvitations: [],
    twoFactor: { known: true, via: 'attribute' },
    ...over,
  };
}

function configOf(text: string): GroupConfig {
  const { config, problems } = parseGroupFile(text, 'group.yaml', { now });
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  if (config === null) throw new Error('invalid file');
  return config;
}

/**
 * Adopts `live` into `text`; checks the result is valid, `plan` on it has no operation, and it was
 * edited in place (unless `restyled` says it is not).
 */
function adopt(text: string, live: LiveGroup, restyled = false): string {
  const out = adoptLiveGroup(text, configOf(text), live, now);
  expect(out.restyled).toBe(restyled);
  expect(diffGroup(configOf(out.text), live, now)).toEqual([]);
  return out.text;
}

const FILE = `# The lab group.
version: 1
group: lab
policy:
  members: authoritative       # remove the undeclared
  min_admins: 1
defaults:
  quotas:
    api_requests_daily: 1000   # the usual cap
ignore:
  - "*@vendor.example"
members:
  - email: ada@lab.example
    id: ada                    # pinned
    roles: [admin]

  # Analysts.
  - email: bea@lab.example
    quotas:
      api_requests_daily: 5000 # notebooks
  - email: cy@lab.example
    quotas:
      api_requests_daily: 3000
      intelligence_searches_monthly: 100
  - email: dan@lab.example     # left last week
  - email: eve@lab.example
    roles: [private_scanning]
  - email: fay@lab.example     # invited, not signed up yet
  - email: gus@lab.example
    expires: 2026-11-01        # contract ended
service_accounts:
  - name: ingest
    quotas:
      api_requests_daily: 50000
  - name: gone                 # never created
`;

/** FILE up to its analysts: what no edit of these tests touches. */
const FILE_HEAD = FILE.slice(0, FILE.indexOf('  # Analysts.\n'));

/** The live group exactly as FILE declares it (fay pending, gus gone after his expiry). */
function cleanLive(): LiveGroup {
  return liveGroup(
    [
      member('ada', { roles: ['admin'] }),
      member('bea', { caps: { api_requests_daily: 5000 } }),
      member('cy', { caps: { api_requests_daily: 3000, intelligence_searches_monthly: 100 } }),
      member('dan'),
      member('eve', { roles: ['private_scanning'] }),
      member('vic', { email: 'vic@vendor.example', roles: ['admin'], caps: {} }),
    ],
    {
      serviceAccounts: [account('ingest', { api_requests_daily: 50000 }), account('gone')],
      pendingInvitations: [
        { key: 'fay@lab.example', email: 'fay@lab.example', actor: 'ada', date: 1 },
      ],
      twoFactor: { known: true, via: 'attribute' },
    },
  );
}

describe('adoptLiveGroup', () => {
  it('returns FILE byte for byte when plan on it has no operation (comments, alignment, style, findings)', () => {
    const live = cleanLive();
    // An undeclared service account is a finding, not drift: it is not added.
    live.serviceAccounts.push(account('stray'));
    expect(diffGroup(configOf(FILE), live, now)).toEqual([]);
    expect(adopt(FILE, live)).toBe(FILE);
  });

  it('edits only what drifted, in place and in the file style; plan on the result is clean', () => {
    const live = liveGroup(
      [
        member('ada', { roles: ['admin'] }),
        member('bea'), // cap back to the default: no value of her own
        member('cy', { caps: { intelligence_searches_monthly: 100, api_requests_daily: 1000 } }),
        member('eve', { caps: {} }), // lost Private Scanning and her cap
        member('gus'), // stayed after his expiry date
        member('hal', { has2fa: false, roles: ['admin'], caps: { api_requests_daily: 2500 } }),
        member('ivan'),
        member('vic', { email: 'vic@vendor.example', roles: ['admin'], caps: {} }),
      ],
      {
        serviceAccounts: [account('ingest', { api_requests_daily: 60000 }), account('stray')],
        pendingInvitations: [
          { key: 'fay@lab.example', email: 'fay@lab.example', actor: 'ada', date: 1 },
        ],
        twoFactor: { known: true, via: 'attribute' },
      },
    );
    expect(diffGroup(configOf(FILE), live, now).length).toBeGreaterThan(0);
    expect(adopt(FILE, live)).toBe(`${FILE_HEAD}  # Analysts.
  - email: bea@lab.example
  - email: cy@lab.example
    quotas:
      intelligence_searches_monthly: 100
  - email: eve@lab.example
    quotas:
      api_requests_daily: 1000000000
  - email: fay@lab.example     # invited, not signed up yet
  - email: gus@lab.example
  # Added from the live group lab (gti-sync export --diff, 2026-11-26):
  - email: hal@lab.example # no two-factor authentication
    id: hal
    roles: [admin]
    quotas:
      api_requests_daily: 2500
  - email: ivan@lab.example
    id: ivan
service_accounts:
  - name: ingest
    quotas:
      api_requests_daily: 60000
`);
  });

  it('leaves alone what plan leaves alone: a pinned id that disagrees, roles the API did not report', () => {
    const live = cleanLive();
    live.members = live.members.map((m) => {
      // ada's id changed (the pinned entry is a safety failure, not an operation); eve's listing
      // says nothing of Private Scanning either way.
      if (m.id === 'ada') return { ...m, id: 'ada2' };
      if (m.id === 'eve') return { ...m, roles: [], unknownRoles: ['private_scanning'] };
      return m;
    });
    expect(diffGroup(configOf(FILE), live, now)).toEqual([]);
    expect(adopt(FILE, live)).toBe(FILE);
  });

  it('keeps a trailing comment in its column when a value changes width', () => {
    const live = cleanLive();
    live.members = live.members.map((m) =>
      m.id === 'bea' ? { ...m, caps: { api_requests_daily: 12000 } } : m,
    );
    expect(adopt(FILE, live)).toContain('\n      api_requests_daily: 12000 # notebooks\n');
  });

  it('additive: undeclared live members are no drift; a declared member who left is', () => {
    const text = FILE.replace('members: authoritative', 'members: additive     ');
    const live = cleanLive();
    live.members = live.members.filter((m) => m.id !== 'dan');
    live.members.push(member('zed'));
    const out = adopt(text, live);
    expect(out).not.toContain('zed@lab.example');
    expect(out).not.toContain('dan@lab.example');
    expect(out).toBe(text.replace('  - email: dan@lab.example     # left last week\n', ''));
  });

  it('flow-style files (as export writes them) stay flow: keys added to and removed from flow maps', () => {
    const text = `version: 1
group: lab
defaults:
  quotas: {api_requests_daily: 1000}
members:
  - email: ada@lab.example
    roles: [admin]
    quotas: {api_requests_daily: 5000, intelligence_searches_monthly: 10}
  - email: bea@lab.example
`;
    const live = liveGroup([
      member('ada', {
        roles: ['admin', 'private_scanning'],
        caps: { api_requests_daily: 1000, intelligence_searches_monthly: 10 },
      }),
      member('bea', { caps: { api_requests_daily: 200 } }),
      member('cy', { roles: ['private_scanning'], caps: {} }),
    ]);
    expect(adopt(text, live)).toBe(`version: 1
group: lab
defaults:
  quotas: {api_requests_daily: 1000}
members:
  - email: ada@lab.example
    roles: [admin, private_scanning]
    quotas: {intelligence_searches_monthly: 10}
  - email: bea@lab.example
    quotas: {api_requests_daily: 200}
  # Added from the live group lab (gti-sync export --diff, 2026-11-26):
  - email: cy@lab.example
    roles: [private_scanning]
    quotas: {api_requests_daily: 1000000000}
`);
  });

  it('block-style roles are rewritten as a block list', () => {
    const text = `version: 1
group: lab
members:
  - email: ada@lab.example
    roles:
      - admin
`;
    const live = liveGroup([member('ada', { roles: ['admin', 'private_scanning'], caps: {} })]);
    expect(adopt(text, live)).toBe(`version: 1
group: lab
members:
  - email: ada@lab.example
    roles:
      - admin
      - private_scanning
`);
  });

  it('a layout the text edits do not cover (a flow list of members) still gives the right data, and says it is restyled', () => {
    const text = 'version: 1\ngroup: lab\nmembers: [{email: ada@lab.example, roles: [admin]}]\n';
    const live = liveGroup([
      member('ada', { roles: ['admin'], caps: {} }),
      member('bea', { caps: {} }),
    ]);
    const result = adoptLiveGroup(text, configOf(text), live, now);
    expect(result).toMatchObject({ restyled: true, reason: expect.stringContaining('flow list') });
    const out = adopt(text, live, true);
    expect(configOf(out).members.map((m) => m.email)).toEqual([
      'ada@lab.example',
      'bea@lab.example',
    ]);
  });
});

describe('adoptLiveGroup: trailing comments after flow collections (export style)', () => {
  it('a comment after a flow map or list stays once, in its column, however many edits', () => {
    const text = `version: 1
group: lab
defaults:
  quotas: {api_requests_daily: 1000}
members:
  - email: ada@lab.example
    roles: [admin]             # lead
    quotas: {api_requests_daily: 5000, intelligence_searches_monthly: 10}  # notebooks
`;
    const live = liveGroup([
      member('ada', {
        roles: ['admin', 'private_scanning'],
        caps: { api_requests_daily: 7000, intelligence_searches_monthly: 20 },
      }),
    ]);
    const out = adopt(text, live);
    expect(out).toBe(`version: 1
group: lab
defaults:
  quotas: {api_requests_daily: 1000}
members:
  - email: ada@lab.example
    roles: [admin, private_scanning] # lead
    quotas: {api_requests_daily: 7000, intelligence_searches_monthly: 20}  # notebooks
`);
    // Adopting again changes nothing (no comment piles up).
    expect(adopt(out, live)).toBe(out);
  });
});

describe('adoptLiveGroup: emptied and empty lists', () => {
  it('the last service account or member removed: `key: []`, every other line as written', () => {
    const text = `version: 1
group: lab
policy:
  members: additive            # others are managed elsewhere
  min_admins: 0
members:
  # Leaving.
  - email: dan@lab.example     # left last week
service_accounts:
  - name: gone                 # never created
    quotas:
      api_requests_daily: 50000
# The end.
`;
    const live = liveGroup([member('zed')], { serviceAccounts: [account('stray')] });
    expect(adopt(text, live)).toBe(`version: 1
group: lab
policy:
  members: additive            # others are managed elsewhere
  min_admins: 0
members: []
  # Leaving.
service_accounts: []
# The end.
`);
  });

  it('a member added to an empty flow list `[]`: a block list, the entry on its own lines', () => {
    const text = `version: 1
group: lab
policy: {min_admins: 0}
members: []   # nobody yet
service_accounts: []
`;
    const live = liveGroup([member('ada', { roles: ['admin'], caps: {} })]);
    expect(adopt(text, live)).toBe(`version: 1
group: lab
policy: {min_admins: 0}
members:   # nobody yet
  # Added from the live group lab (gti-sync export --diff, 2026-11-26):
  - email: ada@lab.example
    roles: [admin]
service_accounts: []
`);
  });
});

describe('adoptLiveGroup: anchors and aliases', () => {
  const ROLES = `version: 1
group: lab
policy: {min_admins: 1}
members:
  - email: cat@lab.example
    roles: &adm [admin]        # the usual rights
  - email: dan@lab.example
    roles: *adm
  - email: root@lab.example
    roles: *adm
`;
  const rolesLive = (cat: LiveMember['roles'], dan: LiveMember['roles']): LiveGroup =>
    liveGroup([
      member('cat', { roles: cat, caps: {} }),
      member('dan', { roles: dan, caps: {} }),
      member('root', { roles: ['admin'], caps: {} }),
    ]);

  it('the anchored value changes: its anchor moves to the first alias, a copy; the others stay', () => {
    expect(adopt(ROLES, rolesLive([], ['admin']))).toBe(`version: 1
group: lab
policy: {min_admins: 1}
members:
  - email: cat@lab.example
  - email: dan@lab.example
    roles: &adm [admin]
  - email: root@lab.example
    roles: *adm
`);
    expect(adopt(ROLES, rolesLive(['admin', 'private_scanning'], ['admin']))).toBe(
      ROLES.replace('roles: &adm [admin]        #', 'roles: [admin, private_scanning] #').replace(
        'roles: *adm\n  - email: root',
        'roles: &adm [admin]\n  - email: root',
      ),
    );
  });

  it('an alias changes: only that entry, the anchor as written', () => {
    expect(adopt(ROLES, rolesLive(['admin'], ['admin', 'private_scanning']))).toBe(
      ROLES.replace(
        'roles: *adm\n  - email: root',
        'roles: [admin, private_scanning]\n  - email: root',
      ),
    );
    expect(adopt(ROLES, rolesLive(['admin'], []))).toBe(
      ROLES.replace('    roles: *adm\n  - email: root', '  - email: root'),
    );
  });

  it('both the anchored value and its first alias change', () => {
    const out = adopt(ROLES, rolesLive([], ['private_scanning']));
    expect(configOf(out).members.map((m) => m.roles)).toEqual([
      [],
      ['private_scanning'],
      ['admin'],
    ]);
  });

  it('a member removed with the anchor its aliases use', () => {
    const live = rolesLive([], ['admin']);
    live.members = live.members.filter((m) => m.id !== 'cat');
    expect(adopt(ROLES, live)).toBe(`version: 1
group: lab
policy: {min_admins: 1}
members:
  - email: dan@lab.example
    roles: &adm [admin]
  - email: root@lab.example
    roles: *adm
`);
  });

  const QUOTAS = `version: 1
group: lab
members:
  - email: ada@lab.example
    roles: [admin]
    quotas: &q {api_requests_daily: 5000, intelligence_searches_monthly: 10}  # notebooks
  - email: bea@lab.example
    quotas: *q
`;
  const quotasLive = (ada: number, bea: number): LiveGroup =>
    liveGroup([
      member('ada', {
        roles: ['admin'],
        caps: { api_requests_daily: ada, intelligence_searches_monthly: 10 },
      }),
      member('bea', { caps: { api_requests_daily: bea, intelligence_searches_monthly: 10 } }),
    ]);

  it('a cap in an anchored map changes: the other user of the anchor keeps its caps', () => {
    expect(adopt(QUOTAS, quotasLive(7000, 5000))).toBe(`version: 1
group: lab
members:
  - email: ada@lab.example
    roles: [admin]
    quotas: {api_requests_daily: 7000, intelligence_searches_monthly: 10}  # notebooks
  - email: bea@lab.example
    quotas: &q {api_requests_daily: 5000, intelligence_searches_monthly: 10}
`);
  });

  it('a cap of an alias user changes: its own copy, every other cap kept', () => {
    expect(adopt(QUOTAS, quotasLive(5000, 6000))).toBe(
      QUOTAS.replace(
        'quotas: *q',
        'quotas: {api_requests_daily: 6000, intelligence_searches_monthly: 10}',
      ),
    );
  });

  it('block-style anchored maps: the copy is written as a block at the alias', () => {
    const text = `version: 1
group: lab
members:
  - email: ada@lab.example
    roles: [admin]
    quotas: &q
      api_requests_daily: 5000 # notebooks
  - email: bea@lab.example
    quotas: *q                 # as ada
`;
    const live = liveGroup([
      member('ada', { roles: ['admin'], caps: { api_requests_daily: 7000 } }),
      member('bea', { caps: { api_requests_daily: 5000 } }),
    ]);
    expect(adopt(text, live)).toBe(`version: 1
group: lab
members:
  - email: ada@lab.example
    roles: [admin]
    quotas:
      api_requests_daily: 7000 # notebooks
  - email: bea@lab.example
    quotas: &q                 # as ada
      api_requests_daily: 5000 # notebooks
`);
  });
});

describe('adoptLiveGroup: anchors in other layouts', () => {
  it('an anchored scalar: the copy carries the anchor, the alias after it stays', () => {
    const text = `version: 1
group: lab
members:
  - email: ada@lab.example
    roles: [admin]
    quotas:
      api_requests_daily: &cap 5000
  - email: bea@lab.example
    quotas:
      api_requests_daily: *cap
  - email: cy@lab.example
    quotas:
      api_requests_daily: *cap
`;
    const live = liveGroup([
      member('ada', { roles: ['admin'], caps: { api_requests_daily: 7000 } }),
      member('bea', { caps: { api_requests_daily: 5000 } }),
      member('cy', { caps: { api_requests_daily: 5000 } }),
    ]);
    expect(adopt(text, live)).toBe(
      text
        .replace('&cap 5000', '7000')
        .replace('daily: *cap\n  - email: cy', 'daily: &cap 5000\n  - email: cy'),
    );
  });

  it('an alias inside a flow entry that changes: the right data, restyled (no error)', () => {
    const text = `version: 1
group: lab
members:
  - email: ada@lab.example
    roles: &adm [admin]
  - {email: bea@lab.example, roles: *adm, quotas: {api_requests_daily: 5}}
`;
    const live = liveGroup([
      member('ada', { roles: ['admin'], caps: {} }),
      member('bea', { roles: ['admin'], caps: { api_requests_daily: 10 } }),
    ]);
    const out = adopt(text, live, true);
    expect(parseDocument(out).toJS()).toMatchObject({
      members: [
        { email: 'ada@lab.example', roles: ['admin'] },
        { email: 'bea@lab.example', roles: ['admin'], quotas: { api_requests_daily: 10 } },
      ],
    });
  });
});

describe('YamlTextEditor.toText', () => {
  it('a Document yaml cannot render (an alias to no anchor): EDIT_FAILED naming the file', () => {
    const text = 'a: &x [1]\nb: *x\n';
    const doc = parseDocument(text);
    const editor = new YamlTextEditor(text, doc, 'g.yaml');
    // Taken from under the editor: the alias is left without its anchor.
    doc.set('a', 1);
    expect(() => editor.toText()).toThrow(
      expect.objectContaining({ code: 'EDIT_FAILED', message: expect.stringContaining('g.yaml') }),
    );
  });
});

describe('adoptLiveGroup and service accounts’ roles (revision 2)', () => {
  const withRoles = (roles: LiveServiceAccount['roles']): LiveGroup => {
    const live = cleanLive();
    live.serviceAccounts = [
      { ...account('ingest', { api_requests_daily: 50000 }), roles, apiRoles: null },
      account('gone'),
    ];
    return live;
  };

  it('writes the live roles of a service account, and plan on the result is clean', () => {
    const out = adopt(FILE, withRoles(['private_scanning', 'file_downloads']));
    expect(out).toContain(
      '  - name: ingest\n    roles: [private_scanning, file_downloads]\n    quotas:\n',
    );
  });

  it('leaves the entry alone where the listing showed no roles', () => {
    expect(adopt(FILE, withRoles(null))).toBe(FILE);
  });
});

describe('adoptLiveGroup with teams', () => {
  const TEAM_FILE = `version: 1
group: lab
policy:
  min_admins: 0
defaults:
  quotas:
    api_requests_daily: 1000
teams:
  analysts:
    roles: [file_downloads]
    quotas:
      api_requests_daily: 300
members:
  - email: ana@lab.example
    teams: [analysts]
`;

  it('writes the member its own cap and roles where the live group contradicts its team', () => {
    const live = liveGroup([
      member('ana', {
        roles: ['file_downloads', 'file_uploads'],
        caps: { api_requests_daily: 50 },
      }),
    ]);
    // Two keys inserted before the member's last key: the text edits fall back to a restyled
    // file (same data); what matters here is which values are written.
    const out = adopt(TEAM_FILE, live, true);
    // The team is untouched; the member gets its own value; teams stay, members stay flat.
    expect(configOf(out).teams).toEqual(configOf(TEAM_FILE).teams);
    const ana = configOf(out).members[0];
    expect(ana?.teams).toEqual(['analysts']);
    expect(ana?.ownRoles).toEqual(['file_uploads']);
    expect(ana?.ownQuotas).toEqual(['api_requests_daily']);
    expect(ana?.quotas.api_requests_daily).toBe(50);
  });

  it('writes a new member flat, never inventing a team (even when it matches one)', () => {
    const live = liveGroup([
      member('ana', { roles: ['file_downloads'], caps: { api_requests_daily: 300 } }),
      member('bo', { roles: ['file_downloads'], caps: { api_requests_daily: 300 } }),
    ]);
    const bo = configOf(adopt(TEAM_FILE, live)).members.find((m) => m.key === 'bo@lab.example');
    expect(bo?.teams).toEqual([]);
    expect(bo?.ownRoles).toEqual(['file_downloads']);
    expect(bo?.ownQuotas).toEqual(['api_requests_daily']);
  });

  it('leaves the file alone when the live group reads as the team says', () => {
    const live = liveGroup([
      member('ana', { roles: ['file_downloads'], caps: { api_requests_daily: 300 } }),
    ]);
    expect(adopt(TEAM_FILE, live)).toBe(TEAM_FILE);
  });
});
