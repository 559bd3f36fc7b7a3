/**
 * The control endpoints outside `/api/v3` (design §6), never part of the real API:
 * `GET /_emulator/state`, `GET /_emulator/stats`, `POST /_emulator/reset`,
 * `POST /_emulator/accounts` with `{"users": [seed user, ...]}`.
 */
import { ApiFailure, badRequest, failureAnswer, jsonAnswer, notFound } from './api-failure.js';
import type { ApiAnswer } from './api-failure.js';
import { readJsonBody } from './route-context.js';
import { validateAccountsBody } from './seed.js';
import type { Emulator, EmulatorRequest } from './types.js';

/** Answers one control request. */
export async function handleControl(
  emulator: Emulator,
  request: EmulatorRequest,
  path: string,
): Promise<ApiAnswer> {
  try {
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
