/**
 * `export` (design §1, §2): the live group, to be written as a group file; or, with `diff`, a
 * unified diff from FILE to FILE edited to match the live group (src/yaml-edit/adopt-live-group.ts):
 * only real drift, and adopting it is safe.
 */
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { DEFAULT_API_URL } from '../api/connection.js';
import { readLiveGroup } from '../live/read-live-group.js';
import { UsageError } from '../model/errors.js';
import type { GroupConfig } from '../model/group-config.js';
import type { LiveGroup } from '../model/live-group.js';
import { packageRoot } from '../package-root.js';
import { diffGroup } from '../plan/diff-group.js';
import { adoptLiveGroup } from '../yaml-edit/adopt-live-group.js';
import { restoreLineEnds } from '../yaml-edit/restore-line-ends.js';
import { withClient } from './client.js';
import type { ClientHooks, ConnectionSettings } from './client.js';
import { readGroupLive, withGroupRun } from './group-run.js';
import type { GroupRunOptions } from './group-run.js';

/** The name `init` gives the group schema beside the file. */
const SCHEMA_FILE = 'group.schema.json';
import { resolveReportGroup } from './resolve-report-group.js';

/** The live group and what the exported file's header says about it. */
export interface ExportedGroup {
  live: LiveGroup;
  /** The API it was read from: origin and path only (never credentials or a query). */
  source: string;
  /**
   * The schema for the file's `yaml-language-server` comment, relative to the file's folder: a
   * `group.schema.json` beside the file (what `init` writes), else the one gti-sync ships when it
   * lives inside the working tree; undefined otherwise (no comment: the schema's `$id` is a name,
   * not a hosted URL, and a path into one machine's install would not work for the team).
   */
  schemaPath: string | undefined;
}

/**
 * Reads the live group of `group` (default: the `group` of ./group.yaml), for a file to be
 * written to `output` (relative to the working directory), else to stdout.
 */
export async function exportGroup(options: {
  group?: string | undefined;
  output?: string | undefined;
  now: Date;
  connection: ConnectionSettings;
  hooks?: ClientHooks | undefined;
}): Promise<ExportedGroup> {
  const { connection, now } = options;
  const gid = await resolveReportGroup(options.group, connection.cwd);
  const live = await withClient(connection, options.hooks ?? {}, (api) =>
    readLiveGroup(api, gid, { now }),
  );
  const apiUrl = connection.apiUrl || connection.env['GTI_API_URL'] || DEFAULT_API_URL;
  return {
    live,
    source: describeSource(apiUrl),
    schemaPath: schemaPath(
      options.output === undefined
        ? connection.cwd
        : dirname(resolve(connection.cwd, options.output)),
      connection.cwd,
    ),
  };
}

/** What `export --diff FILE` found. */
export interface ExportDiff {
  /** The unified diff from FILE to FILE adopting the live group; '' when there is no drift. */
  patch: string;
  /** Whether `plan` on FILE has an operation (even one apply would refuse). */
  drift: boolean;
  /** Why FILE could not be edited in place and was restyled instead; absent when it was edited. */
  restyled?: string;
}

/**
 * `export --diff FILE`: the group is FILE's (`group`, when given, must agree: UsageError). FILE is
 * loaded and checked as `plan` loads it, before any request; the live group is read as `plan`
 * reads it (pending invitations included).
 */
export async function diffGroupFile(
  options: GroupRunOptions & { group?: string | undefined },
): Promise<ExportDiff> {
  const checkConfig = (config: GroupConfig): void => {
    if (options.group !== undefined && options.group !== '' && options.group !== config.group) {
      throw new UsageError(
        `--group ${options.group} is not the group of ${options.file} (${config.group}); leave --group out`,
      );
    }
  };
  return withGroupRun({ ...options, checkConfig }, async ({ config, text: original, api }) => {
    const live = await readGroupLive(api, config, options.now, true);
    // Line ends are not drift: a checkout on Windows has CRLF where the file is read as LF. The
    // edited file gets FILE's line ends back, so the diff applies to FILE as it is.
    const text = original.replace(/\r\n/g, '\n');
    const edited = adoptLiveGroup(text, config, live, options.now);
    const adopted = restoreLineEnds(original, edited.text);
    // Both sides name FILE, so `git apply` and `patch` apply the diff to it.
    const patch =
      adopted === original
        ? ''
        : createTwoFilesPatch(
            options.file,
            options.file,
            original,
            adopted,
            '',
            `live group ${config.group}`,
          );
    const drift = diffGroup(config, live, options.now).length > 0;
    return edited.restyled ? { patch, drift, restyled: edited.reason } : { patch, drift };
  });
}

/** The API URL as the header comment names it: origin and path only. */
function describeSource(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`.replace(/\/+$/, '');
  } catch {
    return DEFAULT_API_URL;
  }
}

/**
 * `./group.schema.json` when that file sits beside the exported file; else the schema gti-sync
 * ships, relative to `fileDir`, when gti-sync lives inside the working tree (a checkout, or
 * node_modules/gti-sync), so editors load it offline; otherwise undefined.
 */
function schemaPath(fileDir: string, cwd: string): string | undefined {
  if (existsSync(join(fileDir, SCHEMA_FILE))) return `./${SCHEMA_FILE}`;
  const schema = join(packageRoot(), 'schema', SCHEMA_FILE);
  const fromCwd = relative(cwd, schema);
  if (fromCwd.startsWith('..') || isAbsolute(fromCwd)) return undefined;
  return relative(fileDir, schema).split(sep).join('/');
}
