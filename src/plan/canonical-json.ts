/**
 * Canonical JSON: object keys sorted by code unit, no whitespace, `undefined` members dropped. Two
 * equal values always give the same text, whatever order their keys were built in.
 */

/** A JSON value as canonicalJson accepts it. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue | undefined };

/** The canonical JSON text of `value`. */
export function canonicalJson(value: JsonValue): string {
  const parts: string[] = [];
  writeCanonicalJson(value, (text) => parts.push(text));
  return parts.join('');
}

/**
 * Writes the canonical JSON text of `value` in pieces (their concatenation is `canonicalJson`), so
 * a large document can be hashed without being built as one string.
 */
export function writeCanonicalJson(value: JsonValue, write: (text: string) => void): void {
  if (value === null || typeof value !== 'object' || isObjectFree(value)) {
    // Without objects, JSON.stringify's text is already canonical (and native, so fast).
    write(JSON.stringify(value));
    return;
  }
  if (Array.isArray(value)) {
    write('[');
    value.forEach((item, i) => {
      if (i > 0) write(',');
      writeCanonicalJson(item, write);
    });
    write(']');
    return;
  }
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  write('{');
  let first = true;
  for (const key of keys) {
    const item = value[key];
    if (item === undefined) continue;
    write(first ? `${JSON.stringify(key)}:` : `,${JSON.stringify(key)}:`);
    first = false;
    writeCanonicalJson(item, write);
  }
  write('}');
}

function isObjectFree(value: JsonValue): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Array.isArray(value) && value.every(isObjectFree);
}
