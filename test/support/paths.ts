/** Where things are: the repository root, examples/, the fixtures, and temporary directories. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deferCleanup } from './cleanup.js';

/** The repository root (absolute). */
export const ROOT = resolve(import.meta.dirname, '../..');

/** `test/fixtures/` (absolute). */
const FIXTURES = join(ROOT, 'test/fixtures');

/** The absolute path of `parts` below the repository root. */
export function repoPath(...parts: string[]): string {
  return join(ROOT, ...parts);
}

/** The absolute path of `parts` below `test/fixtures/`. */
export function fixturePath(...parts: string[]): string {
  return join(FIXTURES, ...parts);
}

/**
 * A fresh empty directory under the system's temp directory, removed after the current test
 * (or after the file when made outside a test).
 */
export function makeTempDir(prefix = 'gti-sync-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  deferCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `text` to `name` in `dir` and returns `name` (for handing to the CLI as a relative path). */
export function writeIn(dir: string, name: string, text: string): string {
  writeFileSync(join(dir, name), text);
  return name;
}
