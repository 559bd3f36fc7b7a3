/**
 * `gti-sync export [--group ID] [-o FILE] [--diff FILE|DIR...]` (design §1, §2): the live group as
 * a valid, sorted, commented group file on which `plan` shows no change; or, with `--diff`, a unified diff
 * from FILE to FILE edited to match the live group: only real drift, and adopting it is safe.
 * `--detailed-exitcode` exits 2 when there is drift (`plan` on FILE has an operation), even where
 * `plan` would refuse its plan (UNSAFE_PLAN): nothing is applied. The engine and the renderer load
 * only when the command runs.
 */
import type { Command } from 'commander';
import { GtiSyncError } from '../../model/errors.js';
import type { CliContext } from '../io.js';
import { currentTime } from '../now.js';
import { addConnectionOptions, clientHooks, connectionSettings } from '../connection-options.js';
import type { ConnectionOptions } from '../connection-options.js';

interface ExportFlags extends ConnectionOptions {
  group?: string;
  output?: string;
  diff?: string;
  detailedExitcode?: boolean;
  groups?: string;
}

/** Registers the `export` command. */
export function registerExport(program: Command, ctx: CliContext): void {
  addConnectionOptions(
    program
      .command('export')
      .description(
        'Write the live group as a group file (sorted, commented, valid; `plan` on it shows no change), or diff a file against it.',
      )
      .option('--group <id>', 'the group (default: the group of ./group.yaml)')
      .option('-o, --output <file>', 'write the file here (overwriting it) instead of stdout')
      .option(
        '--diff <file>',
        'print instead a unified diff from FILE to FILE edited to match the live group (only drift)',
      )
      .option(
        '--detailed-exitcode',
        'with --diff: exit 2 when there is drift (plan on FILE has an operation), else 0',
      )
      .argument('[more...]', 'with --diff: more group files or directories (one diff per group)')
      .option('--groups <n>', 'with several groups: groups read at once (default 16)'),
  ).action(async (more: string[], flags: ExportFlags) => {
    if (more.length > 0 && flags.diff === undefined) {
      throw new GtiSyncError('BAD_USAGE', `export takes no file argument without --diff FILE`);
    }
    if (flags.output !== undefined && flags.diff !== undefined) {
      throw new GtiSyncError('BAD_USAGE', '-o/--output and --diff cannot be used together');
    }
    if (flags.detailedExitcode === true && flags.diff === undefined) {
      throw new GtiSyncError(
        'BAD_USAGE',
        '--detailed-exitcode needs --diff FILE (it reports drift between FILE and the live group)',
      );
    }
    if (flags.diff !== undefined) {
      const { expandGroupArgs } = await import('../../engine/group-args.js');
      const expanded = await expandGroupArgs([flags.diff, ...more], ctx.io.cwd);
      if (!expanded.multi) return diffWithLive(expanded.files[0] ?? flags.diff, flags, ctx);
      if (flags.group !== undefined) {
        throw new GtiSyncError('BAD_USAGE', '--group cannot be used with several group files');
      }
      const { runExportDiffMany } = await import('../export-many.js');
      return runExportDiffMany(ctx, expanded.files, flags);
    }
    const now = currentTime(ctx.io.env);
    const connection = connectionSettings(flags, ctx);
    const [{ exportGroup }, { render }, { VERSION }] = await Promise.all([
      import('../../engine/export-group.js'),
      import('../../render/render.js'),
      import('../../version.js'),
    ]);
    const { live, source, schemaPath } = await exportGroup({
      group: flags.group,
      output: flags.output,
      now,
      connection,
      hooks: clientHooks(ctx, { countRequests: true }),
    });
    const text = render(
      'export',
      { live, meta: { now, source, version: VERSION, schema: schemaPath } },
      { format: 'yaml', color: false },
    );
    if (flags.output !== undefined) {
      await writeOutput(ctx, flags.output, ctx.secrets?.redact(text) ?? text);
      ctx.io.stderr.write(
        `gti-sync: wrote ${flags.output}: ${live.members.length} members, ${live.serviceAccounts.length} service accounts\n`,
      );
      if (schemaPath === undefined) {
        ctx.io.stderr.write(
          'gti-sync: note: no group.schema.json beside the file, so it has no $schema comment; for ' +
            "completion in your editor put gti-sync's schema/group.schema.json there (gti-sync init " +
            'does) and export again\n',
        );
      }
      return;
    }
    ctx.io.stdout.write(text);
  });
}

/** `export --diff FILE`: the diff on stdout; with no drift, stdout stays empty and stderr says so. */
async function diffWithLive(file: string, flags: ExportFlags, ctx: CliContext): Promise<void> {
  const [{ diffGroupFile }, { groupRunOptions }] = await Promise.all([
    import('../../engine/export-group.js'),
    import('../engine-options.js'),
  ]);
  const [{ restyledNote }] = await Promise.all([import('../../yaml-edit/adopt-live-group.js')]);
  const { patch, drift, restyled } = await diffGroupFile({
    ...groupRunOptions(ctx, file, flags, { countRequests: true }),
    group: flags.group,
  });
  if (restyled !== undefined)
    ctx.io.stderr.write(`gti-sync: warning: ${restyledNote(file, restyled)}\n`);
  if (patch !== '') ctx.io.stdout.write(patch);
  else if (!drift) ctx.io.stderr.write(`gti-sync: no drift: ${file} matches the live group\n`);
  if (flags.detailedExitcode === true && drift) ctx.exitCode = 2;
}

async function writeOutput(ctx: CliContext, shown: string, text: string): Promise<void> {
  const [{ writeFile }, { resolve }] = await Promise.all([
    import('node:fs/promises'),
    import('node:path'),
  ]);
  try {
    await writeFile(resolve(ctx.io.cwd, shown), text, 'utf8');
  } catch (cause) {
    throw new GtiSyncError('FILE_UNWRITABLE', `cannot write ${shown}`, { location: shown, cause });
  }
}
