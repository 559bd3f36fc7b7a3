/**
 * A run over several group files (issue 12): one entry per group that ran, one error per group
 * that failed. Saved and printed as JSON by `plan`/`apply` with several files or a directory
 * (schema/multi-plan.schema.json, schema/multi-apply.schema.json).
 */
import type { Problem } from './errors.js';
import type { Plan } from './plan.js';
import type { AuditReport } from './reports.js';

/** Groups read and planned at once unless `--groups N` says otherwise. */
export const DEFAULT_GROUPS_IN_FLIGHT = 16;

/** One group that failed: which file, which group (when the file said), why. */
export interface GroupRunError {
  file: string;
  /** The group id, when the file could be read far enough to know it. */
  group: string | undefined;
  code: string;
  message: string;
  /** A file that failed validation: its problems. */
  problems?: Problem[];
}

/** The JSON of a multi-group plan (`plan --format json`, `plan --out`). */
export interface MultiPlan {
  version: 1;
  plans: Plan[];
  errors: GroupRunError[];
}

/** The JSON of a multi-group audit (`audit DIR --format json`). */
export interface MultiAudit {
  version: 1;
  audits: AuditReport[];
  errors: GroupRunError[];
}
