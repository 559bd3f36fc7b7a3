/**
 * Renderers for the result of `gti-sync validate`: text (`FILE:LINE:COL CODE message`), JSON (one
 * document; `ValidationReport` is its contract) and GitHub workflow annotations. Pure functions.
 */
import { escapeControl } from '../model/escape-control.js';
import type { Problem } from '../model/errors.js';
import type { ProblemFormat } from '../model/formats.js';
import { paint } from './color.js';

/** The outcome of validating one file. */
interface FileValidation {
  file: string;
  /** True when no problem is an error (warnings allowed). */
  valid: boolean;
  problems: Problem[];
}

/** The outcome of validating every file: the `--format json` document. */
export interface ValidationReport {
  /** True when every file is valid. */
  valid: boolean;
  files: FileValidation[];
}

export { PROBLEM_FORMATS, type ProblemFormat } from '../model/formats.js';

/** Builds the report of several files' problems. */
export function buildValidationReport(
  files: readonly { file: string; problems: Problem[] }[],
): ValidationReport {
  const validated = files.map(({ file, problems }) => ({
    file,
    valid: !problems.some((p) => p.severity === 'error'),
    problems,
  }));
  return { valid: validated.every((f) => f.valid), files: validated };
}

/** Renders `report` in `format`; the text ends with a newline. */
export function renderValidationReport(
  report: ValidationReport,
  format: ProblemFormat,
  color = false,
): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'github':
      return renderLines(report, formatAnnotation);
    case 'text':
      return color ? renderColored(report) : renderLines(report, formatProblem);
  }
}

/** `FILE:LINE:COL CODE message` for an error, `FILE:LINE:COL warning CODE message` for a warning. */
export function formatProblem(p: Problem): string {
  const mark = p.severity === 'warning' ? 'warning ' : '';
  return `${escapeControl(p.file)}:${p.line}:${p.col} ${mark}${p.code} ${escapeControl(p.message)}`;
}

/** A GitHub workflow command: `::error file=F,line=L,col=C,title=CODE::message` (or `::warning`). */
export function formatAnnotation(p: Problem): string {
  const properties = [
    `file=${escapeProperty(p.file)}`,
    `line=${p.line}`,
    `col=${p.col}`,
    `title=${escapeProperty(p.code)}`,
  ];
  return `::${p.severity} ${properties.join(',')}::${escapeData(p.message)}`;
}

/** The summary line of one file: `FILE: valid`, `FILE: valid (1 warning)`, `FILE: invalid (2 errors)`. */
function formatSummary(f: FileValidation): string {
  const errors = f.problems.filter((p) => p.severity === 'error').length;
  const warnings = f.problems.length - errors;
  const counts = [plural(errors, 'error'), plural(warnings, 'warning')].filter((c) => c !== '');
  const detail = counts.length === 0 ? '' : ` (${counts.join(', ')})`;
  return `${f.file}: ${f.valid ? 'valid' : 'invalid'}${detail}`;
}

function renderLines(report: ValidationReport, format: (p: Problem) => string): string {
  const lines = report.files.flatMap((f) => [...f.problems.map(format), formatSummary(f)]);
  return lines.map((line) => `${line}\n`).join('');
}

/** Text with ANSI colour: error codes red, warnings yellow, the summary green or red. */
function renderColored(report: ValidationReport): string {
  const lines = report.files.flatMap((f) => [
    ...f.problems.map((p) => {
      const where = `${escapeControl(p.file)}:${p.line}:${p.col}`;
      const what =
        p.severity === 'warning'
          ? paint('yellow', `warning ${p.code}`, true)
          : paint('red', p.code, true);
      return `${paint('bold', where, true)} ${what} ${escapeControl(p.message)}`;
    }),
    paint(f.valid ? 'green' : 'red', formatSummary(f), true),
  ]);
  return lines.map((line) => `${line}\n`).join('');
}

function plural(n: number, word: string): string {
  if (n === 0) return '';
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Workflow-command data escaping (as in @actions/core). */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow-command property escaping: data escaping plus `:` and `,`. */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
