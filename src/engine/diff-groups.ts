/**
 * `export --diff` over several group files (issue 12): each file diffed against its live group
 * as `diffGroupFile` diffs one, on its own client and key, the groups concurrently. One group
 * failing never stops the others.
 */
import type { GroupRunError } from '../model/multi-group.js';
import { diffGroupFile } from './export-group.js';
import type { ExportDiff } from './export-group.js';
import { forEachGroup, isGroupRunError, loadGroups } from './multi-group.js';
import type { MultiGroupOptions } from './multi-group.js';

/** Each diffed file (in file order) with its diff, and each group that failed. */
interface DiffGroupsResult {
  diffs: { file: string; group: string; diff: ExportDiff }[];
  errors: GroupRunError[];
}

/** Loads and checks every file, then diffs every group that passed, concurrently. */
export async function diffGroupFiles(options: MultiGroupOptions): Promise<DiffGroupsResult> {
  const loaded = await loadGroups(options.files, {
    now: options.now,
    cwd: options.connection.cwd,
  });
  const entries = await forEachGroup(loaded, options, ({ run }) => diffGroupFile(run));
  const out: DiffGroupsResult = { diffs: [], errors: [] };
  for (const entry of entries) {
    if (isGroupRunError(entry)) out.errors.push(entry);
    else out.diffs.push({ file: entry.file, group: entry.group, diff: entry.result });
  }
  return out;
}
