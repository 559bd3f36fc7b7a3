import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoPath } from '../support/paths.js';

/** The CommonJS files a fresh process has loaded after importing `module` (from dist/). */
async function loadedAfterImporting(module: string): Promise<string[]> {
  const script = [
    "import { createRequire } from 'node:module';",
    `await import(${JSON.stringify(pathToFileURL(repoPath(module)).href)});`,
    'const loaded = Object.keys(createRequire(import.meta.url).cache);',
    'process.stdout.write(JSON.stringify(loaded));',
  ].join('\n');
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--input-type=module',
    '-e',
    script,
  ]);
  return (JSON.parse(stdout) as string[]).map((file) => file.replaceAll('\\', '/'));
}

describe('the client loads only the parts of undici it uses (built code, npm test builds first)', () => {
  it("creating the client loads undici's Agent and request, not its index", async () => {
    const loaded = await loadedAfterImporting('dist/src/api/client.js');
    expect(loaded.some((file) => file.endsWith('/undici/lib/dispatcher/agent.js'))).toBe(true);
    expect(loaded.some((file) => file.endsWith('/undici/lib/api/api-request.js'))).toBe(true);
    expect(loaded.filter((file) => file.endsWith('/undici/index.js'))).toEqual([]);
  });
});
