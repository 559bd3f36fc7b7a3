/**
 * The emulator's index is what scripts/demo.ts, bench/bench.ts and the CLI's neighbours import at
 * run time, so nothing it loads may be a development dependency (msw above all): an installed
 * gti-sync has none. The test follows every runtime import (not `import type`) from the index.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/paths.js';

const manifest: { dependencies?: Record<string, string> } = JSON.parse(
  readFileSync(join(ROOT, 'package.json'), 'utf8'),
);

/** Specifiers of the runtime imports and re-exports of one module (type-only ones left out). */
function runtimeSpecifiers(source: string): string[] {
  const statements = source.match(/^(?:import|export)\b[^;]*?\bfrom\s+'[^']+'|^import\s+'[^']+'/gm);
  return (statements ?? [])
    .filter((statement) => !/^(?:import|export)\s+type\b/.test(statement))
    .map((statement) => /'([^']+)'$/.exec(statement)?.[1] ?? '');
}

/** Every bare package name reachable at run time from `entry` (a .ts file of src/). */
function reachablePackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of runtimeSpecifiers(readFileSync(file, 'utf8'))) {
      if (specifier.startsWith('.'))
        visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else if (!specifier.startsWith('node:'))
        packages.add(
          specifier.startsWith('@')
            ? specifier.split('/').slice(0, 2).join('/')
            : (specifier.split('/')[0] ?? ''),
        );
    }
  };
  visit(entry);
  return packages;
}

describe('src/emulator/index.ts', () => {
  it('loads runtime dependencies only (no msw): the msw handlers live in test/support/', () => {
    const packages = reachablePackages(join(ROOT, 'src/emulator/index.ts'));
    expect(packages.size).toBeGreaterThan(0);
    const runtime = Object.keys(manifest.dependencies ?? {});
    expect([...packages].filter((name) => !runtime.includes(name))).toEqual([]);
  });

  it('the walker does see msw where it is imported', () => {
    expect(reachablePackages(join(ROOT, 'test/support/msw-handlers.ts'))).toContain('msw');
  });

  it('no file under src/ imports msw (issue 9)', () => {
    const offenders = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .filter((file) => /from ['"]msw['"/]/.test(readFileSync(join(ROOT, 'src', file), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
