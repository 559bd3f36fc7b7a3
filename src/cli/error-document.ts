/**
 * The failure document of `--format json` (design §2): one JSON document on stdout, beside the
 * one-line error on stderr, so a script that parses stdout sees why the run failed.
 */
import { ConfigError, type GtiSyncError } from '../model/errors.js';

/** `{"version":1,"error":{"code","message","location"?,"problems"?}}` for `error`, with a newline. */
export function renderErrorDocument(error: GtiSyncError): string {
  const body: Record<string, unknown> = { code: error.code, message: error.message };
  if (error.location !== undefined) body.location = error.location;
  if (error instanceof ConfigError) {
    body.problems = error.problems.map(({ file, line, col, code, message }) => ({
      file,
      line,
      col,
      code,
      message,
    }));
  }
  return `${JSON.stringify({ version: 1, error: body }, null, 2)}\n`;
}

/**
 * Whether the command line asks for `--format json` (read from argv for the errors commander
 * raises before any action runs, when no parsed option exists yet).
 */
export function argvAsksJson(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  const args = end === -1 ? argv : argv.slice(0, end);
  return args.some(
    (arg, i) => arg === '--format=json' || (arg === '--format' && args[i + 1] === 'json'),
  );
}
