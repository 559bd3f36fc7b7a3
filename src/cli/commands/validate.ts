/**
 * `gti-sync validate [FILE...]`: checks group files offline and reports every problem of every
 * file. The engine and the renderer load only when the command runs.
 */
import type { Command } from 'commander';
import { checkFormat } from '../../check-format.js';
import { PROBLEM_FORMATS } from '../../model/formats.js';
import { DEFAULT_GROUP_FILE } from '../../model/group-config.js';
import type { CliContext } from '../io.js';
import { currentTime } from '../now.js';

/** Registers the `validate` command: exit 0 when every file is valid (warnings allowed), 1 otherwise. */
export function registerValidate(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('Check group files offline; print every problem as FILE:LINE:COL CODE message.')
    .argument('[files...]', 'group files or directories to check', [DEFAULT_GROUP_FILE])
    .option('--format <format>', `output format: ${PROBLEM_FORMATS.join(', ')}`, 'text')
    .action(async (files: string[], options: { format: string }) => {
      const format = checkFormat(options.format, PROBLEM_FORMATS);
      const now = currentTime(ctx.io.env);
      const [{ validateGroupArgs }, { buildValidationReport }, { render }, { colorEnabled }] =
        await Promise.all([
          import('../../engine/validate-groups.js'),
          import('../../render/render-problems.js'),
          import('../../render/render.js'),
          import('../../render/color.js'),
        ]);
      // The one colour rule of every command: a terminal and no NO_COLOR, or FORCE_COLOR.
      const color =
        format === 'text' && colorEnabled({ env: ctx.io.env, isTTY: ctx.io.stdoutIsTTY });
      const report = buildValidationReport(
        await validateGroupArgs(files, { cwd: ctx.io.cwd, now }),
      );
      ctx.io.stdout.write(render('problems', report, { format, color }));
      if (!report.valid) ctx.exitCode = 1;
    });
}
