/**
 * `init --groups DIR` (issue 12 item 2): for a repository that already holds several group files,
 * writes the multi-group workflows (examples/workflows/groups/) under `.github/workflows/`, with
 * `DIR` for `groups/` and, in place of the example's key mappings, one line per group found:
 * `GTI_APIKEY_X: ${{ secrets.GTI_READ_APIKEY_X }}` (plan, drift) or `GTI_ADMIN_APIKEY_X`
 * (apply), X from the file's `apikey_env` or its group id. Offline: no API request. Every file
 * must load and pass the checks across files; nothing is overwritten without `force`.
 */
import { readFile, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { ConfigError, GtiSyncError } from '../model/errors.js';
import { packageFile } from '../package-root.js';
import { expandGroupArgs } from './group-args.js';
import { groupKeyVariable } from './group-keys.js';
import { loadGroups } from './multi-group.js';

/** The multi-group example workflows, and where init writes them. */
const GROUP_WORKFLOWS = [
  { from: 'examples/workflows/groups/plan.yml', to: '.github/workflows/gti-sync-groups-plan.yml' },
  {
    from: 'examples/workflows/groups/apply.yml',
    to: '.github/workflows/gti-sync-groups-apply.yml',
  },
  {
    from: 'examples/workflows/groups/drift.yml',
    to: '.github/workflows/gti-sync-groups-drift.yml',
  },
] as const;

/** One line of a key mapping in the example workflows (indentation, variable, READ or ADMIN). */
const MAPPING_LINE =
  /^([ \t]+)GTI_APIKEY_[A-Z0-9_]+: \$\{\{ secrets\.GTI_(READ|ADMIN)_APIKEY_[A-Z0-9_]+ \}\}$/;

/** A group found in DIR: its id, file and the variable its key is read from. */
export interface FoundGroup {
  group: string;
  file: string;
  variable: string;
}

/** The workflows to write for the groups of `dir` (relative to `cwd`), and the groups. */
export async function groupWorkflows(
  dir: string,
  cwd: string,
  now: Date,
): Promise<{ groups: FoundGroup[]; workflows: { to: string; text: string }[] }> {
  const folder = workflowFolder(dir, cwd);
  const isDir = await stat(resolve(cwd, dir)).then(
    (s) => s.isDirectory(),
    () => false,
  );
  if (!isDir) {
    throw new GtiSyncError('BAD_FLAG', `--groups ${dir}: not a directory of group files`, {
      location: '--groups',
    });
  }
  const { files } = await expandGroupArgs([dir], cwd);
  const loaded = await loadGroups(files, { now, cwd });
  const failed = loaded.find((l) => l.error !== undefined);
  if (failed?.error !== undefined) {
    throw failed.error instanceof ConfigError
      ? failed.error
      : new GtiSyncError(failed.error.code, `${failed.file}: ${failed.error.message}`);
  }
  const groups = loaded.flatMap((l) =>
    l.config === undefined
      ? []
      : [{ group: l.config.group, file: l.file, variable: groupKeyVariable(l.config) }],
  );
  refuseSharedVariables(groups);
  const workflows = await Promise.all(
    GROUP_WORKFLOWS.map(async (w) => ({
      to: w.to,
      text: forGroups(await readFile(packageFile(w.from), 'utf8'), folder, groups),
    })),
  );
  return { groups, workflows };
}

/**
 * `dir` as workflows name it: relative to the working directory (the repository root), `/`
 * separators, no `./`, with a final `/`. BAD_FLAG for a directory outside it.
 */
function workflowFolder(dir: string, cwd: string): string {
  const rel = relative(cwd, resolve(cwd, dir)).split(sep).join('/');
  if (rel === '' || rel.startsWith('../') || rel === '..' || isAbsolute(rel)) {
    throw new GtiSyncError(
      'BAD_FLAG',
      `--groups ${dir}: give a directory below this one (the repository root), e.g. groups/`,
      { location: '--groups' },
    );
  }
  return `${rel}/`;
}

/** APIKEY_ENV_CLASH when two groups read their key from one variable (a key is one user's). */
function refuseSharedVariables(groups: readonly FoundGroup[]): void {
  const seen = new Map<string, FoundGroup>();
  for (const g of groups) {
    const first = seen.get(g.variable);
    if (first !== undefined) {
      throw new GtiSyncError(
        'APIKEY_ENV_CLASH',
        `groups ${first.group} (${first.file}) and ${g.group} (${g.file}) both take their key from ${g.variable}: a key belongs to one group; give each its own apikey_env`,
      );
    }
    seen.set(g.variable, g);
  }
}

/** The example workflow for `groups` in `folder` (`groups/` and the mappings replaced). */
function forGroups(text: string, folder: string, groups: readonly FoundGroup[]): string {
  const out: string[] = [];
  let inBlock = false;
  for (const line of text.split('\n')) {
    const mapping = MAPPING_LINE.exec(line);
    if (mapping !== null) {
      if (!inBlock) {
        const [, indent, kind] = mapping;
        for (const g of groups) {
          const suffix = g.variable.slice('GTI_APIKEY_'.length);
          out.push(`${indent}${g.variable}: \${{ secrets.GTI_${kind}_APIKEY_${suffix} }}`);
        }
      }
      inBlock = true;
      continue;
    }
    inBlock = false;
    out.push(
      line
        .replace(/^(\s+- )groups\/\*\*$/, `$1${folder}**`)
        .replace(/^(\s+file: )groups\/$/, `$1${folder}`),
    );
  }
  return out.join('\n');
}
