/**
 * `--changed-files PATH` (issue 12 item 7): a pull request plans, and its merge applies, only the
 * groups whose file, or a baseline in whose `extends` chain, is among the changed paths (what
 * `git diff --name-only BASE HEAD` prints, relative to the repository root, which must be the
 * working directory). Every file is still loaded and checked across files first.
 */
import { relative, resolve } from 'node:path';
import { BoundedReadError, readBoundedFile } from '../files/read-bounded-file.js';
import { GtiSyncError } from '../model/errors.js';
import type { LoadedGroup } from './multi-group.js';

/** A list of changed paths larger than this is refused. */
const MAX_LIST_BYTES = 4 * 1024 * 1024;

/** The paths listed in `file` (one a line; blank lines skipped), normalised against `cwd`. */
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
  const paths = new Set<string>();
  for (const line of bytes.toString('utf8').split(/\r?\n/)) {
    const path = line.trim();
    if (path !== '') paths.add(normalise(path, cwd));
  }
  return paths;
}

/**
 * Splits `loaded` into the groups a change touches (their file or one of their baselines is in
 * `changed`) and the others. A file that could not be loaded is kept only when it is listed
 * itself (its baselines are not known).
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
    const touched = files.some((f) => changed.has(normalise(f, cwd)));
    (touched ? kept : unchanged).push(entry);
  }
  return { kept, unchanged };
}

/** `path` relative to `cwd`, `/`-separated, without `./`. */
function normalise(path: string, cwd: string): string {
  return relative(cwd, resolve(cwd, path)).split('\\').join('/');
}
