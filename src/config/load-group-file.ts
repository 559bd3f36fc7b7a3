/**
 * The one group-file loader: read + parse + validate. Every command that reads a group file (plan,
 * apply, audit, export --diff) goes through `loadGroupFile`; `validate` reads with `readGroupFile`
 * and reports every problem itself.
 */
import { resolve } from 'node:path';
import { ConfigError, GtiSyncError } from '../model/errors.js';
import { parseGroupFile } from './parse-group-file.js';
import { MAX_YAML_BYTES } from './yaml.js';
import { BoundedReadError, readBoundedFile } from './read-bounded-file.js';
import type { GroupConfig } from '../model/group-config.js';
import type { Problem } from '../model/errors.js';

export { DEFAULT_GROUP_FILE } from '../model/group-config.js';

/** A valid group file: the normalised config, its warnings, and the text it was read from. */
export interface LoadedGroupFile {
  config: GroupConfig;
  /** Every warning (severity `warning`) in file order, EXPIRING included; the caller prints them. */
  warnings: Problem[];
  text: string;
}

/**
 * Reads, parses and validates the group file at `path` (relative paths resolve against
 * `options.cwd`, default the process's) as of `options.now`. Throws GtiSyncError FILE_NOT_FOUND /
 * FILE_UNREADABLE when the file cannot be read, ConfigError (every error problem) when it is
 * invalid; returns the warnings as data (this never prints).
 */
export async function loadGroupFile(
  path: string,
  options: { now?: Date; cwd?: string } = {},
): Promise<LoadedGroupFile> {
  const text = await readGroupFile(path, options.cwd);
  const { config, problems } = parseGroupFile(
    text,
    path,
    options.now === undefined ? {} : { now: options.now },
  );
  if (config === null) throw new ConfigError(problems.filter((p) => p.severity === 'error'));
  return { config, warnings: problems.filter((p) => p.severity === 'warning'), text };
}

/**
 * The text of the file at `path`, or a GtiSyncError whose `location` is `path` (so its message
 * does not repeat it): FILE_NOT_FOUND when there is no such file,
 * FILE_UNREADABLE otherwise (a directory, no permission, not UTF-8 text...); a ConfigError
 * YAML_TOO_LARGE for a file over the YAML size limit (counted as read, whatever `stat` says);
 * NOT_A_FILE for a directory, FIFO or device (read through `readBoundedFile`).
 */
export async function readGroupFile(path: string, cwd?: string): Promise<string> {
  const absolute = resolve(cwd ?? process.cwd(), path);
  let bytes: Buffer;
  try {
    bytes = await readBoundedFile(absolute, MAX_YAML_BYTES);
  } catch (cause) {
    if (cause instanceof BoundedReadError && cause.reason === 'too-large') {
      const message = `${cause.message} (1 MiB)`;
      throw new ConfigError([
        { file: path, line: 1, col: 1, code: 'YAML_TOO_LARGE', message, severity: 'error' },
      ]);
    }
    if (cause instanceof BoundedReadError && cause.reason === 'directory') {
      throw new GtiSyncError('FILE_UNREADABLE', 'cannot read the file: it is a directory', {
        location: path,
        cause,
      });
    }
    if (cause instanceof BoundedReadError) {
      throw new GtiSyncError('NOT_A_FILE', `cannot read the file: ${cause.message}`, {
        location: path,
        cause,
      });
    }
    const code = errnoCode(cause);
    if (code === 'ENOENT') {
      throw new GtiSyncError('FILE_NOT_FOUND', 'no such file', { location: path, cause });
    }
    const reason =
      code === 'EISDIR'
        ? 'it is a directory'
        : code === 'EACCES'
          ? 'permission denied'
          : String(code ?? cause);
    throw new GtiSyncError('FILE_UNREADABLE', `cannot read the file: ${reason}`, {
      location: path,
      cause,
    });
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (cause) {
    throw new GtiSyncError('FILE_UNREADABLE', 'cannot read the file: it is not UTF-8 text', {
      location: path,
      cause,
    });
  }
}

function errnoCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code: unknown = Reflect.get(error, 'code');
  return typeof code === 'string' ? code : undefined;
}
