/**
 * `gti-sync export [--group ID] [-o FILE] [--diff FILE]` (design §1, §2): the live group as a valid,
 * sorted, commented group file on which `plan` shows no change; or, with `--diff`, a unified diff
 * from FILE to FILE edited to match the live group (src/yaml-edit/adopt-live-group.ts): only real
 * drift, and adopting it is safe. `--detailed-exitcode` exits 2 when there is drift (`plan` on FILE
 * has an operation), even where `plan` would refuse its plan (UNSAFE_PLAN): nothing is applied.
 */
import { writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { createTwoFilesPatch } from 'diff';
import { ConfigError, GtiSyncError, UsageError } from '../../model/errors.js';
import type { CliContext } from '../io.js';
import { currentTime } from '../now.js';
import { addConnectionOptions } from '../connection-options.js';
import type { ConnectionOptions } from '../connection-options.js';
import { withClient } from './usage.js';
import { DEFAULT_API_URL } from '../../api/connection.js';
import { readGroupFile } from '../../config/load-group-file.js';
import { parseGroupFile } from '../../config/parse-group-file.js';
import type { GroupConfig } from '../../model/group-config.js';
import { readLiveGroup } from '../../live/read-live-group.js';
import { diffGroup } from '../../plan/diff-group.js';
import { adoptLiveGroup, restyledNote } from '../../yaml-edit/adopt-live-group.js';
import { resolveReportGroup } from '../../report/report-options.js';
import { restoreLineEnds } from '../../yaml-edit/restore-line-ends.js';
import { GROUP_SCHEMA_URL } from '../../render/render-export.js';
import { render } from '../../render/render.js';
import { formatProblem } from '../../render/render-problems.js';
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
      .option(
        '--diff <file>',
        'print instead a unified diff from FILE to FILE edited to match the live group (only drift)',
      )
      .option(
        '--detailed-exitcode',
        'with --diff: exit 2 when there is drift (plan on FILE has an operation), else 0',
      ),
  ).action(async (flags: ExportFlags) => {
    if (flags.output !== undefined && flags.diff !== undefined) {
      throw new GtiSyncError('BAD_USAGE', '-o/--output and --diff cannot be used together');
    }
    if (flags.diff !== undefined) return diffWithLive(flags.diff, flags, ctx);
    const now = currentTime(ctx.io.env);
    const gid = await resolveReportGroup(flags.group, ctx.io.cwd);
    const live = await withClient(flags, ctx, (api) => readLiveGroup(api, gid, { now }));
    const source = describeSource(flags.apiUrl || ctx.io.env['GTI_API_URL'] || DEFAULT_API_URL);
    const schema = schemaReference(
      flags.output === undefined ? ctx.io.cwd : dirname(resolve(ctx.io.cwd, flags.output)),
      ctx.io.cwd,
    );
    const text = render(
      'export',
      { live, meta: { now, source, version: VERSION, schema } },
      { format: 'yaml', color: false },
    );
    if (flags.output !== undefined) {
      await writeOutput(
        resolve(ctx.io.cwd, flags.output),
        ctx.secrets?.redact(text) ?? text,
        flags.output,
      );
      ctx.io.stderr.write(
        `gti-sync: wrote ${flags.output}: ${live.members.length} members, ${live.serviceAccounts.length} service accounts\n`,
      );
      return;
    }
    ctx.io.stdout.write(text);
  });
}

/**
 * `export --diff FILE`: the group is FILE's. FILE is read and checked as `plan` reads it, before
 * any request; the live group is read as `plan` reads it (pending invitations included).
 */
async function diffWithLive(file: string, flags: ExportFlags, ctx: CliContext): Promise<void> {
  const now = currentTime(ctx.io.env);
  // Line ends are not drift: a checkout on Windows has CRLF where the file is read as LF. The
  // edited file gets FILE's line ends back, so the diff applies to FILE as it is.
  const original = await readGroupFile(file, ctx.io.cwd);
  const text = original.replace(/\r\n/g, '\n');
  const config = readConfig(text, file, now, ctx);
  if (flags.group !== undefined && flags.group !== '' && flags.group !== config.group) {
    throw new UsageError(
      `--group ${flags.group} is not the group of ${file} (${config.group}); leave --group out`,
    );
  }
  const lookFor = new Set(config.members.map((m) => m.key));
  const live = await withClient(flags, ctx, (api) =>
    readLiveGroup(api, config.group, { now, lookFor }),
  );
  const edited = adoptLiveGroup(text, config, live, now);
  if (edited.restyled)
    ctx.io.stderr.write(`gti-sync: warning: ${restyledNote(file, edited.reason)}\n`);
  const adopted = restoreLineEnds(original, edited.text);
  if (adopted !== original) {
    // Both sides name FILE, so `git apply` and `patch` apply the diff to it.
    const label = `live group ${config.group}`;
    const patch = createTwoFilesPatch(file, file, original, adopted, '', label);
    ctx.io.stdout.write(patch);
  }
  if (flags.detailedExitcode === true && diffGroup(config, live, now).length > 0) ctx.exitCode = 2;
}

/** FILE as `plan` reads it: ConfigError with every problem; warnings (but expiry) on stderr. */
function readConfig(text: string, file: string, now: Date, ctx: CliContext): GroupConfig {
  const { config, problems } = parseGroupFile(text, file, { now });
  if (config === null) throw new ConfigError(problems.filter((p) => p.severity === 'error'));
  for (const problem of problems) {
    if (problem.code !== 'EXPIRING') ctx.io.stderr.write(`${formatProblem(problem)}\n`);
  }
  return config;
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
