/**
 * `validate` over files and directories (issue 12 item 1): the directories expanded to their group
 * files, each file checked as today, then the checks across files of one run (one file per group,
 * one group per email), each problem at its own FILE:LINE:COL naming the other place.
 */
import { loadGroupFile, readGroupFile } from '../config/load-group-file.js';
import { isBaselineText } from '../config/baseline-chain.js';
import type { Problem } from '../model/errors.js';
import type { GroupConfig } from '../model/group-config.js';
import { expandGroupArgs } from './group-args.js';
import { crossFileProblems } from './multi-group.js';
import { validateFiles } from './validate-files.js';

/** Every problem of every file named by `args`, cross-file problems included. */
export async function validateGroupArgs(
  args: readonly string[],
  options: { cwd: string; now: Date },
): Promise<{ file: string; problems: Problem[] }[]> {
  const { files, multi } = await expandGroupArgs(args, options.cwd);
  const results = await validateFiles(files, options);
  if (!multi) return results;
  const configs: GroupConfig[] = [];
  for (const result of results) {
    if (result.problems.some((p) => p.severity === 'error')) continue;
    // A baseline named among the files was checked on its own: it declares no group.
    const text = await readGroupFile(result.file, options.cwd);
    if (isBaselineText(text, result.file)) continue;
    configs.push((await loadGroupFile(result.file, options)).config);
  }
  const cross = crossFileProblems(configs);
  return results.map((r) => ({
    file: r.file,
    problems: [...r.problems, ...(cross.get(r.file) ?? [])],
  }));
}
