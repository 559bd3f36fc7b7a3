/**
 * The file arguments of plan, apply, audit, validate and export --diff (issue 12 item 1): any
 * number of files and directories. A directory means every `*.yaml`/`*.yml` directly in it (no
 * recursion) that has a top-level `group:` key; baselines (files without `group:`) are skipped.
 * One file argument is a single-group run (today's behaviour); anything else is a multi-group run.
 */
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { readGroupFile } from '../config/load-group-file.js';
import { GtiSyncError } from '../model/errors.js';
import { mapPool } from '../model/run-pool.js';

/** The files named by `args`, in order, and whether the run is a multi-group one. */
export interface GroupArgs {
  files: string[];
  multi: boolean;
}

/** At most this many group files in one run (a bound on what is read). */
const MAX_GROUP_FILES = 1000;

/** Whether `arg` (relative to `cwd`) is a directory. */
async function isDirectory(arg: string, cwd: string): Promise<boolean> {
  try {
    return (await stat(resolve(cwd, arg))).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Expands `args`: files stay as given, directories become their group files (sorted by name).
 * NO_GROUP_FILES for a directory without any; a file named twice counts once.
 */
export async function expandGroupArgs(args: readonly string[], cwd: string): Promise<GroupArgs> {
  const files: string[] = [];
  let sawDirectory = false;
  for (const arg of args) {
    if (!(await isDirectory(arg, cwd))) {
      files.push(arg);
      continue;
    }
    sawDirectory = true;
    const found = await groupFilesIn(arg, cwd);
    if (found.length === 0) {
      throw new GtiSyncError(
        'NO_GROUP_FILES',
        `${arg}: no *.yaml or *.yml file with a group: key directly in this directory`,
      );
    }
    files.push(...found);
  }
  const unique = [...new Set(files)];
  if (unique.length > MAX_GROUP_FILES) {
    throw new GtiSyncError(
      'BAD_USAGE',
      `${unique.length} group files: at most ${MAX_GROUP_FILES} in one run`,
    );
  }
  return { files: unique, multi: sawDirectory || unique.length > 1 };
}

/** The group files directly in `dir`: `*.yaml`/`*.yml` with a top-level `group:` key. */
async function groupFilesIn(dir: string, cwd: string): Promise<string[]> {
  const entries = await readdir(resolve(cwd, dir), { withFileTypes: true });
  const names = entries
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => e.name)
    .sort();
  // Read a few at a time (reading is waiting); the order stays the names' order.
  const kept = await mapPool(names, 16, async (name) => {
    const file = join(dir, name);
    try {
      return /^group[ \t]*:/m.test(await readGroupFile(file, cwd)) ? file : undefined;
    } catch {
      // An unreadable file is still a candidate: loading it reports why, as a failed group.
      return file;
    }
  });
  return kept.filter((file): file is string => file !== undefined);
}
