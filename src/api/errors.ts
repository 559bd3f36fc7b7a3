/**
 * Typed failures of the GTI client (gti-api.md §11, octokit's RequestError as the model). Every
 * one names the method and the path (relative to the base URL, without the query, with the API key
 * replaced by `<apikey>`); the client builds them from already-redacted text only.
 */
import { GtiSyncError } from '../model/errors.js';
import { apiErrorCode, type ErrorCode } from '../model/error-codes.js';

/** What every API failure carries besides its code and message. */
export interface ApiErrorDetails {
  method: string;
  /** Path relative to the base URL, without query string, the key shown as `<apikey>`. */
  path: string;
  /** HTTP status, when a response arrived. */
  status?: number;
  /** The API's `error.code` (e.g. `ForbiddenError`), when the body carried one. */
  apiCode?: string;
  /** The API's `error.message` (redacted), when the body carried one. */
  apiMessage?: string;
  cause?: unknown;
}

/**
 * A request that failed after the retry policy. `code` is `API_<ApiCode>` for an API error answer
 * (`API_HTTP_<status>` when the body named no code of gti-api.md §11), or `NETWORK_ERROR`, `TIMEOUT`,
 * `QUOTA_EXCEEDED`, `BAD_RESPONSE` (the subclasses below).
 */
export class ApiError extends GtiSyncError {
  readonly method: string;
  readonly path: string;
  readonly status: number | undefined;
  readonly apiCode: string | undefined;
  readonly apiMessage: string | undefined;

  constructor(code: ErrorCode, message: string, details: ApiErrorDetails) {
    super(code, message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'ApiError';
    this.method = details.method;
    this.path = details.path;
    this.status = details.status;
    this.apiCode = details.apiCode;
    this.apiMessage = details.apiMessage;
  }
}

/** The connection failed (reset, closed, refused, DNS): `NETWORK_ERROR`, with a redacted cause. */
export class NetworkError extends ApiError {
  constructor(message: string, details: ApiErrorDetails) {
    super('NETWORK_ERROR', message, details);
    this.name = 'NetworkError';
  }
}

/** An https request to a server that does not speak TLS there: `TLS_MISMATCH`, not retried. */
export class TlsMismatchError extends ApiError {
  constructor(message: string, details: ApiErrorDetails) {
    super('TLS_MISMATCH', message, details);
    this.name = 'TlsMismatchError';
  }
}

/** No complete answer within the per-request timeout: `TIMEOUT`. */
export class TimeoutError extends ApiError {
  constructor(message: string, details: ApiErrorDetails) {
    super('TIMEOUT', message, details);
    this.name = 'TimeoutError';
  }
}

/** A `QuotaExceededError` that persisted through the bounded retries: `QUOTA_EXCEEDED`. */
export class QuotaExhaustedError extends ApiError {
  constructor(message: string, details: ApiErrorDetails) {
    super('QUOTA_EXCEEDED', message, details);
    this.name = 'QuotaExhaustedError';
  }
}

/** A success answer the client cannot use (not JSON, wrong shape, a repeated cursor): `BAD_RESPONSE`. */
export class BadResponseError extends ApiError {
  constructor(message: string, details: ApiErrorDetails) {
    super('BAD_RESPONSE', message, details);
    this.name = 'BadResponseError';
  }
}

/**
 * Builds the error for an HTTP error answer: `GET /groups/acme_soc/users: 403 ForbiddenError: <msg>`.
 * `apiCode`/`apiMessage` come from the body `{"error": {"code", "message"}}` when it had them.
 */
export function createHttpError(details: ApiErrorDetails & { status: number }): ApiError {
  const what = details.apiCode ?? 'HTTP error';
  const tail = (details.apiMessage ? `: ${details.apiMessage}` : '') + rateHint(details.apiCode);
  const named = details.apiCode === undefined ? undefined : apiErrorCode(details.apiCode);
  const code = named ?? `API_HTTP_${details.status}`;
  return new ApiError(
    code,
    `${details.method} ${details.path}: ${details.status} ${what}${tail}`,
    details,
  );
}

/** What a 429 `TooManyRequestsError` means for the user: the per-minute rate, not a quota. */
function rateHint(apiCode: string | undefined): string {
  return apiCode === 'TooManyRequestsError'
    ? ' (the API rate limit: too many requests a minute or at once, not a spent quota; ' +
        'lower --concurrency or --max-rps)'
    : '';
}

/** An answer over the size limit, on the wire or decompressed: `RESPONSE_TOO_LARGE`, not retried. */
export class ResponseTooLargeError extends ApiError {
  constructor(message: string, details: ApiErrorDetails) {
    super('RESPONSE_TOO_LARGE', message, details);
    this.name = 'ResponseTooLargeError';
  }
}

/** A listing over the page limit: `TOO_MANY_PAGES`, not retried. */
export class TooManyPagesError extends ApiError {
  constructor(message: string, details: ApiErrorDetails) {
    super('TOO_MANY_PAGES', message, details);
    this.name = 'TooManyPagesError';
  }
}

/** The run's time budget for API work is spent: `TIME_BUDGET_EXCEEDED`, not retried. */
export class TimeBudgetError extends ApiError {
  constructor(message: string, details: ApiErrorDetails) {
    super('TIME_BUDGET_EXCEEDED', message, details);
    this.name = 'TimeBudgetError';
  }
}
