/**
 * How the emulator answers: JSON bodies, empty successes, and API errors with the body of
 * gti-api.md §11 (`{"error": {"code", "message"}}`). Route code throws `ApiFailure`; the emulator
 * turns it into a response.
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

/** A JSON answer. */
export function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  });
}

/** The answer to a successful write: 200 with an empty body (gti-api.md §2 Decision). */
export function emptyResponse(): Response {
  return new Response(null, { status: 200 });
}

/** The §11 error body for a failure. */
export function failureResponse(failure: ApiFailure): Response {
  return jsonResponse(
    { error: { code: failure.apiCode, message: failure.message } },
    failure.status,
    {
      ...failure.headers,
    },
  );
}
