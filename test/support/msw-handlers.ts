/**
 * The emulator as msw 2 request handlers, for tests whose code uses the global `fetch` (msw does
 * not see undici's own `request()`/`fetch()`: see toolchain.md). msw is a development dependency,
 * so it lives with the tests (issue 9), outside `src/`.
 */
import { http } from 'msw';
import type { RequestHandler } from 'msw';
import type { Emulator } from '../../src/emulator/index.js';

/**
 * One catch-all handler delegating every request (to `origin`, default any) to `emulator.handle`.
 * A closed-connection fault (`Response.error()`) becomes a network error in msw.
 */
export function emulatorHandlers(emulator: Emulator, origin?: string): RequestHandler[] {
  const pattern = origin === undefined ? '*' : `${origin.replace(/\/+$/, '')}/*`;
  return [http.all(pattern, ({ request }) => emulator.handle(request))];
}
