/**
 * Where gti-sync is installed: files it ships (schema/, examples/) are found relative to the
 * package, never to the current directory, from src/ (tests) and dist/src/ (the built CLI) alike.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** The package's root directory (the one holding package.json and schema/). */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'schema'))) {
      cached = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir)
      throw new Error('gti-sync: cannot find the package root (package.json and schema/)');
    dir = parent;
  }
}

/** A file shipped with the package, e.g. `schema/emulator-seed.schema.json`. */
export function packageFile(relativePath: string): string {
  return join(packageRoot(), relativePath);
}
