/*
 * Types for the undici modules loaded directly (http-transport.ts, src/notify) (undici 7 has no `exports`
 * map, so its files are reachable; these are the very objects its index re-exports).
 */
declare module 'undici/lib/dispatcher/agent.js' {
  import type { Agent } from 'undici';
  const AgentClass: typeof Agent;
  export default AgentClass;
}

declare module 'undici/lib/core/util.js' {
  /** undici's header list (name, value, name, value...) as an object of lower-cased names. */
  export function parseHeaders(
    headers: readonly (Buffer | string)[],
  ): Record<string, string | string[] | undefined>;
}

declare module 'undici/lib/api/api-request.js' {
  import type { Dispatcher } from 'undici';
  /** undici's `Dispatcher.prototype.request`, called with the dispatcher as `this` (src/notify). */
  function request(
    this: Dispatcher,
    options: Dispatcher.RequestOptions,
  ): Promise<Dispatcher.ResponseData>;
  export default request;
}
