/**
 * Fast start (design §8): `--version` and `--help` load commander and the option definitions only.
 * Follows the static (non-type) imports from src/cli/main.ts; `await import()` inside an action is
 * not followed, which is the point: the engine, the client and the renderers load when a command runs.
 */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths.js';

/** The modules loaded at start, as paths relative to the repository (packages by name). */
function staticGraph(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    const name = relative(ROOT, file);
    if (seen.has(name)) return;
    seen.add(name);
    const text = readFileSync(file, 'utf8');
    // `import x from 'y'`, `import { a } from 'y'`, `export { a } from 'y'`; not `import type`.
    const pattern = /^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
    for (const [, specifier] of text.matchAll(pattern)) {
      if (specifier === undefined) continue;
      if (!specifier.startsWith('.')) {
        seen.add(specifier);
        continue;
      }
      visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
    }
  };
  visit(resolve(ROOT, entry));
  return seen;
}

describe('start-up imports', () => {
  const graph = [...staticGraph('src/cli/main.ts')];

  it('include commander and the command definitions', () => {
    expect(graph).toContain('commander');
    expect(graph).toContain('src/cli/commands/plan.ts');
  });

  it('leave out the engine, the client, the renderers and every heavy package', () => {
    const heavy = graph.filter((m) =>
      /^src\/(engine|apply|live|plan|render|report|config|emulator)\/|^src\/api\/client|^(undici|yaml|ajv|ajv-formats|diff|msw)$/.test(
        m,
      ),
    );
    expect(heavy).toEqual([]);
  });
});
