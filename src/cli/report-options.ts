/**
 * Command-line options of the reports (`audit`, `usage`): the `--format` check and how text output
 * fits the terminal.
 */
import { checkFormat } from '../check-format.js';
import { colorEnabled } from '../render/color.js';
import { REPORT_FORMATS } from '../model/reports.js';
import type { ReportFormat, TextOptions } from '../model/reports.js';

/** Checks `--format`: one of `allowed` (default all four), else UsageError `BAD_FORMAT`. */
export function parseReportFormat(
  value: string,
  allowed: readonly ReportFormat[] = REPORT_FORMATS,
): ReportFormat {
  return checkFormat(value, allowed);
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
  // Tables fit a terminal (or COLUMNS when set); into a pipe or a file they keep full lines.
  const fits = Number.isFinite(fromEnv) || io.stdoutIsTTY;
  return {
    width,
    color: colorEnabled({ env: io.env, isTTY: io.stdoutIsTTY }),
    tableWidth: fits ? width : undefined,
  };
}
