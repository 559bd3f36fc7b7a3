import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { HistoryReport } from '../../src/model/history.js';
import { startCliWorld } from './apply-world.js';
import { makeTempDir } from '../support/paths.js';

/** An apply with --journal, then the emulator's request counts reset by reading them. */
async function appliedWorld() {
  const world = await startCliWorld();
  const journal = join(makeTempDir('gti-sync-history-'), 'journal.jsonl');
  const applied = await world.run(['apply', 'group.yaml', '--auto-approve', '--journal', journal]);
  expect(applied.code).toBe(0);
  return { world, journal };
}

describe('gti-sync history', () => {
  it('merges the journal and the activity log for one member, sorted, each entry with its source', async () => {
    const { world, journal } = await appliedWorld();
    const before = await world.stats();
    const run = await world.run([
      'history',
      'm4@acme.example',
      '--journal',
      journal,
      '--format',
      'json',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const after = await world.stats();
    const report = JSON.parse(run.stdout) as HistoryReport;
    expect(report.version).toBe(1);
    expect(report.group).toBe('acme');
    expect(report.journals).toEqual([journal]);
    expect(report.activity_log).not.toBeNull();
    expect(report.members.map((m) => m.member)).toEqual(['m4@acme.example']);
    expect(report.members[0]?.aliases).toEqual(['m4']);
    const entries = report.members[0]?.entries ?? [];
    const sources = new Set(entries.map((e) => e.source));
    expect(sources).toEqual(new Set(['journal', 'activity_log']));
    for (const e of entries) expect(e.group).toBe('acme');
    const journalEntry = entries.find((e) => e.source === 'journal');
    expect(journalEntry?.result).toBe('done');
    const times = entries.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    // One bounded read of the activity log, nothing else.
    const routes = Object.entries(after.by_route)
      .map(([route, n]) => [route, n - (before.by_route[route] ?? 0)] as const)
      .filter(([route, n]) => n > 0 && !route.includes('_emulator'));
    expect(routes).toEqual([['GET /groups/{gid}/activity_log_entries', 1]]);
  });

  it('prints text, csv and markdown timelines for the member', async () => {
    const { world, journal } = await appliedWorld();
    const text = await world.run(['history', 'M4@ACME.example', '--journal', journal]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^History of group acme/);
    expect(text.stdout).toMatch(/^m4@acme\.example/m);
    expect(text.stdout).toMatch(/journal/);
    expect(text.stdout).toMatch(/activity_log/);
    const csv = await world.run([
      'history',
      'm4@acme.example',
      '--journal',
      journal,
      '--format',
      'csv',
    ]);
    expect(csv.stdout.split('\r\n')[0]).toBe(
      'member,time,source,group,action,result,actor,detail,run_url',
    );
    expect(csv.stdout).toMatch(/^m4@acme\.example,.*,journal,acme,/m);
    const md = await world.run([
      'history',
      'm4@acme.example',
      '--journal',
      journal,
      '--format',
      'markdown',
    ]);
    expect(md.stdout).toMatch(/^### m4@acme\.example \(m4\)$/m);
    expect(md.stdout).toMatch(/^\| time \| source \|/m);
  });

  it('without an API key reads the journals only and says so on stderr', async () => {
    const { world, journal } = await appliedWorld();
    const before = await world.stats();
    const run = await world.run(
      ['history', 'm4@acme.example', '--journal', journal, '--format', 'json'],
      {
        env: { GTI_APIKEY: undefined },
      },
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^gti-sync: note: no API key/m);
    const report = JSON.parse(run.stdout) as HistoryReport;
    expect(report.activity_log).toBeNull();
    const entries = report.members[0]?.entries ?? [];
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e.source).toBe('journal');
    expect((await world.stats()).requests - before.requests).toBe(0);
  });

  it('writes every time in one form, whole seconds, even from a journal that kept milliseconds', async () => {
    const { world, journal } = await appliedWorld();
    const text = await readFile(journal, 'utf8');
    expect(text).not.toMatch(/"time":"[^"]*\.\d{3}Z"/);
    await writeFile(journal, text.replace(/"time":"([^"]*)Z"/g, '"time":"$1.000Z"'));
    const run = await world.run(
      ['history', 'm4@acme.example', '--journal', journal, '--format', 'json'],
      { env: { GTI_APIKEY: undefined } },
    );
    expect(run.code).toBe(0);
    const entries = (JSON.parse(run.stdout) as HistoryReport).members[0]?.entries ?? [];
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('keeps only entries at or after --since', async () => {
    const { world, journal } = await appliedWorld();
    const run = await world.run([
      'history',
      '--journal',
      journal,
      '--since',
      '2030-01-01',
      '--format',
      'json',
    ]);
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as HistoryReport).members).toEqual([]);
  });

  it('refuses a bad --since with BAD_DATE before any request', async () => {
    const { world, journal } = await appliedWorld();
    const before = await world.stats();
    const run = await world.run(['history', '--journal', journal, '--since', '2026-02-30']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gti-sync: BAD_DATE:/m);
    expect((await world.stats()).requests - before.requests).toBe(0);
  });

  it('fails with BAD_JOURNAL FILE:LINE on a bad journal line, before any request', async () => {
    const { world } = await appliedWorld();
    const bad = join(makeTempDir('gti-sync-history-'), 'bad.jsonl');
    await writeFile(bad, '{"time": "not json"\n');
    const before = await world.stats();
    const run = await world.run(['history', '--journal', bad]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gti-sync: BAD_JOURNAL: .*bad\.jsonl:1/m);
    expect((await world.stats()).requests - before.requests).toBe(0);
  });

  it('fails with NO_API_KEY without a key and without a journal', async () => {
    const { world } = await appliedWorld();
    const run = await world.run(['history', 'm4@acme.example'], { env: { GTI_APIKEY: undefined } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gti-sync: NO_API_KEY:/m);
  });
});
