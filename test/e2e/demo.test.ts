import { describe, expect, it } from 'vitest';
import { runDemo } from '../../scripts/demo.js';

describe('npm run demo', () => {
  it('plans, applies and plans again cleanly against the in-process emulator', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runDemo({
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    });
    expect(stderr).not.toContain('gti-sync demo:');
    expect(code).toBe(0);
    expect(stdout.match(/^=== \d\/3 /gm)).toHaveLength(3);
    expect(stdout).toContain('$ gti-sync apply examples/group.yaml --auto-approve');
    expect(stdout).toContain('Apply complete: 12 done, 0 failed, 1 skipped, 1 invited.');
    expect(stdout).toMatch(/invited +frank@acme\.example/);
    expect(stdout).toMatch(/\(exit code 0; \d+ API requests\)\n\nDemo complete/);
    expect(stdout + stderr).not.toContain('key-alice');
  });
});
