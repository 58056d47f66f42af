/** Pure selection helpers for the store: ranges in view order and keeping sets unchanged when possible. */

/** `set` without the keys in `gone`; the same object when none of them was in it. */
export function withoutKeys<T>(set: ReadonlySet<T>, gone: ReadonlySet<T>): ReadonlySet<T> {
  let changed = false;
  for (const k of gone) if (set.has(k)) changed = true;
  if (!changed) return set;
  return new Set([...set].filter((k) => !gone.has(k)));
}

/** The keys from `from` to `to` (inclusive, either direction) in `visible`; null when either is not shown. */
export function rangeKeys(visible: readonly string[], from: string | null, to: string): string[] | null {
  const a = from === null ? -1 : visible.indexOf(from);
  const b = visible.indexOf(to);
  if (a < 0 || b < 0) return null;
  return visible.slice(Math.min(a, b), Math.max(a, b) + 1);
}
