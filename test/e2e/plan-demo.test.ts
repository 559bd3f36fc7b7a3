import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import type { Operation } from '../../src/model/operation.js';
import type { Plan } from '../../src/model/plan.js';
import { NOW, readStats, resetEmulator, startTestEmulator } from '../support/emulator.js';
import { makeTempDir, ROOT } from '../support/paths.js';
import { bindCli } from '../support/run-cli.js';
import { compileSchema } from '../support/schemas.js';

const validatePlan = compileSchema('plan');

/** `kind subject [detail]` of an operation, as the demo scenario lists them. */
function brief(op: Operation): string {
  const who = op.service_account ?? op.email ?? '';
  const detail =
    op.role ?? (op.quota === null ? '' : `${op.quota} ${op.from ?? 'none'}->${op.to ?? 'none'}`);
  return `${op.kind} ${who}${op.user_id === null ? ' (new)' : ''}${detail === '' ? '' : ` ${detail}`}`;
}

let emu: RunningEmulator;
let work: string;
let run: ReturnType<typeof bindCli>;
beforeAll(async () => {
  emu = await startTestEmulator(join(ROOT, 'examples/emulator-seed.yaml'));
  work = makeTempDir('gti-sync-plan-');
  run = bindCli({ cwd: work, api: emu, key: 'key-alice', now: NOW });
  await copyFile(join(ROOT, 'examples/group.yaml'), join(work, 'group.yaml'));
});
beforeEach(async () => {
  await resetEmulator(emu);
});

describe('gti-sync plan on the demo scenario (examples/group.yaml against examples/emulator-seed.yaml)', () => {
  it('plans exactly the scenario operations, in order, with their sources', async () => {
    const r = await run(['plan', '--format', 'json']);
    expect(r.code).toBe(0);
    const plan = JSON.parse(r.stdout) as Plan;
    expect(plan.operations.map(brief)).toEqual([
      'add_member erin@acme.example (new)',
      'add_member frank@acme.example (new)',
      'create_service_account threat_feed',
      'grant_role erin@acme.example (new) private_scanning',
      'grant_role pat@acme.example private_scanning',
      'set_quota soar_ingest api_requests_daily 50000->100000',
      'set_quota threat_feed api_requests_daily none->20000',
      'set_quota bob@acme.example api_requests_daily 1000->5000',
      // ciso sets no cap of their own: the file's default (1000) applies.
      'set_quota ciso@acme.example api_requests_daily none->1000',
      'set_quota dave@acme.example api_requests_daily 5000->2000',
      'set_quota erin@acme.example (new) api_requests_daily none->1000',
      'set_quota frank@acme.example (new) api_requests_daily none->1000',
      'revoke_role mallory@acme.example admin',
      'remove_member oscar@acme.example',
    ]);
    expect(plan.summary).toEqual({
      add_member: 2,
      create_service_account: 1,
      grant_role: 2,
      set_quota: 7,
      revoke_role: 1,
      remove_member: 1,
    });
    const bySubject = new Map(plan.operations.map((op) => [brief(op), op]));
    expect(bySubject.get('revoke_role mallory@acme.example admin')).toMatchObject({
      user_id: 'mallory',
      source: { file: 'group.yaml', line: 45 },
    });
    expect(bySubject.get('remove_member oscar@acme.example')).toMatchObject({
      user_id: 'oscar',
      source: null,
    });
    expect(plan.operations.find((op) => op.kind === 'create_service_account')).toMatchObject({
      user_id: 'acme_soc_threat_feed',
      source: { line: 64 },
    });
    expect(plan.findings.map((f) => `${f.kind} ${f.email ?? f.user_id ?? ''}`)).toEqual([
      'no_2fa carol@acme.example',
      'no_2fa quinn@acme.example',
      'undeclared_service_account acme_soc_old_scanner',
      'cap_below_use dave@acme.example',
      'pending_invitation gina@acme.example',
    ]);
    expect(plan.safety).toEqual([]);
    expect(JSON.stringify(plan)).not.toContain('trent');
    expect(validatePlan(plan), JSON.stringify(validatePlan.errors)).toBe(true);
  });

  it('reads the group in ⌈N/40⌉ + ⌈A/40⌉ + ⌈S/40⌉ + 1 + 1 requests, + ⌈N₂/40⌉ for 2FA under require_2fa (13 members, 3 admins, 2 service accounts: 6)', async () => {
    const r = await run(['plan']);
    expect(r.code).toBe(0);
    const stats = await readStats(emu);
    // The listing shows no has_2fa to an administrator (revision 2): one filter=2fa_enabled:false
    // page, because the example sets policy.require_2fa.
    expect(stats.requests).toBe(6);
    expect(stats.by_route['GET /groups/{gid}/users']).toBe(2);
    expect(Object.keys(stats.by_route).every((route) => route.startsWith('GET '))).toBe(true);
    expect(r.stderr).toContain('(6 API requests)');
  });

  it('asks nothing about 2FA when policy.require_2fa is off (5 requests)', async () => {
    const text = (await readFile(join(work, 'group.yaml'), 'utf8')).replace(
      /require_2fa: true/,
      'require_2fa: false',
    );
    const dir = makeTempDir('gti-sync-plan-no2fa-');
    await writeFile(join(dir, 'group.yaml'), text);
    const r = await bindCli({ cwd: dir, api: emu, key: 'key-alice', now: NOW })(['plan']);
    expect(r.code).toBe(0);
    const stats = await readStats(emu);
    expect(stats.requests).toBe(5);
    expect(stats.by_route['GET /groups/{gid}/users']).toBe(1);
  });

  it('prints the text plan with the summary line and the fingerprint, the same as the JSON one', async () => {
    const text = await run(['plan']);
    const json = JSON.parse((await run(['plan', '--format', 'json'])).stdout) as Plan;
    expect(text.stdout).toContain('Plan: 3 to add, 5 to change, 2 to remove.');
    expect(text.stdout).toContain(`Fingerprint: ${json.fingerprint}`);
    expect(text.stdout).toMatch(/- remove_member +oscar@acme\.example/);
    expect(text.stdout).not.toContain('\u001b[');
  });

  it('--detailed-exitcode exits 2 when there are changes', async () => {
    expect((await run(['plan', '--detailed-exitcode'])).code).toBe(2);
  });

  it('--out saves the JSON plan (with its fingerprint); markdown goes to GITHUB_STEP_SUMMARY', async () => {
    const r = await run(['plan', 'group.yaml', '--out', 'plan.json'], {
      env: { GITHUB_STEP_SUMMARY: 'summary.md' },
    });
    expect(r.code).toBe(0);
    const saved = JSON.parse(await readFile(join(work, 'plan.json'), 'utf8')) as Plan;
    expect(validatePlan(saved)).toBe(true);
    expect(r.stdout).toContain(`Fingerprint: ${saved.fingerprint}`);
    expect(r.stderr).toContain('saved the plan to plan.json');
    const summary = await readFile(join(work, 'summary.md'), 'utf8');
    expect(summary.split('\n')[0]).toBe('<!-- gti-sync:plan group=acme_soc -->');
    expect(summary).toContain(`\`${saved.fingerprint}\``);
    // A second run appends (GitHub's step summary is one file per step).
    await run(['plan'], { env: { GITHUB_STEP_SUMMARY: join(work, 'summary.md') } });
    expect(
      (await readFile(join(work, 'summary.md'), 'utf8')).match(/<!-- gti-sync:plan/g),
    ).toHaveLength(2);
  });

  it('--format markdown prints one pull-request comment', async () => {
    const r = await run(['plan', '--format', 'markdown']);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('<!-- gti-sync:plan group=acme_soc -->\n')).toBe(true);
    expect(r.stdout).toContain('| oscar@acme.example | oscar |');
  });

  it('refuses a member who is not an administrator (NOT_GROUP_ADMIN), and a key of another group (NOT_GROUP_MEMBER)', async () => {
    const bob = await run(['plan'], { key: 'key-bob' });
    expect(bob.code).toBe(1);
    expect(bob.stderr).toMatch(/^gti-sync: NOT_GROUP_ADMIN: /m);
    expect(bob.stdout).toBe('');
    const zed = await run(['plan'], { key: 'key-zed' });
    expect(zed.code).toBe(1);
    expect(zed.stderr).toMatch(/^gti-sync: NOT_GROUP_MEMBER: /m);
  });

  it("refuses a service account's key as one (NOT_GROUP_ADMIN), not as a non-member", async () => {
    const sa = await run(['plan'], { key: 'key-acme_soc_soar_ingest' });
    expect(sa.code).toBe(1);
    expect(sa.stderr).toMatch(
      /^gti-sync: NOT_GROUP_ADMIN: .*service account soar_ingest \(acme_soc_soar_ingest\) of group acme_soc/m,
    );
    expect(sa.stderr).not.toContain('not a member');
  });

  it('never prints or writes the API key', async () => {
    const runs = [
      await run(['plan', '--out', 'k.json', '--format', 'markdown'], {
        env: { GITHUB_STEP_SUMMARY: 'k.md' },
      }),
      await run(['plan', '--format', 'json']),
      await run(['plan'], { key: 'key-bob' }),
      await run(['plan'], { key: 'key-not-a-real-key-4242' }),
    ];
    const files = [
      await readFile(join(work, 'k.json'), 'utf8'),
      await readFile(join(work, 'k.md'), 'utf8'),
    ];
    for (const text of [...runs.flatMap((r) => [r.stdout, r.stderr]), ...files]) {
      expect(text).not.toContain('key-alice');
      expect(text).not.toContain('key-bob');
      expect(text).not.toContain('key-not-a-real-key-4242');
    }
    expect(runs[3]?.code).toBe(1);
  });
});
