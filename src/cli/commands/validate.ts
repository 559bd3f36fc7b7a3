/** `gti-sync validate [FILE...]`: checks group files offline and reports every problem of every file. */
import type { Command } from 'commander';
import { ConfigError, GtiSyncError } from '../../model/errors.js';
import type { Problem } from '../../model/errors.js';
import { readGroupFile } from '../../config/load-group-file.js';
import { parseGroupFile } from '../../config/parse-group-file.js';
import { buildValidationReport } from '../../render/render-problems.js';
import { FORMATS, render } from '../../render/render.js';
import type { CliContext } from '../io.js';
import { currentTime } from '../now.js';
import { checkFormat } from '../../check-format.js';

/** Registers the `validate` command: exit 0 when every file is valid (warnings allowed), 1 otherwise. */
export function registerValidate(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('Check group files offline; print every problem as FILE:LINE:COL CODE message.')
    .argument('[files...]', 'group files to check', ['group.yaml'])
    .option('--format <format>', `output format: ${FORMATS.problems.join(', ')}`, 'text')
    .action(async (files: string[], options: { format: string }) => {
      const format = checkFormat(options.format, FORMATS.problems);
      const now = currentTime(ctx.io.env);
      const results: { file: string; problems: Problem[] }[] = [];
      for (const file of files) {
        results.push({ file, problems: await validateFile(file, ctx.io.cwd, now) });
      }
      const report = buildValidationReport(results);
      ctx.io.stdout.write(render('problems', report, { format, color: false }));
      if (!report.valid) ctx.exitCode = 1;
    });
}

/** Every problem of one file; a file that cannot be read is one problem at 1:1. */
async function validateFile(file: string, cwd: string, now: Date): Promise<Problem[]> {
  try {
    return parseGroupFile(await readGroupFile(file, cwd), file, { now }).problems;
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
