/**
 * The one way gti-sync reads a file it was given (group files, saved plans, the API key file,
 * emulator seeds): only a regular file
 * (a symlink to one is fine), opened without blocking so a FIFO cannot hang, and read through a
 * byte count that stops at the limit even when `stat` says less (a device such as /dev/zero).
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/** Why a bounded read refused a file (the caller turns it into its own error code). */
export class BoundedReadError extends Error {
  constructor(
    readonly reason: 'directory' | 'not-a-file' | 'too-large',
    message: string,
  ) {
    super(message);
    this.name = 'BoundedReadError';
  }
}

/**
 * The bytes of the regular file at `absolute`, at most `maxBytes`. Throws `BoundedReadError`
 * `directory`, `not-a-file` (a FIFO, socket or device) or `too-large` (past `maxBytes`, however
 * the file reports its size); other failures (ENOENT, EACCES) are thrown as they come.
 */
export async function readBoundedFile(absolute: string, maxBytes: number): Promise<Buffer> {
  const handle = await open(absolute, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new BoundedReadError('directory', 'it is a directory');
    if (!info.isFile()) {
      throw new BoundedReadError('not-a-file', `not a regular file (${kindOf(info)})`);
    }
    if (info.size > maxBytes) {
      throw new BoundedReadError(
        'too-large',
        `file is ${info.size} bytes; the limit is ${maxBytes}`,
      );
    }
    const chunks: Buffer[] = [];
    let total = 0;
    const buffer = Buffer.alloc(64 * 1024);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) {
        throw new BoundedReadError('too-large', `file is over the limit of ${maxBytes} bytes`);
      }
      chunks.push(Buffer.from(buffer.subarray(0, bytesRead)));
    }
    return Buffer.concat(chunks, total);
  } finally {
    await handle.close();
  }
}

function kindOf(info: {
  isDirectory(): boolean;
  isFIFO(): boolean;
  isSocket(): boolean;
  isCharacterDevice(): boolean;
  isBlockDevice(): boolean;
}): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}
