/**
 * How the emulator answers: JSON bodies, empty successes, and API errors with the body of
 * gti-api.md §11 (`{"error": {"code", "message"}}`). Route code throws `ApiFailure`; the emulator
 * turns it into an answer.
 */

/** An API error answer: HTTP status, the API's error code and message, optional headers. */
export class ApiFailure extends Error {
  readonly status: number;
  readonly apiCode: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    status: number,
    apiCode: string,
    message: string,
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiFailure';
    this.status = status;
    this.apiCode = apiCode;
    this.headers = headers;
  }
}

/** 400 `BadRequestError`: malformed request, bad `limit`, bad date range, unsupported filter. */
export function badRequest(message: string): ApiFailure {
  return new ApiFailure(400, 'BadRequestError', message);
}

/** 400 `InvalidArgumentError`: not an email, unknown role, not a member. */
export function invalidArgument(message: string): ApiFailure {
  return new ApiFailure(400, 'InvalidArgumentError', message);
}

/** 403 `ForbiddenError`. */
export function forbidden(message: string): ApiFailure {
  return new ApiFailure(403, 'ForbiddenError', message);
}

/** 404 `NotFoundError`. */
export function notFound(message: string): ApiFailure {
  return new ApiFailure(404, 'NotFoundError', message);
}

/** 409 `AlreadyExistsError`. */
export function alreadyExists(message: string): ApiFailure {
  return new ApiFailure(409, 'AlreadyExistsError', message);
}

/**
 * An answer before it becomes a Fetch `Response` (msw, `Emulator.handle`) or an HTTP response (the
 * server, without a `Response` in between): status, headers, the body text (`null`: empty).
 */
export interface ApiAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | null;
}

/** A JSON answer. */
export function jsonAnswer(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): ApiAnswer {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

/** The answer to a successful write: 200 with an empty body (gti-api.md §2 Decision). */
export function emptyAnswer(): ApiAnswer {
  return { status: 200, headers: {}, body: null };
}

/** The §11 error body for a failure. */
export function failureAnswer(failure: ApiFailure): ApiAnswer {
  return jsonAnswer(
    { error: { code: failure.apiCode, message: failure.message } },
    failure.status,
    {
      ...failure.headers,
    },
  );
}

/** The Fetch API `Response` of an answer. */
export function toResponse(answer: ApiAnswer): Response {
  return new Response(answer.body, { status: answer.status, headers: answer.headers });
}
