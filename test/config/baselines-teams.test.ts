/**
 * Group files over baselines (`extends`) and teams (issue 12, items 2-4): the merge rules, the
 * joined lists, the chain's limits (cycles, depth, the repository root via `..` and via a symlink),
 * the keys a baseline may not have, teams and their conflicts, and `apikey_env`.
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadBaselineFile,
  loadGroupFile,
  parseWithBaselines,
} from '../../src/config/load-group-file.js';
import { ConfigError } from '../../src/model/errors.js';
import type { Problem } from '../../src/model/errors.js';
import { makeTempDir } from '../support/paths.js';

const NOW = new Date('2026-11-26T12:00:00Z');

/** A fresh repository (a directory with `.git`) holding `files`; returns its path. */
function repo(files: Record<string, string>): string {
  const root = makeTempDir('gti-sync-baseline-');
  mkdirSync(join(root, '.git'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

async function problemsOf(cwd: string, file: string): Promise<Problem[]> {
  const text = (await import('node:fs')).readFileSync(join(cwd, file), 'utf8');
  return (await parseWithBaselines(text, file, { cwd, now: NOW })).problems;
}

const BASE = `version: 1
policy:
  require_2fa: true
  min_admins: 1
  protected: [boss@acme.example]
defaults:
  quotas: { api_requests_daily: 500, intelligence_searches_monthly: 10 }
ignore: ["*@vendor.example"]
teams:
  analysts:
    roles: [file_downloads]
    quotas: { intelligence_searches_monthly: 100 }
  hunters:
    roles: [private_scanning]
    quotas: { intelligence_searches_monthly: 300, private_scans_monthly: 50 }
`;

const GROUP = `version: 1
group: emea
apikey_env: GTI_APIKEY_EMEA
extends: ../baseline.yaml
policy:
  require_2fa: false
  protected: [lead@acme.example]
defaults:
  quotas: { api_requests_daily: 700 }
ignore: ["bot-*@acme.example"]
teams:
  analysts:
    quotas: { intelligence_searches_monthly: 150 }
members:
  - email: lead@acme.example
    roles: [admin]
  - email: ana@acme.example
    teams: [analysts]
  - email: hal@acme.example
    roles: [file_uploads]
    teams: [hunters]
    quotas: { intelligence_searches_monthly: 5 }
`;

describe('extends: merging a baseline', () => {
  it('merges key by key (the group wins), joins protected and ignore, resolves teams', async () => {
    const cwd = repo({ 'baseline.yaml': BASE, 'groups/emea.yaml': GROUP });
    const { config } = await loadGroupFile('groups/emea.yaml', { cwd, now: NOW });
    expect(config.apikeyEnv).toBe('GTI_APIKEY_EMEA');
    expect(config.baselines).toEqual(['baseline.yaml']);
    expect(config.policy.require_2fa).toBe(false); // the group's own
    expect(config.policy.protected).toEqual(['lead@acme.example', 'boss@acme.example']);
    expect(config.ignore).toEqual(['bot-*@acme.example', '*@vendor.example']);
    expect(config.defaults.quotas).toEqual({
      api_requests_daily: 700,
      intelligence_searches_monthly: 10,
    });
    // The group's `analysts` overrides the quota, keeps the baseline's roles.
    expect(config.teams['analysts']?.roles).toEqual(['file_downloads']);
    expect(config.teams['analysts']?.quotas).toEqual({ intelligence_searches_monthly: 150 });
    const [lead, ana, hal] = config.members;
    expect(lead?.teams).toEqual([]);
    expect(lead?.quotas).toEqual({ api_requests_daily: 700, intelligence_searches_monthly: 10 });
    expect(ana?.roles).toEqual(['file_downloads']);
    expect(ana?.quotas).toEqual({ api_requests_daily: 700, intelligence_searches_monthly: 150 });
    expect(ana?.ownQuotas).toEqual([]);
    expect(ana?.quotaSources?.intelligence_searches_monthly?.file).toBe('groups/emea.yaml');
    expect(hal?.roles).toEqual(['private_scanning', 'file_uploads']);
    expect(hal?.quotas).toEqual({
      api_requests_daily: 700,
      intelligence_searches_monthly: 5,
      private_scans_monthly: 50,
    });
    expect(hal?.ownQuotas).toEqual(['intelligence_searches_monthly']);
    expect(hal?.quotaSources?.private_scans_monthly?.file).toBe('baseline.yaml');
  });

  it('follows a chain, nearest first', async () => {
    const cwd = repo({
      'base/root.yaml': 'version: 1\npolicy: { min_admins: 0, expiry_warning_days: 3 }\n',
      'base/eu.yaml': 'extends: root.yaml\npolicy: { expiry_warning_days: 7 }\n',
      'g.yaml':
        'version: 1\ngroup: g\nextends: base/eu.yaml\npolicy: { min_admins: 0 }\nmembers: []\n',
    });
    const { config } = await loadGroupFile('g.yaml', { cwd, now: NOW });
    expect(config.baselines).toEqual(['base/eu.yaml', 'base/root.yaml']);
    expect(config.policy.min_admins).toBe(0);
    expect(config.policy.expiry_warning_days).toBe(7);
  });

  it('refuses a cycle, naming it', async () => {
    const cwd = repo({
      'a.yaml': 'extends: b.yaml\n',
      'b.yaml': 'extends: a.yaml\n',
      'g.yaml': 'version: 1\ngroup: g\nextends: a.yaml\npolicy: { min_admins: 0 }\nmembers: []\n',
    });
    const problems = await problemsOf(cwd, 'g.yaml');
    expect(problems.map((p) => [p.code, p.file, p.line])).toEqual([['EXTENDS_CYCLE', 'b.yaml', 1]]);
    expect(problems[0]?.message).toContain('a.yaml -> b.yaml -> a.yaml');
  });

  it('refuses a chain deeper than 8', async () => {
    const files: Record<string, string> = {
      'g.yaml': 'version: 1\ngroup: g\nextends: b0.yaml\npolicy: { min_admins: 0 }\nmembers: []\n',
    };
    for (let i = 0; i < 10; i += 1) files[`b${i}.yaml`] = `extends: b${i + 1}.yaml\n`;
    files['b10.yaml'] = 'version: 1\n';
    const problems = await problemsOf(repo(files), 'g.yaml');
    expect(problems.map((p) => p.code)).toEqual(['EXTENDS_TOO_DEEP']);
  });

  it('refuses escaping the repository with ..', async () => {
    const cwd = repo({
      'g.yaml':
        'version: 1\ngroup: g\nextends: ../../etc/x.yaml\npolicy: { min_admins: 0 }\nmembers: []\n',
    });
    const problems = await problemsOf(cwd, 'g.yaml');
    expect(problems.map((p) => [p.code, p.file, p.line])).toEqual([
      ['EXTENDS_OUTSIDE_REPO', 'g.yaml', 3],
    ]);
  });

  it('refuses an absolute path', async () => {
    const cwd = repo({
      'g.yaml':
        'version: 1\ngroup: g\nextends: /etc/base.yaml\npolicy: { min_admins: 0 }\nmembers: []\n',
    });
    expect((await problemsOf(cwd, 'g.yaml')).map((p) => p.code)).toEqual(['EXTENDS_OUTSIDE_REPO']);
  });

  it('refuses a symlink that leads out of the repository', async () => {
    const outside = makeTempDir('gti-sync-outside-');
    writeFileSync(join(outside, 'base.yaml'), 'version: 1\n');
    const cwd = repo({
      'g.yaml':
        'version: 1\ngroup: g\nextends: base.yaml\npolicy: { min_admins: 0 }\nmembers: []\n',
    });
    symlinkSync(join(outside, 'base.yaml'), join(cwd, 'base.yaml'));
    expect((await problemsOf(cwd, 'g.yaml')).map((p) => p.code)).toEqual(['EXTENDS_OUTSIDE_REPO']);
  });

  it('reports a missing baseline at the extends line', async () => {
    const cwd = repo({
      'g.yaml':
        'version: 1\ngroup: g\nextends: nope.yaml\npolicy: { min_admins: 0 }\nmembers: []\n',
    });
    const problems = await problemsOf(cwd, 'g.yaml');
    expect(problems.map((p) => [p.code, p.line])).toEqual([['EXTENDS_NOT_FOUND', 3]]);
  });

  it('reports a baseline typo and its forbidden keys at the baseline own lines', async () => {
    const cwd = repo({
      'base.yaml':
        'version: 1\ngroup: x\npolicy:\n  requre_2fa: true\nmembers: []\napikey_env: GTI_APIKEY_X\n',
      'g.yaml':
        'version: 1\ngroup: g\nextends: base.yaml\npolicy: { min_admins: 0 }\nmembers: []\n',
    });
    const problems = await problemsOf(cwd, 'g.yaml');
    expect(problems.map((p) => [p.code, p.file, p.line])).toEqual([
      ['BASELINE_FORBIDDEN_KEY', 'base.yaml', 2],
      ['SCHEMA_UNKNOWN_KEY', 'base.yaml', 4],
      ['BASELINE_FORBIDDEN_KEY', 'base.yaml', 5],
      ['BASELINE_FORBIDDEN_KEY', 'base.yaml', 6],
    ]);
    await expect(loadGroupFile('g.yaml', { cwd, now: NOW })).rejects.toBeInstanceOf(ConfigError);
    const alone = await loadBaselineFile('base.yaml', { cwd });
    expect(alone.problems.map((p) => [p.code, p.line])).toEqual([
      ['BASELINE_FORBIDDEN_KEY', 2],
      ['SCHEMA_UNKNOWN_KEY', 4],
      ['BASELINE_FORBIDDEN_KEY', 5],
      ['BASELINE_FORBIDDEN_KEY', 6],
    ]);
  });

  it('does not require an inherited protected email to be declared', async () => {
    const cwd = repo({
      'base.yaml': 'policy: { protected: [boss@acme.example], min_admins: 0 }\n',
      'g.yaml':
        'version: 1\ngroup: g\nextends: base.yaml\npolicy: { min_admins: 0 }\nmembers: []\n',
    });
    expect(await problemsOf(cwd, 'g.yaml')).toEqual([]);
    const own = repo({
      'g.yaml':
        'version: 1\ngroup: g\npolicy: { protected: [boss@acme.example], min_admins: 0 }\nmembers: []\n',
    });
    expect((await problemsOf(own, 'g.yaml')).map((p) => p.code)).toEqual([
      'PROTECTED_NOT_DECLARED',
    ]);
  });

  it('reports an inherited ignore pattern matching a member at the member line', async () => {
    const cwd = repo({
      'base.yaml': 'ignore: ["*@vendor.example"]\npolicy: { min_admins: 0 }\n',
      'g.yaml':
        'version: 1\ngroup: g\nextends: base.yaml\nmembers:\n  - email: a@acme.example\n  - email: v@vendor.example\n',
    });
    const problems = await problemsOf(cwd, 'g.yaml');
    expect(problems.map((p) => [p.code, p.file, p.line])).toEqual([
      ['IGNORE_MATCHES_DECLARED', 'g.yaml', 6],
    ]);
    expect(problems[0]?.message).toContain('base.yaml');
  });
});

describe('where an inherited value comes from', () => {
  it('a team whose roles come from the baseline and one cap from the group file names each file', async () => {
    const cwd = repo({
      'baseline.yaml':
        'version: 1\nteams:\n  analysts:\n    roles: [file_downloads]\n    quotas:\n      api_requests_daily: 300\n',
      'groups/g.yaml':
        'version: 1\ngroup: g\nextends: ../baseline.yaml\nteams:\n  analysts:\n    quotas:\n      intelligence_searches_monthly: 50\nmembers:\n  - email: a@x.example\n    roles: [admin]\n  - email: t@x.example\n    teams: [analysts]\n',
    });
    const { config } = await loadGroupFile('groups/g.yaml', { cwd, now: NOW });
    const tom = config.members.find((m) => m.email === 't@x.example');
    expect(tom?.roleSources?.file_downloads).toMatchObject({ file: 'baseline.yaml', line: 4 });
    expect(tom?.quotaSources?.api_requests_daily).toMatchObject({ file: 'baseline.yaml', line: 6 });
    expect(tom?.quotaSources?.intelligence_searches_monthly).toMatchObject({
      file: 'groups/g.yaml',
      line: 7,
    });
  });
});

describe('teams', () => {
  const file = (members: string, teams = TEAMS) =>
    `version: 1\ngroup: g\npolicy: { min_admins: 0 }\n${teams}members:\n${members}`;
  const TEAMS = `teams:
  a: { roles: [file_downloads], quotas: { api_requests_daily: 10 } }
  b: { quotas: { api_requests_daily: 20 } }
`;

  it('refuses two teams that disagree on a quota the member does not set, naming both', async () => {
    const cwd = repo({ 'g.yaml': file('  - email: x@acme.example\n    teams: [a, b]\n') });
    const problems = await problemsOf(cwd, 'g.yaml');
    expect(problems.map((p) => p.code)).toEqual(['TEAM_QUOTA_CONFLICT']);
    expect(problems[0]?.message).toMatch(/"a".*"b"/);
  });

  it('accepts the conflict when the member sets the quota itself', async () => {
    const cwd = repo({
      'g.yaml': file(
        '  - email: x@acme.example\n    teams: [a, b]\n    quotas: { api_requests_daily: 5 }\n',
      ),
    });
    expect(await problemsOf(cwd, 'g.yaml')).toEqual([]);
  });

  it('refuses an unknown team with a did-you-mean', async () => {
    const cwd = repo({
      'g.yaml': file(
        '  - email: x@acme.example\n    teams: [analysts]\n',
        'teams:\n  analyst: {}\n',
      ),
    });
    const problems = await problemsOf(cwd, 'g.yaml');
    expect(problems.map((p) => [p.code, p.line])).toEqual([['UNKNOWN_TEAM', 8]]);
    expect(problems[0]?.message).toContain('did you mean "analyst"');
  });

  it('refuses teams on a service account (schema)', async () => {
    const cwd = repo({
      'g.yaml': `version: 1\ngroup: g\npolicy: { min_admins: 0 }\nmembers: []\nservice_accounts:\n  - name: bot\n    teams: [a]\n`,
    });
    expect((await problemsOf(cwd, 'g.yaml')).map((p) => p.code)).toEqual(['SCHEMA_UNKNOWN_KEY']);
  });
});

describe('apikey_env', () => {
  it('must be GTI_APIKEY_ and uppercase letters, digits, _', async () => {
    for (const bad of ['AWS_SECRET', 'GTI_APIKEY_', 'GTI_APIKEY_emea', 'GTI_APIKEY']) {
      const cwd = repo({
        'g.yaml': `version: 1\ngroup: g\napikey_env: ${bad}\npolicy: { min_admins: 0 }\nmembers: []\n`,
      });
      const problems = await problemsOf(cwd, 'g.yaml');
      expect(problems.map((p) => [p.code, p.line])).toEqual([['SCHEMA_PATTERN', 3]]);
    }
  });

  it('is undefined when not set', async () => {
    const cwd = repo({
      'g.yaml': 'version: 1\ngroup: g\npolicy: { min_admins: 0 }\nmembers: []\n',
    });
    const { config } = await loadGroupFile('g.yaml', { cwd, now: NOW });
    expect(config.apikeyEnv).toBeUndefined();
    expect(config.baselines).toEqual([]);
  });
});
