/**
 * Per-row values (search text, sort keys) in arrays aligned with a store's list, so a pass over
 * 100,000 rows reads an array instead of looking each row up in a map (a map lookup per row costs
 * 15-30 ms per pass in Chromium; an array read, about 1 ms). A list a delta made gets its arrays
 * from the list before it: the same values moved to their new places, computed only for the rows
 * the delta replaced or added. Caches keyed by their input list, like filter.ts's.
 */
import type { WatchRowView } from '../../../shared/ipc.ts';
import { listChangeOf, type ListChange } from './list-change.ts';

/** Where each row of `change.from` is in the new list (-1: removed), and whether the delta replaced it. */
export interface ListMoves {
  to: Int32Array;
  replaced: Uint8Array;
}

const moves = new WeakMap<readonly WatchRowView[], ListMoves>();

/**
 * The moves from `change.from` to `list`. A delta's list is its new rows on top, then the old
 * list's rows in order without the removed ones, replaced rows in place: one walk comparing
 * references finds every row, with no lookups.
 */
export function movesOf(list: readonly WatchRowView[], change: ListChange): ListMoves {
  let m = moves.get(list);
  if (m) return m;
  const from = change.from;
  const to = new Int32Array(from.length);
  const replaced = new Uint8Array(from.length);
  let i = change.fresh;
  for (let j = 0; j < from.length; j++) {
    const old = from[j]!;
    const now = list[i];
    if (now === old) to[j] = i++;
    else if (now !== undefined && now.key === old.key) {
      replaced[j] = 1;
      to[j] = i++;
    } else to[j] = -1;
  }
  moves.set(list, (m = { to, replaced }));
  return m;
}

const columns = new WeakMap<readonly WatchRowView[], Map<string, unknown[]>>();

/** `compute` for each row of `list`, aligned with it; `name` identifies `compute` (one function per name). */
export function listColumn<T>(list: readonly WatchRowView[], name: string, compute: (row: WatchRowView) => T): T[] {
  let byName = columns.get(list);
  const hit = byName?.get(name);
  if (hit) return hit as T[];
  const change = listChangeOf(list);
  const prev = change ? (columns.get(change.from)?.get(name) as T[] | undefined) : undefined;
  const out = new Array<T>(list.length);
  if (change && prev) {
    const { to, replaced } = movesOf(list, change);
    for (let i = 0; i < change.fresh; i++) out[i] = compute(list[i]!);
    for (let j = 0; j < to.length; j++) {
      const i = to[j]!;
      if (i >= 0) out[i] = replaced[j] === 1 ? compute(list[i]!) : prev[j]!;
    }
  } else for (let i = 0; i < list.length; i++) out[i] = compute(list[i]!);
  if (!byName) columns.set(list, (byName = new Map()));
  byName.set(name, out);
  return out;
}

/** Whether listColumn has `name` for `list` at hand or can move it over from the list before. */
export function listColumnReady(list: readonly WatchRowView[], name: string): boolean {
  if (columns.get(list)?.has(name)) return true;
  const change = listChangeOf(list);
  return change !== undefined && columns.get(change.from)?.has(name) === true;
}
