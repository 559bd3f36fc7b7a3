/**
 * The control endpoints outside `/api/v3` (design §6), never part of the real API:
 * `GET /_emulator/state`, `GET /_emulator/stats`, `POST /_emulator/reset`,
 * `POST /_emulator/accounts` with `{"users": [seed user, ...]}`.
 */
import { ApiFailure, badRequest, failureResponse, jsonResponse, notFound } from './api-failure.js';
import { readJsonBody } from './route-context.js';
import { validateAccountsBody } from './seed.js';
import type { Emulator } from './types.js';

/** Answers one control request. */
export async function handleControl(
  emulator: Emulator,
  request: Request,
  path: string,
): Promise<Response> {
  try {
    const route = `${request.method} ${path.replace(/\/+$/, '')}`;
    switch (route) {
      case 'GET /_emulator/state':
        return jsonResponse(emulator.state());
      case 'GET /_emulator/stats':
        return jsonResponse(emulator.stats());
      case 'POST /_emulator/reset':
        emulator.reset();
        return jsonResponse({});
      case 'POST /_emulator/accounts': {
        const checked = validateAccountsBody(await readJsonBody(request));
        if ('errors' in checked) throw badRequest(`Invalid accounts: ${checked.errors.join('; ')}`);
        return jsonResponse({ data: emulator.createAccounts(checked.users) });
      }
      default:
        throw notFound(`${route} is not a control endpoint (state, stats, reset, accounts)`);
    }
  } catch (error) {
    if (error instanceof ApiFailure) return failureResponse(error);
    throw error;
  }
}
