/**
 * Response bodies as they arrive: undici does not decompress, and the API (or a
 * proxy in front of it) may or may not compress, so the client honours `Content-Encoding` exactly
 * and assumes nothing (gti-api.md §11: official clients once broke on a 429 that was not gzip).
 */
import { promisify } from 'node:util';
import {
  brotliDecompress,
  brotliDecompressSync,
  gunzip,
  gunzipSync,
  inflate,
  inflateRaw,
  inflateRawSync,
  inflateSync,
} from 'node:zlib';

const gunzipAsync = promisify(gunzip);
const inflateAsync = promisify(inflate);
const inflateRawAsync = promisify(inflateRaw);
const brotliAsync = promisify(brotliDecompress);

/** A body past the size limit, on the wire or once decompressed. */
export class BodyTooLargeError extends Error {
  constructor(readonly stage: 'on the wire' | 'decompressed') {
    super(`a body over the limit ${stage}`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Undoes `Content-Encoding` (a comma-separated list, applied in order, so undone in reverse):
 * `gzip`/`x-gzip`, `deflate` (zlib-wrapped or raw), `br`, `identity`. Each step stops as soon as
 * its output passes `maxBytes` (zlib's `maxOutputLength`), throwing `BodyTooLargeError`, so a
 * gzip bomb costs at most the limit. Throws on an unknown coding or a body that does not decode.
 */
export async function decodeBody(
  raw: Buffer,
  contentEncoding: string | undefined,
  maxBytes = Number.MAX_SAFE_INTEGER,
): Promise<Buffer> {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  let body = raw;
  for (const coding of codings.reverse()) {
    if (body.length === 0) return body;
    body = await decodeOne(body, coding, Math.min(maxBytes, MAX_ZLIB_OUTPUT)).catch(
      (error: unknown) => {
        throw isTooLarge(error) ? new BodyTooLargeError('decompressed') : error;
      },
    );
  }
  return body;
}

// zlib refuses a maxOutputLength above buffer.kMaxLength.
const MAX_ZLIB_OUTPUT = 2 ** 31 - 1;

function isTooLarge(error: unknown): boolean {
  return (
    error instanceof BodyTooLargeError ||
    (error instanceof RangeError && Reflect.get(error, 'code') === 'ERR_BUFFER_TOO_LARGE')
  );
}

/**
 * Compressed bodies up to this size are decoded at once on the main thread: for the API's pages
 * (a few KiB) the thread pool's round trip costs about three times the decoding itself (measured:
 * 144 pages, 13 ms synchronously, 42 ms of CPU through the pool). Larger ones go to the pool, and
 * so does one that decodes to more than SYNC_DECODE_MAX_OUTPUT (a small body can expand to the
 * whole limit: the main thread never inflates more than that at once).
 */
const SYNC_DECODE_MAX_BYTES = 64 * 1024;
const SYNC_DECODE_MAX_OUTPUT = 1024 * 1024;

/** The zlib calls of one coding, in both forms. */
interface Decoder {
  sync: (body: Buffer, options: { maxOutputLength: number }) => Buffer;
  async: (body: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>;
}

const GZIP: Decoder = { sync: gunzipSync, async: gunzipAsync };
const INFLATE: Decoder = { sync: inflateSync, async: inflateAsync };
const INFLATE_RAW: Decoder = { sync: inflateRawSync, async: inflateRawAsync };
const BROTLI: Decoder = { sync: brotliDecompressSync, async: brotliAsync };

async function decodeOne(body: Buffer, coding: string, maxOutputLength: number): Promise<Buffer> {
  const options = { maxOutputLength };
  const run = async (decoder: Decoder): Promise<Buffer> => {
    if (body.length > SYNC_DECODE_MAX_BYTES) return decoder.async(body, options);
    const cap = Math.min(maxOutputLength, SYNC_DECODE_MAX_OUTPUT);
    try {
      return decoder.sync(body, { maxOutputLength: cap });
    } catch (error) {
      if (cap < maxOutputLength && isTooLarge(error)) return decoder.async(body, options);
      throw error;
    }
  };
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return run(GZIP);
    case 'deflate':
      // Servers disagree on whether "deflate" means zlib-wrapped or raw.
      return run(INFLATE).catch((error: unknown) => {
        if (isTooLarge(error)) throw error;
        return run(INFLATE_RAW);
      });
    case 'br':
      return run(BROTLI);
    default:
      throw new Error(`unsupported Content-Encoding "${coding}"`);
  }
}

/** The outcome of reading a body as JSON: empty, a value, or not JSON. */
export type JsonBody =
  { kind: 'empty' } | { kind: 'json'; value: unknown } | { kind: 'invalid'; reason: string };

/** Parses a decoded body; whitespace only counts as empty. */
export function parseJsonBody(body: Buffer): JsonBody {
  const text = body.toString('utf8');
  if (text.trim() === '') return { kind: 'empty' };
  try {
    const value: unknown = JSON.parse(text);
    return { kind: 'json', value };
  } catch (error) {
    return { kind: 'invalid', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The API's `{"error": {"code", "message"}}`, when the value has that shape. */
export function readApiError(value: unknown): {
  code: string | undefined;
  message: string | undefined;
} {
  if (!isRecord(value) || !isRecord(value['error'])) return { code: undefined, message: undefined };
  const { code, message } = value['error'];
  return {
    // The API's codes are words such as `ForbiddenError`: anything else (a key, a number) is dropped.
    code: typeof code === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(code) ? code : undefined,
    message: typeof message === 'string' ? message : undefined,
  };
}

/** A plain JSON object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
