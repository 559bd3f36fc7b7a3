/**
 * The `ignore` globs of a group file: `*` matches any run of characters (including none), `?`
 * exactly one; everything else is literal. Matching is case-insensitive and on the whole email.
 */

/** True when `email` matches at least one of `patterns`. */
export function matchesIgnore(email: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => compileGlob(pattern).test(email));
}

/** The index of the first pattern that matches `email`, or -1. */
export function findIgnorePattern(email: string, patterns: readonly string[]): number {
  return patterns.findIndex((pattern) => compileGlob(pattern).test(email));
}

const cache = new Map<string, RegExp>();

function compileGlob(pattern: string): RegExp {
  let regex = cache.get(pattern);
  if (regex === undefined) {
    const body = [...pattern]
      .map((char) => {
        if (char === '*') return '.*';
        if (char === '?') return '.';
        return char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      })
      .join('');
    // `s`: a `?` or `*` also spans characters such as a newline; `u`: `?` is one code point.
    regex = new RegExp(`^${body}$`, 'isu');
    cache.set(pattern, regex);
  }
  return regex;
}
