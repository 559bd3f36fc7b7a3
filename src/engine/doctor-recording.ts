/**
 * `doctor --record`: the raw answers of a probe, made safe to attach to a bug report. API keys,
 * emails, first and last names, user and service-account ids, IP addresses and cursors become
 * placeholders (`<email-1>`, `<user-2>`, …), the same value always the same placeholder within one
 * recording, so the answers still show how they relate. Pure: the CLI writes the files.
 */

/** One request of the probe and what came back, as the API sent it. */
export interface RawAnswer {
  /** The file name, without `.json` (named by route). */
  file: string;
  route: string;
  query: Record<string, string>;
  /** HTTP status; 0 when no answer arrived. */
  status: number;
  /** The parsed body, or for a failure `{"error": {"code", "message"}}` as the client read it. */
  body: unknown;
}

/** One file of the recording. */
export interface RecordedAnswer {
  file: string;
  content: {
    request: { method: 'GET'; route: string; query: Record<string, string> };
    status: number;
    body: unknown;
  };
}

type Kind = 'apikey' | 'email' | 'name' | 'user' | 'ip' | 'cursor';

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
const IPV4 = /\b(?:\d{1,3}\.){3}\d{1,3}\b/g;
const IPV6 = /\b(?:[0-9a-fA-F]{1,4}:){3,7}[0-9a-fA-F]{1,4}\b/g;
const CURSOR_PARAM = /([?&]cursor=)([^&#"\s]+)/g;
/** Object types whose `id` is a person's or an account's. */
const ACCOUNT_TYPES = new Set(['user', 'service_account']);
/** Keys whose values are vocabulary, never a person's data (left alone even if equal to an id). */
const VOCABULARY_KEYS = new Set(['type', 'status', 'action']);

/** Replaces the sensitive values of every answer; placeholders are shared across all of them. */
export function sanitizeRecording(answers: readonly RawAnswer[]): RecordedAnswer[] {
  const table = new PlaceholderTable();
  for (const answer of answers) collect(answer.body, table, undefined);
  return answers.map((answer) => ({
    file: answer.file,
    content: {
      request: {
        method: 'GET',
        route: answer.route,
        query: Object.fromEntries(
          Object.entries(answer.query).map(([k, v]) => [k, k === 'cursor' ? '<cursor>' : v]),
        ),
      },
      status: answer.status,
      body: scrub(answer.body, table, undefined),
    },
  }));
}

class PlaceholderTable {
  private readonly byValue = new Map<string, string>();
  private readonly counts = new Map<Kind, number>();

  /** Remembers `value` as sensitive; returns its placeholder. */
  add(kind: Kind, value: string): string {
    // Emails compare case-insensitively; the other values rarely differ by case alone.
    const key = value.toLowerCase();
    const known = this.byValue.get(key);
    if (known !== undefined) return known;
    const n = (this.counts.get(kind) ?? 0) + 1;
    this.counts.set(kind, n);
    const placeholder = `<${kind}-${n}>`;
    this.byValue.set(key, placeholder);
    return placeholder;
  }

  lookup(value: string): string | undefined {
    return this.byValue.get(value.toLowerCase());
  }

  /**
   * Every known value as whole tokens (an id `amy` is not matched inside `amygdala` or `amy_x`),
   * longest first; `undefined` when none is known yet.
   */
  pattern(): RegExp | undefined {
    const values = [...this.byValue.keys()]
      .filter((v) => v.length > 0)
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp);
    if (values.length === 0) return undefined;
    return new RegExp(`(?<![A-Za-z0-9_])(?:${values.join('|')})(?![A-Za-z0-9_])`, 'gi');
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Finds the sensitive values the structure names (ids, keys, names, IPs, cursors). */
function collect(value: unknown, table: PlaceholderTable, key: string | undefined): void {
  if (Array.isArray(value)) {
    for (const item of value) collect(item, table, key);
    return;
  }
  if (!isRecord(value)) {
    if (typeof value !== 'string' || value === '') return;
    if (key === 'apikey') table.add('apikey', value);
    else if (key === 'email') table.add('email', value);
    else if (key === 'first_name' || key === 'last_name') table.add('name', value);
    else if (key === 'ip') table.add('ip', value);
    else if (key === 'cursor') table.add('cursor', value);
    else if (key === 'user') table.add(value.includes('@') ? 'email' : 'user', value);
    return;
  }
  const type = value['type'];
  const id = value['id'];
  if (typeof type === 'string' && ACCOUNT_TYPES.has(type) && typeof id === 'string')
    table.add('user', id);
  for (const [k, v] of Object.entries(value)) collect(v, table, k);
}

/** A copy of `value` with every sensitive string (and object key) replaced. */
function scrub(value: unknown, table: PlaceholderTable, key: string | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => scrub(item, table, key));
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[scrubText(k, table)] = scrub(v, table, k);
    return out;
  }
  if (typeof value !== 'string' || (key !== undefined && VOCABULARY_KEYS.has(key))) return value;
  return scrubText(value, table);
}

function scrubText(text: string, table: PlaceholderTable): string {
  const exact = table.lookup(text);
  if (exact !== undefined) return exact;
  const known = table.pattern();
  // One pass over every known value, so a placeholder is never rewritten by a later value.
  let out = known === undefined ? text : text.replace(known, (m) => table.lookup(m) ?? m);
  out = out.replace(CURSOR_PARAM, (m, lead: string, cursor: string) =>
    cursor.startsWith('<') || cursor.startsWith('%3C')
      ? m
      : `${lead}${table.add('cursor', decodeSafely(cursor))}`,
  );
  out = out.replace(EMAIL, (email) => table.add('email', email));
  out = out.replace(IPV4, (ip) => table.add('ip', ip));
  return out.replace(IPV6, (ip) => table.add('ip', ip));
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
