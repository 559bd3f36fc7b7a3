/**
 * The demo holds on any date (issue 11 item 5): the demo seed's dates are relative to the clock
 * the CLI also uses (GTI_SYNC_NOW, else real time), so usage reports, validate and plan on the
 * example give the same answers whether GTI_SYNC_NOW is unset or set to any instant.
 */
import { describe, expect, it } from 'vitest';
import { runDemo } from '../../scripts/demo.js';
import { loadSeedFile, startEmulator } from '../../src/emulator/index.js';
import { deferCleanup } from '../support/cleanup.js';
import { repoPath } from '../support/paths.js';
import { runCli } from '../support/run-cli.js';

const CLOCKS: readonly (string | undefined)[] = [
  undefined,
  '2027-03-15T09:30:00Z',
  '2031-01-01T00:00:00Z',
];

describe.each(CLOCKS.map((now) => ({ now, label: now ?? 'the real clock' })))(
  'the demo world at $label',
  ({ now }) => {
    it('validates the example with no warning', async () => {
      const r = await runCli(['validate', 'examples/group.yaml'], { env: { GTI_SYNC_NOW: now } });
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('examples/group.yaml: valid\n');
    });

    it('runs the demo (plan, apply, clean plan) with 12 changes and no removal by expiry', async () => {
      let stdout = '';
      const code = await runDemo(
        { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: () => true } },
        { GTI_SYNC_NOW: now },
      );
      expect(code).toBe(0);
      expect(stdout).toContain('Apply complete: 12 done, 0 failed, 1 skipped, 1 invited.');
      expect(stdout).not.toMatch(/expired/i);
    }, 60_000);

    it('reports feature and API usage with non-zero numbers', async () => {
      const seed = await loadSeedFile(repoPath('examples/emulator-seed.yaml'), {
        GTI_SYNC_NOW: now,
      });
      const emu = await startEmulator({ seed });
      deferCleanup(() => emu.close());
      const options = { api: emu, key: 'key-alice', env: { GTI_SYNC_NOW: now } };
      const features = await runCli(
        ['usage', 'features', '--group', 'acme_soc', '--format', 'json'],
        options,
      );
      expect(features.stderr).toBe('');
      expect(features.code).toBe(0);
      expect(features.stdout).toMatch(/"used":\s*[1-9]/);
      const api = await runCli(
        ['usage', 'api', '--group', 'acme_soc', '--format', 'json'],
        options,
      );
      expect(api.stderr).toBe('');
      expect(api.code).toBe(0);
      const total = [...api.stdout.matchAll(/"total":\s*(\d+)/g)].map((m) => Number(m[1]));
      expect(total.some((n) => n > 0)).toBe(true);
    });
  },
);
