/**
 * The HTTP exchange under the client: undici's Agent (a keep-alive pool per origin) and one
 * request at a time through `dispatch` with a handler that collects the answer's body whole.
 * undici's `request()` wraps every answer in a Readable stream with an abort signal's listeners;
 * gti-sync reads every body whole anyway, and that wrapping cost more than the rest of a request's
 * handling (a 16-group plan makes 144 requests). The Agent is loaded without undici's index,
 * which loads every part of undici (fetch, WebSocket, the cache, the mocks...); it is the object
 * the index re-exports, so a `MockAgent` or any other Dispatcher a caller passes works unchanged.
 */
import type { Dispatcher } from 'undici';
import AgentClass from 'undici/lib/dispatcher/agent.js';
import { parseHeaders } from 'undici/lib/core/util.js';
import { BodyTooLargeError } from './body.js';

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

/** What `exchange` sends. */
export interface HttpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  body: string | null;
  /** The most bytes the answer's body may have on the wire (past it: BodyTooLargeError). */
  maxBytes: number;
}

/** A whole answer. */
export interface HttpAnswer {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** Stops an exchange in flight: it then rejects with `reason`. */
export interface Abortable {
  abort(reason: Error): void;
}

/**
 * Sends `request` to `url` through `dispatcher` and collects the answer. Rejects with undici's
 * error on a network failure, BodyTooLargeError past `maxBytes` (announced or counted), or the
 * reason given to the returned handle's `abort`.
 */
export function exchange(
  dispatcher: Dispatcher,
  url: URL,
  request: HttpRequest,
): { answer: Promise<HttpAnswer>; abort: Abortable['abort'] } {
  let handler!: CollectingHandler;
  const answer = new Promise<HttpAnswer>((resolve, reject) => {
    handler = new CollectingHandler(request.maxBytes, resolve, reject);
  });
  try {
    dispatcher.dispatch(
      {
        origin: url.origin,
        path: `${url.pathname}${url.search}`,
        method: request.method,
        headers: request.headers,
        body: request.body,
      },
      handler,
    );
  } catch (error) {
    handler.onError(error instanceof Error ? error : new Error(String(error)));
  }
  return { answer, abort: (reason) => handler.stop(reason) };
}

/** undici's (legacy, callback) dispatch handler that keeps the body's chunks. */
class CollectingHandler implements Dispatcher.DispatchHandler {
  private abortDispatch: ((reason: Error) => void) | undefined;
  private reason: Error | undefined;
  private settled = false;
  private statusCode = 0;
  private headers: Record<string, string | string[] | undefined> = {};
  private readonly chunks: Buffer[] = [];
  private length = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly resolve: (answer: HttpAnswer) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  /**
   * Ends the exchange now: it rejects with `reason`, whatever the dispatcher does after, and the
   * dispatcher is told to abort (before it gave a connection, the request is dropped as soon as it
   * gets one).
   */
  stop(reason: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reason = reason;
    this.reject(reason);
    this.abortDispatch?.(reason);
  }

  onConnect(abort: (reason?: Error) => void): void {
    this.abortDispatch = abort;
    if (this.reason !== undefined) abort(this.reason);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[]): boolean {
    // 1xx answers come before the real one.
    if (statusCode < 200) return true;
    this.statusCode = statusCode;
    this.headers = parseHeaders(rawHeaders);
    const announced = this.headers['content-length'];
    if (typeof announced === 'string' && /^\d{1,15}$/.test(announced)) {
      if (Number(announced) > this.maxBytes) this.stop(new BodyTooLargeError('on the wire'));
    }
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (this.settled) return false;
    this.length += chunk.length;
    if (this.length > this.maxBytes) {
      this.stop(new BodyTooLargeError('on the wire'));
      return false;
    }
    this.chunks.push(chunk);
    return true;
  }

  onComplete(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve({
      statusCode: this.statusCode,
      headers: this.headers,
      body: Buffer.concat(this.chunks, this.length),
    });
  }

  onError(error: Error): void {
    if (this.settled) return;
    this.settled = true;
    this.reject(error);
  }
}
