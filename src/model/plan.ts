/** The plan: the JSON contract of design §3 (schema/plan.schema.json). */
import type { Operation, OperationKind } from './operation.js';

export const FINDING_KINDS = [
  'no_2fa',
  'undeclared_admin',
  'undeclared_member',
  'undeclared_service_account',
  'expiring',
  'cap_below_use',
  'pending_invitation',
  'unknown_2fa',
  'unknown_roles',
  'inactive_member',
  'stale_invitation',
  'unknown_lifecycle',
] as const;

/**
 * A finding kind. Kinds starting with `unknown_` say what the API would not tell; they never make
 * `--detailed-exitcode` return 2 on their own (design §2).
 */
export type FindingKind = (typeof FINDING_KINDS)[number];

/** Something no operation can fix, reported by plan and audit. */
export interface Finding {
  kind: FindingKind;
  /** The member's email; `null` for group-level findings and service accounts. */
  email: string | null;
  user_id: string | null;
  /** The service account's name, for findings about one. */
  service_account?: string;
  message: string;
  /** Who made the undeclared change, from the activity log (audit). */
  actor?: string;
  /** When (ISO 8601, UTC), from the activity log (audit). */
  date?: string;
}

/** Whether a finding only says what could not be known (`unknown_*`). */
export function isUnknownFinding(finding: Pick<Finding, 'kind'>): boolean {
  return finding.kind.startsWith('unknown_');
}

export const SAFETY_CODES = [
  'TOO_MANY_REMOVALS',
  'BELOW_MIN_ADMINS',
  'REMOVES_CALLER',
  'DEMOTES_CALLER',
  'TOUCHES_PROTECTED',
  'ID_MISMATCH',
] as const;

export type SafetyCode = (typeof SAFETY_CODES)[number];

/**
 * A safety rule the plan breaks. `overridable`: `--force` passes it (only TOO_MANY_REMOVALS).
 * `ID_MISMATCH`: a member's pinned `id` disagrees with the live user of that email or id; the plan
 * leaves that entry alone and apply refuses until the file or the group is corrected.
 */
export interface SafetyFailure {
  code: SafetyCode;
  message: string;
  overridable: boolean;
}

/** The version of the saved plan's format (design §2 "Versioned outputs"). */
export const PLAN_VERSION = 1;

/** The plan: the JSON contract of design §3. */
export interface Plan {
  version: typeof PLAN_VERSION;
  group: string;
  fingerprint: string;
  operations: Operation[];
  findings: Finding[];
  safety: SafetyFailure[];
  summary: Record<OperationKind, number>;
  /**
   * Present only on a partial plan (`--target`, `--only`, `--no-removals`): what was asked for and
   * how many operations of each kind were left out. The fingerprint covers it.
   */
  selection?: PlanSelection;
  /**
   * The group file the plan was made from: its path as named on the command line and the SHA-256
   * of its text. Not fingerprinted: apply reads it only to say why a saved plan is stale.
   */
  source?: PlanSource;
}

/** Where a plan came from (see `Plan.source`). */
interface PlanSource {
  file: string;
  /** Lower-case hex SHA-256 of the file's text as read (UTF-8). */
  sha256: string;
}

/** What a targeted run asked for (`plan`/`apply` `--target`, `--only`, `--no-removals`). */
export interface SelectionRequest {
  /** Emails, user ids or service-account names, as given (matched case-insensitively). */
  targets: string[];
  /** Operation kinds kept; empty: every kind. */
  only: OperationKind[];
  /** Whether `remove_member` operations are dropped. */
  no_removals: boolean;
}

/** The selection a partial plan records: the request and the counts it left out. */
export interface PlanSelection extends SelectionRequest {
  left_out: Record<OperationKind, number>;
}

/** Whether `request` selects anything (else the plan is whole). */
export function isPartialRequest(
  request: SelectionRequest | undefined,
): request is SelectionRequest {
  return (
    request !== undefined &&
    (request.targets.length > 0 || request.only.length > 0 || request.no_removals)
  );
}
