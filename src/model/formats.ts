/**
 * The output formats each command accepts, here so the command line can describe and check
 * `--format` without loading a renderer (`--help` stays fast). The reports' formats are
 * REPORT_FORMATS (reports.ts).
 */

/** The output formats of `plan`. */
export const PLAN_FORMATS = ['text', 'json', 'markdown'] as const;
/** One of PLAN_FORMATS. */
export type PlanFormat = (typeof PLAN_FORMATS)[number];

/** The output formats of `validate`. */
export const PROBLEM_FORMATS = ['text', 'json', 'github'] as const;
/** One of PROBLEM_FORMATS. */
export type ProblemFormat = (typeof PROBLEM_FORMATS)[number];

/** The report formats of `apply`. */
export const APPLY_FORMATS = ['text', 'json'] as const;
