/**
 * The two pieces of undici the client uses, loaded without undici's index: the index loads every
 * part of undici (fetch, WebSocket, EventSource, the cache, the mocks...), about three times what
 * an Agent and `request` need, and every command that talks to the API paid for it at start.
 * These are the same objects the index re-exports (same files, same module cache), so a
 * `MockAgent` or any other Dispatcher passed by a caller works unchanged.
 */
import type { Dispatcher } from 'undici';
import AgentClass from 'undici/lib/dispatcher/agent.js';
import dispatchRequest from 'undici/lib/api/api-request.js';

/** A keep-alive connection pool per origin (undici's Agent) with `connections` sockets at most. */
export function createAgent(options: {
  keepAliveTimeoutMs: number;
  connections: number;
}): Dispatcher {
  return new AgentClass({
    keepAliveTimeout: options.keepAliveTimeoutMs,
    connections: options.connections,
  });
}

/** What sendHttp sends: undici's request options without origin and path (taken from `url`). */
type HttpOptions = Omit<Dispatcher.RequestOptions, 'origin' | 'path'>;

/** undici's `request(url, options)` through `dispatcher`, as the index's `request` does it. */
export function sendHttp(
  dispatcher: Dispatcher,
  url: URL,
  options: HttpOptions,
): Promise<Dispatcher.ResponseData> {
  return dispatchRequest.call(dispatcher, {
    ...options,
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
  });
}
