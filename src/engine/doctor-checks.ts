/**
 * The parts of `doctor` its probes share: how one read is asked, and how a failure or an
 * unreadable answer becomes a check line.
 */
import type { ApiError } from '../api/errors.js';
import { isRecord } from '../api/body.js';
import type { ErrorCode } from '../model/error-codes.js';
import type { DoctorCheck } from '../model/doctor-report.js';

/** One answer: the body, or the client's error. */
export type Answer = { ok: true; body: unknown } | { ok: false; error: ApiError };

/** Asks one read endpoint (`file` names the recorded answer). */
export type Ask = (
  file: string,
  route: string,
  params: Record<string, string>,
  query?: Record<string, string>,
) => Promise<Answer>;

/** The probe's context for the reads after the three preconditions. */
export interface ProbeContext {
  ask: Ask;
  gid: string;
  callerId: string;
  /** `YYYY-MM-DD` bounds of the `api_usage` request (30 days ending today). */
  usageRange: { from: string; to: string };
  month: string;
  pageSize: string;
  memberAttributes: string;
}

/** A check for a failed request: `denied` for 403, `failed` otherwise, with the client's code. */
export function failedCheck(
  name: string,
  error: ApiError,
  consequence: string,
  code: ErrorCode = error.code,
): DoctorCheck {
  const status = error.status === 403 ? 'denied' : 'failed';
  return { name, status, code, detail: `${error.message}: ${consequence}` };
}

/** A check for an answer gti-sync cannot read. */
export function unreadableCheck(name: string, what: string): DoctorCheck {
  return {
    name,
    status: 'failed',
    code: 'BAD_RESPONSE',
    detail: `${what} answered in a shape gti-sync cannot read: please report it (see --record)`,
  };
}

/** `data` of `{"data": …}`. */
export function readData(body: unknown): unknown {
  return isRecord(body) ? body['data'] : undefined;
}
