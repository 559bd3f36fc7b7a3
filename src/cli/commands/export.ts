/**
 * `gti-sync export [--group ID] [-o FILE] [--diff FILE]` (design §1, §2): the live group as a valid,
 * sorted, commented group file on which `plan` shows no change; or, with `--diff`, a unified diff
 * from FILE to it, so drift can be reviewed and adopted into the file. The diff keeps FILE's
 * policy, ignore globs and expiry dates (a live group has none): it shows drift, not defaults.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { GtiSyncError } from '../../errors.js';
import type { CliContext } from '../io.js';
import { currentTime } from '../now.js';
import { addConnectionOptions } from '../connection-options.js';
import type { ConnectionOptions } from '../connection-options.js';
import { withClient } from './usage.js';
import { DEFAULT_API_URL } from '../../api/connection.js';
import { readGroupFile } from '../../config/load-group-file.js';
import { readLiveGroup } from '../../live/read-live-group.js';
import { readExportBase } from '../../report/read-export-base.js';
import { resolveReportGroup } from '../../report/report-options.js';
import { GROUP_SCHEMA_URL, renderGroupFile } from '../../render/render-export.js';
import type { ExportBase } from '../../render/render-export.js';
import { VERSION } from '../../version.js';
import { packageRoot } from '../../package-root.js';

interface ExportFlags extends ConnectionOptions {
  group?: string;
  output?: string;
  diff?: string;
  detailedExitcode?: boolean;
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
      .option('--diff <file>', 'print a unified diff from FILE to the live group instead')
      .option('--detailed-exitcode', 'with --diff: exit 2 when the file and the live group differ'),
  ).action(async (flags: ExportFlags) => {
    if (flags.output !== undefined && flags.diff !== undefined) {
      throw new GtiSyncError('BAD_USAGE', '-o/--output and --diff cannot be used together');
    }
    const now = currentTime(ctx.io.env);
    const gid = await resolveReportGroup(flags.group, ctx.io.cwd);
    // Read the file to compare before any request: a missing or broken file fails fast.
    const compared = flags.diff === undefined ? undefined : await readCompared(flags.diff, ctx.io);
    const live = await withClient(flags, ctx, (api) => readLiveGroup(api, gid, { now }));
    const source = describeSource(flags.apiUrl || ctx.io.env['GTI_API_URL'] || DEFAULT_API_URL);
    const target = flags.output ?? flags.diff;
    const schema = schemaReference(
      target === undefined ? ctx.io.cwd : dirname(resolve(ctx.io.cwd, target)),
      ctx.io.cwd,
    );
    const text = renderGroupFile(live, { now, source, version: VERSION, schema }, compared?.base);

    if (compared !== undefined) {
      if (compared.text !== text) {
        ctx.io.stdout.write(
          createTwoFilesPatch(compared.file, `${gid} (live)`, compared.text, text),
        );
      }
      if (flags.detailedExitcode === true && differsBeyondComments(compared.text, text)) {
        ctx.exitCode = 2;
      }
      return;
    }
    if (flags.output !== undefined) {
      await writeOutput(
        resolve(ctx.io.cwd, flags.output),
        ctx.secrets?.redact(text) ?? text,
        flags.output,
      );
      ctx.io.stderr.write(
        `wrote ${flags.output}: ${live.members.length} members, ${live.serviceAccounts.length} service accounts\n`,
      );
      return;
    }
    ctx.io.stdout.write(text);
  });
}

/** The file `--diff` compares with, and what the export keeps of it. */
async function readCompared(
  file: string,
  io: { cwd: string },
): Promise<{ file: string; text: string; base: ExportBase }> {
  // Line ends are not drift: a checkout on Windows has CRLF where the export writes LF.
  const text = (await readGroupFile(file, io.cwd)).replace(/\r\n/g, '\n');
  return { file, text, base: readExportBase(text, file) };
}

/** Whether two files differ in anything but whole-line comments (the export date changes each run). */
function differsBeyondComments(a: string, b: string): boolean {
  const strip = (text: string): string =>
    text
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('#'))
      .join('\n')
      .trimEnd();
  return strip(a) !== strip(b);
}

async function writeOutput(path: string, text: string, shown: string): Promise<void> {
  try {
    await writeFile(path, text, 'utf8');
  } catch (cause) {
    throw new GtiSyncError('FILE_UNWRITABLE', `cannot write ${shown}`, { location: shown, cause });
  }
}

/** The API URL as the header comment names it: origin and path only (never credentials or a query). */
function describeSource(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
  } catch {
    return DEFAULT_API_URL;
  }
}

/**
 * The schema for the file's `yaml-language-server` comment: the schema gti-sync ships, as a path
 * relative to the file's folder when gti-sync lives inside the working tree (a checkout, or
 * node_modules/gti-sync), so editors load it offline; otherwise the schema's `$id`.
 */
function schemaReference(fileDir: string, cwd: string): string {
  const schema = join(packageRoot(), 'schema', 'group.schema.json');
  const fromCwd = relative(cwd, schema);
  if (fromCwd.startsWith('..') || isAbsolute(fromCwd)) return GROUP_SCHEMA_URL;
  return relative(fileDir, schema).split(sep).join('/');
}
