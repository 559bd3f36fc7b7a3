/**
 * The `--format` check every command shares, so each says the same thing the same way.
 */
import { UsageError } from './model/errors.js';

/**
 * `value` as one of `allowed`, or UsageError BAD_FORMAT with the wording every command uses:
 * `--format must be one of text, json, got "xml"`.
 */
export function checkFormat<T extends string>(value: string, allowed: readonly T[]): T {
  const format = allowed.find((name) => name === value);
  if (format === undefined) {
    throw new UsageError(
      `--format must be one of ${allowed.join(', ')}, got "${value}"`,
      'BAD_FORMAT',
    );
  }
  return format;
}
