/**
 * `--changed-files PATH` (issue 12 item 7): a pull request plans, and its merge applies, only the
 * groups whose file, or a baseline in whose `extends` chain, is among the changed paths (what
 * `git diff --name-only BASE HEAD` prints: relative to the repository root, the nearest directory
 * with `.git` at or above the working directory). Every file is still loaded and checked across
 * files first, and a file that fails to load is never left out.
 */
import { resolve } from 'node:path';
import { repositoryRoot } from '../config/baseline-chain.js';
import { BoundedReadError, readBoundedFile } from '../files/read-bounded-file.js';
import { GtiSyncError } from '../model/errors.js';
import type { LoadedGroup } from './multi-group.js';

/** A list of changed paths larger than this is refused. */
const MAX_LIST_BYTES = 4 * 1024 * 1024;

/**
 * The paths listed in `file` (one a line; blank lines skipped; relative to the repository root),
 * each as an absolute path.
 */
export async function readChangedFiles(file: string, cwd: string): Promise<Set<string>> {
  let bytes: Buffer;
  try {
    bytes = await readBoundedFile(resolve(cwd, file), MAX_LIST_BYTES);
  } catch (cause) {
    if (cause instanceof BoundedReadError) {
      const code = cause.reason === 'not-a-file' ? 'NOT_A_FILE' : 'FILE_UNREADABLE';
      throw new GtiSyncError(code, `--changed-files ${file}: ${cause.message}`);
    }
    const missing = cause instanceof Error && 'code' in cause && cause.code === 'ENOENT';
    throw new GtiSyncError(
      missing ? 'FILE_NOT_FOUND' : 'FILE_UNREADABLE',
      `--changed-files ${file}: ${missing ? 'no such file' : 'cannot read it'}`,
      { cause },
    );
  }
  const root = repositoryRoot(cwd);
  const paths = new Set<string>();
  for (const line of bytes.toString('utf8').split(/\r?\n/)) {
    const path = line.trim();
    if (path !== '') paths.add(resolve(root, path));
  }
  return paths;
}

/**
 * Splits `loaded` into the groups a change touches (their file or one of their baselines is in
 * `changed`) and the others. A file that failed to load, or failed the checks across files, is
 * always kept: its baselines may be what changed, and its error must not pass unseen.
 */
export function selectChanged(
  loaded: readonly LoadedGroup[],
  changed: ReadonlySet<string>,
  cwd: string,
): { kept: LoadedGroup[]; unchanged: LoadedGroup[] } {
  const kept: LoadedGroup[] = [];
  const unchanged: LoadedGroup[] = [];
  for (const entry of loaded) {
    const files = [entry.file, ...(entry.config?.baselines ?? [])];
    const touched = entry.error !== undefined || files.some((f) => changed.has(resolve(cwd, f)));
    (touched ? kept : unchanged).push(entry);
  }
  return { kept, unchanged };
}
