/**
 * Options shared by the report commands (`audit`, `usage`, `export`): the output format, the group
 * (defaulting to the `group` of `group.yaml`), and how text output fits the terminal.
 */
import { DEFAULT_GROUP_FILE, readGroupFile } from '../config/load-group-file.js';
import { checkFormat } from '../check-format.js';
import { parseYamlSafely } from '../config/yaml.js';
import { GtiSyncError } from '../model/errors.js';
import { ConfigError, UsageError } from '../model/errors.js';
import { REPORT_FORMATS } from '../model/reports.js';
import type { ReportFormat, TextOptions } from '../model/reports.js';
import { colorEnabled } from '../render/color.js';

/** Checks `--format`: one of `allowed` (default all four), else UsageError `BAD_FORMAT`. */
export function parseReportFormat(
  value: string,
  allowed: readonly ReportFormat[] = REPORT_FORMATS,
): ReportFormat {
  return checkFormat(value, allowed);
}

/**
 * The group a report is about: `--group` when given, else the `group` of `group.yaml` in `cwd`
 * (only that key is read; the rest of the file need not be valid). Throws UsageError `NO_GROUP`
 * when neither says, ConfigError when group.yaml is not readable YAML.
 */
export async function resolveReportGroup(given: string | undefined, cwd: string): Promise<string> {
  if (given !== undefined && given !== '') return given;
  let text: string;
  try {
    text = await readGroupFile(DEFAULT_GROUP_FILE, cwd);
  } catch (error) {
    if (error instanceof GtiSyncError && error.code === 'FILE_NOT_FOUND') {
      throw new UsageError(
        `--group is required (there is no ${DEFAULT_GROUP_FILE} here to take it from)`,
        'NO_GROUP',
      );
    }
    throw error;
  }
  const parsed = parseYamlSafely(text, DEFAULT_GROUP_FILE);
  if (parsed.problems.length > 0) throw new ConfigError(parsed.problems);
  const value: unknown = parsed.value;
  const group =
    typeof value === 'object' && value !== null && 'group' in value ? value.group : undefined;
  if (typeof group !== 'string' || group === '') {
    throw new UsageError(`--group is required (${DEFAULT_GROUP_FILE} names no group)`, 'NO_GROUP');
  }
  return group;
}

/**
 * Width (`COLUMNS` when set, else the terminal's width, else 80) and colour (`colorEnabled`:
 * `NO_COLOR` non-empty turns it off, `FORCE_COLOR` on, else only on a terminal).
 */
export function textOptionsOf(io: {
  env: Record<string, string | undefined>;
  stdoutIsTTY: boolean;
  stdoutColumns?: number | undefined;
}): TextOptions {
  const fromEnv = Number.parseInt(io.env['COLUMNS'] ?? '', 10);
  const columns = Number.isFinite(fromEnv) ? fromEnv : (io.stdoutColumns ?? Number.NaN);
  const width = Number.isFinite(columns) && columns >= 20 ? columns - 1 : 79;
  return { width, color: colorEnabled({ env: io.env, isTTY: io.stdoutIsTTY }) };
}
