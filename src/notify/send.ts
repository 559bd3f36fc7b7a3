/**
 * Sends one notification to each webhook URL with a client of its own (an undici Agent made for
 * this run: no GTI headers, never the API key). Each URL gets at most 3 tries (again after a
 * network error, a 429 or a 5xx) within 10 s in all; the answer's body is read at most 16 KiB and
 * dropped. A notification never fails the run: a URL that does not take it gives one warning,
 * which names the URL by its position only (a webhook URL is a secret).
 */
import type { Dispatcher } from 'undici';
import AgentClass from 'undici/lib/dispatcher/agent.js';
import dispatchRequest from 'undici/lib/api/api-request.js';

/** Tries per URL. */
const MAX_TRIES = 3;
/** The whole send, every URL and try, ends within this. */
const TOTAL_MS = 10_000;
/** The answer's body is read up to this many bytes. */
const MAX_BODY_BYTES = 16 * 1024;
/** Pause before try n+1: 250 ms, then 500 ms. */
const BACKOFF_MS = 250;

/** Posts `bodyFor(url)` to every URL at once; `warn` hears each URL that failed. */
export async function sendNotifications(
  urls: readonly URL[],
  bodyFor: (url: URL) => string,
  warn: (message: string) => void,
): Promise<void> {
  if (urls.length === 0) return;
  const agent = new AgentClass({ keepAliveTimeout: 1_000, connections: 1 });
  const signal = AbortSignal.timeout(TOTAL_MS);
  try {
    await Promise.all(
      urls.map(async (url, i) => {
        const failure = await postWithRetries(agent, url, bodyFor(url), signal);
        if (failure !== undefined) {
          warn(`notification ${i + 1} of ${urls.length} (${url.hostname}) failed: ${failure}`);
        }
      }),
    );
  } finally {
    await agent.close().catch(() => undefined);
  }
}

/** `undefined` when delivered; otherwise why the last try failed. */
async function postWithRetries(
  agent: Dispatcher,
  url: URL,
  body: string,
  signal: AbortSignal,
): Promise<string | undefined> {
  let why = 'not sent';
  for (let tryNo = 1; tryNo <= MAX_TRIES; tryNo += 1) {
    if (signal.aborted) return `${why}; gave up after ${TOTAL_MS / 1000} s`;
    try {
      const status = await postOnce(agent, url, body, signal);
      if (status >= 200 && status < 300) return undefined;
      why = `HTTP ${status}`;
      if (status !== 429 && status < 500) return why;
    } catch (error) {
      why = signal.aborted ? `no answer within ${TOTAL_MS / 1000} s` : networkReason(error);
    }
    if (tryNo < MAX_TRIES) await pause(BACKOFF_MS * tryNo, signal);
  }
  return why;
}

async function postOnce(
  agent: Dispatcher,
  url: URL,
  body: string,
  signal: AbortSignal,
): Promise<number> {
  const answer = await dispatchRequest.call(agent, {
    origin: url.origin,
    path: `${url.pathname}${url.search}`,
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'gti-sync-notify' },
    body,
    signal,
    headersTimeout: TOTAL_MS,
    bodyTimeout: TOTAL_MS,
  });
  let read = 0;
  try {
    const chunks: AsyncIterable<unknown> = answer.body;
    for await (const chunk of chunks) {
      read += chunk instanceof Uint8Array ? chunk.byteLength : String(chunk).length;
      if (read >= MAX_BODY_BYTES) break;
    }
  } finally {
    answer.body.destroy();
  }
  return answer.statusCode;
}

function networkReason(error: unknown): string {
  return error instanceof Error && 'code' in error && typeof error.code === 'string'
    ? error.code
    : 'network error';
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      done();
    });
  });
}
