/**
 * Keeps the API key out of every text the client produces: error messages, causes, stacks and
 * events. The key can come back to us in a URL (`GET /users/{apikey}`), in an error body that
 * echoes the request, or inside a network error's message, so every such text passes through here.
 */

/** The placeholder shown where the key was. */
const REDACTED_KEY = '<apikey>';

/** A function that replaces every occurrence of the secret (raw or URL-encoded) with `<apikey>`. */
export type Redactor = (text: string) => string;

/**
 * Below this length a key is redacted only where it stands as a whole token (not inside a longer
 * run of letters and digits): a short test key such as `k` must not mangle every word holding a
 * `k`. Real GTI keys (64 hex digits) are far longer and are redacted wherever they occur, in
 * any letter case.
 */
const WHOLE_TOKEN_BELOW = 16;

/** Creates a redactor for `secret` (shown as `placeholder`). An empty secret redacts nothing. */
export function createRedactor(secret: string, placeholder = REDACTED_KEY): Redactor {
  const forms = [...new Set([secret, encodeURIComponent(secret), encodeURI(secret)])]
    .filter((form) => form.length > 0)
    // Longest first, so an encoded form is not half-replaced by a shorter raw one.
    .sort((a, b) => b.length - a.length);
  // A full-length key anywhere and in any letter case (hex keys come back upper-cased, too).
  const tokens = forms.map((form) =>
    secret.length >= WHOLE_TOKEN_BELOW
      ? new RegExp(escapeRegExp(form), 'gi')
      : new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(form)}(?![A-Za-z0-9])`, 'g'),
  );
  return (text) => tokens.reduce((out, token) => out.replace(token, placeholder), text);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A redacted copy of an error thrown by the HTTP stack, safe to keep as `cause`: the same name,
 * message, `code` and stack (each redacted), and the same for its own causes (a few levels deep).
 * The original is dropped: it may hold the request, its URL or its headers.
 */
export function redactCause(error: unknown, redact: Redactor, depth = 0): Error {
  if (!(error instanceof Error)) return new Error(redact(String(error)));
  const copy = new Error(redact(error.message));
  copy.name = error.name;
  copy.stack = redact(error.stack ?? `${error.name}: ${error.message}`);
  const code = readCode(error);
  if (code !== undefined) Object.defineProperty(copy, 'code', { value: code, enumerable: true });
  if (error.cause !== undefined && depth < 3)
    copy.cause = redactCause(error.cause, redact, depth + 1);
  return copy;
}

/** The `code` property of a Node or undici error (`ECONNRESET`, `UND_ERR_SOCKET`…), if any. */
export function readCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}
