/** `validate` (design §2): every problem of every group file, offline. */
import { loadBaselineFile, parseWithBaselines, readGroupFile } from '../config/load-group-file.js';
import { isBaselineText } from '../config/baseline-chain.js';
import { ConfigError, GtiSyncError } from '../model/errors.js';
import type { Problem } from '../model/errors.js';

/** Every problem (errors and warnings) of each file, in the order given; never throws for a bad file. */
export async function validateFiles(
  files: readonly string[],
  options: { cwd: string; now: Date },
): Promise<{ file: string; problems: Problem[] }[]> {
  const results: { file: string; problems: Problem[] }[] = [];
  for (const file of files) {
    results.push({ file, problems: await validateFile(file, options.cwd, options.now) });
  }
  return results;
}

/** Every problem of one file; a file that cannot be read is one problem at 1:1. */
async function validateFile(file: string, cwd: string, now: Date): Promise<Problem[]> {
  try {
    const text = await readGroupFile(file, cwd);
    // A file without `group:` that has only baseline keys is a baseline: checked on its own.
    if (isBaselineText(text, file)) return (await loadBaselineFile(file, { cwd })).problems;
    return (await parseWithBaselines(text, file, { now, cwd })).problems;
  } catch (error) {
    if (error instanceof ConfigError) return [...error.problems];
    if (error instanceof GtiSyncError) {
      return [
        { file, line: 1, col: 1, code: error.code, message: error.message, severity: 'error' },
      ];
    }
    throw error;
  }
}
