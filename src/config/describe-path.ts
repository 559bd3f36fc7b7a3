/** Human names for places in a group file, for messages. */

/** `['members', 2, 'quotas']` → `members[2].quotas`; `[]` → `the top level`. */
export function describePath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'the top level';
  return path
    .map((segment, i) =>
      typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`,
    )
    .join('');
}

/**
 * The allowed key closest to a mistyped one: the same letters ignoring case, or at most 2 edits
 * and fewer than half the key's length (so `<<` does not suggest `id`).
 */
export function suggestKey(key: string, allowed: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of allowed) {
    const distance = editDistance(key.toLowerCase(), candidate.toLowerCase());
    const close = distance <= 2 && distance * 2 < key.length;
    if ((distance === 0 || close) && (best === undefined || distance < best.distance)) {
      best = { key: candidate, distance };
    }
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
