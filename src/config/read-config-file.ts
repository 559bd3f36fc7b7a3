/** Reading one YAML file (a group file or a baseline) within the size limit, as UTF-8 text. */
import { resolve } from 'node:path';
import { ConfigError, GtiSyncError } from '../model/errors.js';
import { MAX_YAML_BYTES } from './yaml.js';
import { BoundedReadError, readBoundedFile } from '../files/read-bounded-file.js';

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
