/**
 * The control endpoints outside `/api/v3` (design §6), never part of the real API:
 * `GET /_emulator/state`, `GET /_emulator/stats`, `POST /_emulator/reset`,
 * `POST /_emulator/accounts` with `{"users": [seed user, ...]}`.
 *
 * A web page must not drive them (CSRF): a request with an `Origin` other than the emulator's own
 * is refused (403), and a write whose body is not `application/json` (a form or `text/plain`
 * post a page can send without asking) is refused (415). The CLI and Node's fetch send no Origin.
 */
import {
  ApiFailure,
  badRequest,
  failureAnswer,
  forbidden,
  jsonAnswer,
  notFound,
} from './api-failure.js';
import type { ApiAnswer } from './api-failure.js';
import { readJsonBody } from './route-context.js';
import { validateAccountsBody } from './seed.js';
import type { Emulator, EmulatorRequest } from './types.js';

/** Answers one control request. */
export async function handleControl(
  emulator: Emulator,
  given: EmulatorRequest,
  path: string,
): Promise<ApiAnswer> {
  // The body is read at most once (a Fetch `Request`'s can be), by the guard or the route.
  let body: Promise<string> | undefined;
  const request: EmulatorRequest = {
    method: given.method,
    url: given.url,
    headers: given.headers,
    text: () => (body ??= given.text()),
  };
  try {
    await checkControlRequest(request);
    const route = `${request.method} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /_emulator/state':
        return jsonAnswer(emulator.state());
      case 'GET /_emulator/stats':
        return jsonAnswer(emulator.stats());
      case 'POST /_emulator/reset':
        emulator.reset();
        return jsonAnswer({});
      case 'POST /_emulator/accounts': {
        const checked = validateAccountsBody(await readJsonBody(request));
        if ('errors' in checked) throw badRequest(`Invalid accounts: ${checked.errors.join('; ')}`);
        return jsonAnswer({ data: emulator.createAccounts(checked.users) });
      }
      default:
        throw notFound(`${route} is not a control endpoint (state, stats, reset, accounts)`);
    }
  } catch (error) {
    if (error instanceof ApiFailure) return failureAnswer(error);
    throw error;
  }
}

/**
 * Throws 403 for a foreign `Origin` (`null` included) and 415 for a write whose body, or declared
 * type, is not JSON. A bodyless write without a `Content-Type` (`POST /_emulator/reset`) passes.
 */
async function checkControlRequest(request: EmulatorRequest): Promise<void> {
  const origin = request.headers.get('origin');
  if (origin !== null && origin !== new URL(request.url).origin) {
    throw forbidden(
      `emulator: control requests from another origin (${origin}) are refused; call them from a script, not a web page`,
    );
  }
  if (request.method === 'GET' || request.method === 'HEAD') return;
  const type = request.headers.get('content-type');
  const isJson = type !== null && type.split(';')[0]?.trim().toLowerCase() === 'application/json';
  if (isJson) return;
  if (type !== null || (await request.text()) !== '') {
    throw new ApiFailure(
      415,
      'UnsupportedMediaTypeError',
      `emulator: control writes take Content-Type application/json, not ${type ?? 'none'}`,
    );
  }
}
