/**
 * The `ignore` globs of a group file: `*` matches any run of characters (including none), `?`
 * exactly one; everything else is literal. Matching is on the whole email and case-insensitive in
 * the same way members are matched (both sides through `toLowerCase`, so `İ` or a final sigma
 * compare as their lower-case forms do, not by Unicode case folding).
 *
 * A small wildcard matcher instead of a RegExp: `*a*a*a*…b` against a long name makes a
 * backtracking regex engine take exponential time (a pull request could stall CI that way); this
 * one backtracks only to the last `*`, so it is at worst O(pattern × email).
 */

/** True when `email` matches at least one of `patterns`. */
export function matchesIgnore(email: string, patterns: readonly string[]): boolean {
  return findIgnorePattern(email, patterns) !== -1;
}

/** The index of the first pattern that matches `email`, or -1. */
export function findIgnorePattern(email: string, patterns: readonly string[]): number {
  const text = [...email.toLowerCase()];
  return patterns.findIndex((pattern) => matchGlob([...pattern.toLowerCase()], text));
}

/** Whole-string glob match over code points. */
function matchGlob(pattern: readonly string[], text: readonly string[]): boolean {
  let p = 0;
  let t = 0;
  let star = -1; // position in pattern just after the last `*` seen
  let resume = 0; // position in text where that `*` would next extend to
  while (t < text.length) {
    const c = pattern[p];
    if (c === '*') {
      star = ++p;
      resume = t;
    } else if (c !== undefined && (c === '?' || c === text[t])) {
      p += 1;
      t += 1;
    } else if (star !== -1) {
      p = star;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p += 1;
  return p === pattern.length;
}
