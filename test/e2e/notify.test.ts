import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CALLER_KEY, startCliWorld } from './apply-world.js';
import { startServer, type TestServer } from '../support/http-server.js';
import { makeTempDir } from '../support/paths.js';

/** A webhook receiver on 127.0.0.1 answering `status` to every POST. */
function receiver(status = 204): Promise<TestServer> {
  return startServer((_req, res) => {
    res.writeHead(status);
    res.end(status >= 400 ? 'boom' : '');
  });
}

describe('webhook notifications', () => {
  it('apply sends one POST per URL with the counts, without the key, the URL never printed', async () => {
    const world = await startCliWorld();
    const [a, b] = await Promise.all([receiver(), receiver(200)]);
    const urlA = `${a.origin}/hook/secret-path-a`;
    const run = await world.run(['apply', 'group.yaml', '--auto-approve', '--format', 'json'], {
      env: {
        GTI_SYNC_NOTIFY_URL: `${urlA}\n  ${b.origin}/hook-b`,
        GITHUB_SERVER_URL: 'https://github.example',
        GITHUB_REPOSITORY: 'acme/groups',
        GITHUB_RUN_ID: '42',
      },
    });
    expect(run.code).toBe(0);
    expect(a.requests).toHaveLength(1);
    expect(b.requests).toHaveLength(1);
    const seen = a.requests[0]!;
    expect(seen.method).toBe('POST');
    expect(seen.url).toBe('/hook/secret-path-a');
    expect(seen.headers['x-apikey']).toBeUndefined();
    expect(seen.body).not.toContain(CALLER_KEY);
    const body = JSON.parse(seen.body) as Record<string, unknown>;
    const report = JSON.parse(run.stdout) as {
      group: string;
      done: unknown[];
      failed: unknown[];
      invited: string[];
    };
    expect(body).toMatchObject({
      version: 1,
      command: 'apply',
      group: report.group,
      failures: report.failed.length,
      run_url: 'https://github.example/acme/groups/actions/runs/42',
    });
    // Done operations by kind, and the invitations (an add of someone without an account).
    const { invited, ...done } = body['counts'] as Record<string, number>;
    expect(Object.values(done).reduce((x, y) => x + y, 0)).toBe(report.done.length);
    expect(invited ?? 0).toBe(report.invited.length);
    expect((body['emails'] as string[]).length).toBeGreaterThan(0);
    expect(run.stdout + run.stderr).not.toContain('secret-path-a');
    // A second apply changes nothing: no notification.
    const again = await world.run(['apply', 'group.yaml', '--auto-approve'], {
      env: { GTI_SYNC_NOTIFY_URL: urlA },
    });
    expect(again.code).toBe(0);
    expect(a.requests).toHaveLength(1);
  });

  it('a failing receiver (500) gives one warning and leaves the exit code alone', async () => {
    const world = await startCliWorld();
    const bad = await receiver(500);
    const dir = makeTempDir('gti-sync-notify-');
    const file = join(dir, 'notify.txt');
    writeFileSync(file, `# webhooks\n${bad.origin}/hook/hidden-token\n`);
    const run = await world.run([
      'plan',
      'group.yaml',
      '--detailed-exitcode',
      '--notify-file',
      file,
    ]);
    expect(run.code).toBe(2);
    expect(bad.requests).toHaveLength(3);
    const warnings = run.stderr.split('\n').filter((l) => l.includes('warning: notification'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('HTTP 500');
    expect(run.stderr).not.toContain('hidden-token');
    expect(JSON.parse(bad.requests[0]!.body)).toMatchObject({ command: 'plan' });
  });

  it('audit with findings notifies; plan without --detailed-exitcode does not', async () => {
    const world = await startCliWorld();
    const hook = await receiver();
    const env = { GTI_SYNC_NOTIFY_URL: `${hook.origin}/h` };
    const plan = await world.run(['plan', 'group.yaml'], { env });
    expect(plan.code).toBe(0);
    expect(hook.requests).toHaveLength(0);
    const audit = await world.run(['audit', 'group.yaml', '--format', 'json'], { env });
    expect(audit.code).toBe(0);
    const findings = (JSON.parse(audit.stdout) as { findings: { kind: string }[] }).findings;
    const drift = findings.filter((f) => !f.kind.startsWith('unknown_')).length;
    expect(drift).toBeGreaterThan(0);
    expect(hook.requests).toHaveLength(1);
    expect(JSON.parse(hook.requests[0]!.body)).toMatchObject({ command: 'audit' });
  });

  it('refuses http:// to a non-loopback host and a non-http URL before any request', async () => {
    const world = await startCliWorld();
    const insecure = await world.run(['apply', 'group.yaml', '--auto-approve'], {
      env: { GTI_SYNC_NOTIFY_URL: 'http://hooks.example.com/x' },
    });
    expect(insecure.code).toBe(1);
    expect(insecure.stderr).toMatch(/^gti-sync: INSECURE_NOTIFY_URL: /m);
    expect(insecure.stderr).not.toContain('hooks.example.com/x');
    const bad = await world.run(['audit', 'group.yaml'], {
      env: { GTI_SYNC_NOTIFY_URL: 'ftp://files.example/x' },
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^gti-sync: BAD_NOTIFY_URL: /m);
    expect(await world.writes()).toEqual({});
    expect((await world.stats()).requests).toBe(0);
  });

  it('a --notify-file that is missing or a directory is refused', async () => {
    const world = await startCliWorld();
    const dir = makeTempDir('gti-sync-notify-');
    const missing = await world.run(['plan', '--notify-file', join(dir, 'none.txt')]);
    expect(missing.stderr).toMatch(/^gti-sync: FILE_NOT_FOUND: /m);
    const directory = await world.run(['plan', '--notify-file', dir]);
    expect(directory.stderr).toMatch(/^gti-sync: FILE_UNREADABLE: /m);
    const large = join(dir, 'large.txt');
    writeFileSync(large, `# ${'x'.repeat(70 * 1024)}\n`);
    const tooLarge = await world.run(['plan', '--notify-file', large]);
    expect(tooLarge.stderr).toMatch(/^gti-sync: FILE_UNREADABLE: /m);
    expect((await world.stats()).requests).toBe(0);
  });
});
