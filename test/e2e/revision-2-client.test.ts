/**
 * The client's revision-2 conclusions through the real CLI, against the emulator on this branch
 * (revision 1's readings) and proxies that give revision 2's: `has_2fa` shown to its owner only,
 * no `context_attributes`, invitations logged in either spelling.
 */
import { describe, expect, it } from 'vitest';
import type { Seed } from '../../src/emulator/index.js';
import type { Plan } from '../../src/model/plan.js';
import type { LiveGroup } from '../../src/model/live-group.js';
import { parseGroupFile } from '../../src/config/parse-group-file.js';
import { computePlan } from '../../src/engine/compute-plan.js';
import { renderGroupFile } from '../../src/render/render-export.js';
import { liveMember } from '../support/live-member.js';
import type { AuditReport } from '../../src/model/reports.js';
import { startHiding2faProxy, startRevealing2faProxy, startStrippingProxy } from '../live/world.js';
import { NOW, readState, readStats, startTestEmulator } from '../support/emulator.js';
import { makeTempDir, writeIn } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';
import { labFile, labSeed } from './lab-world.js';

const NOW_EPOCH = Date.parse(NOW) / 1000;

async function run(api: { url: string } | string, args: string[], file: string) {
  const cwd = makeTempDir('gti-sync-rev2-');
  writeIn(cwd, 'group.yaml', file);
  return runCli(args, { cwd, api, key: 'key-ada', now: NOW });
}

describe('2FA: the same plan whether the listing shows has_2fa or only the filter tells', () => {
  it('no_2fa for the same member, at one extra members page', async () => {
    const seed = labSeed();
    const cy = seed.users?.find((u) => u.id === 'cy');
    if (cy) cy.has_2fa = false;
    const emu = await startTestEmulator(seed);
    const file = labFile({ policy: '  require_2fa: true\n' });
    const args = ['plan', '--format', 'json', '--detailed-exitcode'];

    // Revision 1's reading (has_2fa shown), then revision 2's (the owner's alone), whatever the
    // emulator behind shows by default.
    const shown = await startRevealing2faProxy(emu.url, (id) => id !== 'cy');
    const direct = await run(shown.url, args, file);
    const directUsers = (await readStats(emu)).by_route['GET /groups/{gid}/users'];
    await shown.close();
    const proxy = await startHiding2faProxy(emu.url, 'ada');
    const hidden = await run(proxy.url, args, file);
    const hiddenUsers = (await readStats(emu)).by_route['GET /groups/{gid}/users'];
    await proxy.close();

    const findings = (r: { stdout: string }) =>
      (JSON.parse(r.stdout) as Plan).findings.map((f) => `${f.kind} ${f.email ?? ''}`);
    expect(findings(direct)).toEqual(['no_2fa cy@lab.example']);
    expect(findings(hidden)).toEqual(findings(direct));
    // Findings alone are no change: exit 0 both ways.
    expect([direct.code, hidden.code]).toEqual([0, 0]);
    expect(directUsers).toBe(1);
    expect((hiddenUsers ?? 0) - (directUsers ?? 0)).toBe(2); // the listing again, plus ⌈F/40⌉ = 1
  });
});

describe('audit --detailed-exitcode and unknown_* findings', () => {
  it('exits 0 when the only findings say what the API would not tell', async () => {
    const emu = await startTestEmulator(labSeed());
    const proxy = await startStrippingProxy(emu.url);
    const r = await run(proxy.url, ['audit', '--format', 'json', '--detailed-exitcode'], labFile());
    await proxy.close();
    const report = JSON.parse(r.stdout) as AuditReport;
    expect(report.findings.map((f) => f.kind)).toEqual(['unknown_roles']);
    expect(r.code).toBe(0);
  });

  it('still exits 2 when a real finding is there beside it', async () => {
    const emu = await startTestEmulator(labSeed());
    const proxy = await startStrippingProxy(emu.url);
    const file = labFile().replace('  - email: fay@lab.example\n', '');
    const r = await run(proxy.url, ['audit', '--format', 'json', '--detailed-exitcode'], file);
    await proxy.close();
    const kinds = (JSON.parse(r.stdout) as AuditReport).findings.map((f) => f.kind);
    expect(kinds).toEqual(['undeclared_member', 'unknown_roles']);
    expect(r.code).toBe(2);
  });
});

describe('a pending invitation, logged in either spelling, keeps the plan clean', () => {
  it.each(['ADD_GROUP_USER', 'Add user to group', 'Invite user to group'])('%s', async (action) => {
    const seed: Seed = {
      ...labSeed(),
      invitations: [{ group: 'lab', email: 'new@lab.example' }],
      activity_log: [
        { group: 'lab', actor: 'ada', action, user: 'new@lab.example', date: NOW_EPOCH - 3600 },
      ],
    };
    const emu = await startTestEmulator(seed);
    const file = labFile() + '  - email: new@lab.example\n';
    const r = await run(emu, ['plan', '--format', 'json', '--detailed-exitcode'], file);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.operations).toEqual([]);
    expect(plan.findings.map((f) => [f.kind, f.email, f.actor])).toEqual([
      ['pending_invitation', 'new@lab.example', 'ada'],
    ]);
    expect(r.code).toBe(0);
  });
});

describe('export: a role gti-sync does not know', () => {
  it('is kept out of roles and named in a comment on the member', async () => {
    const seed = labSeed();
    const cy = seed.users?.find((u) => u.id === 'cy');
    if (cy) cy.roles = ['USER_ROLE_SOMETHING_NEW'];
    const emu = await startTestEmulator(seed);
    const r = await run(emu, ['export', '--group', 'lab'], labFile());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/- email: cy@lab\.example #.*USER_ROLE_SOMETHING_NEW/);
    expect(r.stdout).not.toMatch(/roles: \[[^\]]*SOMETHING/);
  });
});

describe('apply: a role gti-sync does not know survives', () => {
  it('grants every documented role beside it, keeps it, and plans clean after', async () => {
    const seed = labSeed();
    const cy = seed.users?.find((u) => u.id === 'cy');
    if (cy) cy.roles = ['USER_ROLE_SOMETHING_NEW'];
    const emu = await startTestEmulator(seed);
    const roles =
      '[private_scanning, file_downloads, file_uploads, private_file_uploads, private_file_downloads]';
    const file = labFile().replace(
      '  - email: cy@lab.example\n',
      `  - email: cy@lab.example\n    roles: ${roles}\n`,
    );
    const cwd = makeTempDir('gti-sync-rev2-');
    writeIn(cwd, 'group.yaml', file);
    const opts = { cwd, api: emu, key: 'key-ada', now: NOW };
    const applied = await runCli(['apply', 'group.yaml', '--auto-approve'], opts);
    expect(applied.code).toBe(0);
    const state = await readState(emu);
    expect([...(state.users?.find((u) => u.id === 'cy')?.roles ?? [])].sort()).toEqual([
      'USER_ROLE_FILE_DOWNLOADS',
      'USER_ROLE_FILE_UPLOADS',
      'USER_ROLE_PRIVATE_FILE_DOWNLOADS',
      'USER_ROLE_PRIVATE_FILE_UPLOADS',
      'USER_ROLE_PRIVATE_SCANNING',
      'USER_ROLE_SOMETHING_NEW',
    ]);
    const again = await runCli(['plan', 'group.yaml', '--detailed-exitcode'], opts);
    expect(again.code).toBe(0);
  });
});

describe('export then plan: no operation, with service-account roles and unknown roles', () => {
  it('round-trips a live group whose service account holds roles', () => {
    const liveGroup: LiveGroup = {
      group: 'lab',
      caller: { id: 'ada', email: 'ada@lab.example' },
      members: [
        liveMember('ada', { roles: ['admin'], apiRoles: ['USER_ROLE_GROUP_ADMIN'] }),
        liveMember('cy', {
          roles: ['file_downloads'],
          apiRoles: ['USER_ROLE_FILE_DOWNLOADS', 'USER_ROLE_SOMETHING_NEW'],
        }),
      ],
      serviceAccounts: [
        {
          id: 'lab_feed',
          name: 'feed',
          roles: ['private_scanning', 'file_downloads'],
          apiRoles: ['USER_ROLE_FILE_DOWNLOADS', 'USER_ROLE_PRIVATE_SCANNING'],
          caps: { api_requests_daily: 500 },
          used: {},
        },
      ],
      pendingInvitations: [],
      twoFactor: { known: true, via: 'filter' },
    };
    const text = renderGroupFile(liveGroup, {
      now: new Date(NOW),
      source: 'http://127.0.0.1/api/v3',
      version: 'test',
    });
    expect(text).toContain('roles: [private_scanning, file_downloads]');
    const { config, problems } = parseGroupFile(text, 'group.yaml', { now: new Date(NOW) });
    expect(problems).toEqual([]);
    if (config === null) throw new Error('export wrote an invalid file');
    expect(computePlan(config, liveGroup, { now: new Date(NOW) }).operations).toEqual([]);
  });
});
