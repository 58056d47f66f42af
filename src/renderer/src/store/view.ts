/**
 * The rows the watchlist shows, in order: the store's list, sorted, then filtered and searched here
 * rather than by the table (issue 11: at 100,000 rows the table's own row models cost hundreds of
 * milliseconds per change). Every reader (table, select-all, keyboard, export) gets the same array.
 * Sorting first gives the same rows in the same order (a filter keeps order, the sort is stable)
 * and lets the sorted list be remembered: a keystroke only filters, and a delta re-sorts only the
 * rows it touched (store/sort-cache.ts).
 */
import { useMemo } from 'react';
import type { WatchRowView } from '../../../shared/ipc.ts';
import { filterRowsShared, searchText, searchTexts } from './filter.ts';
import { sortedPositions, sortRowsShared } from './sort-cache.ts';
import { useWatchStore, type WatchState } from './watch-store.ts';

/** The rows in view for a store state, outside React (event handlers, export). */
export function viewOf(s: Pick<WatchState, 'list' | 'filters' | 'search' | 'sorting'>): readonly WatchRowView[] {
  const sorted = sortRowsShared(s.list, s.sorting);
  return filterRowsShared(sorted, s.filters, s.search, () => sortedTexts(s.list, sorted));
}

const textsOfSorted = new WeakMap<readonly WatchRowView[], readonly string[]>();

/** The search texts of `sorted` (`list` in some order), aligned with it: read from the list's, no lookups. */
function sortedTexts(list: readonly WatchRowView[], sorted: readonly WatchRowView[]): readonly string[] {
  const texts = searchTexts(list);
  if (sorted === list) return texts;
  let out = textsOfSorted.get(sorted);
  if (out) return out;
  const pos = sortedPositions(sorted);
  out = pos ? pos.map((p) => texts[p]!) : sorted.map(searchText);
  textsOfSorted.set(sorted, out);
  return out;
}

/** The rows in view, in view order; re-computed only when the list, filters, search or sorting change. */
export function useViewRows(): readonly WatchRowView[] {
  const list = useWatchStore((s) => s.list);
  const filters = useWatchStore((s) => s.filters);
  const search = useWatchStore((s) => s.search);
  const sorting = useWatchStore((s) => s.sorting);
  return useMemo(() => viewOf({ list, filters, search, sorting }), [list, filters, search, sorting]);
}

const keysOf = new WeakMap<readonly WatchRowView[], readonly string[]>();

/** The keys of rows in view, in view order (one array per view). */
export function viewKeys(rows: readonly WatchRowView[]): readonly string[] {
  let keys = keysOf.get(rows);
  if (!keys) keysOf.set(rows, (keys = rows.map((r) => r.key)));
  return keys;
}

/** Where the row with `key` is in `rows`, or -1 (no key array built: a view of 100,000 rows changes on every sort and keystroke). */
export function indexOfKey(rows: readonly WatchRowView[], key: string): number {
  for (let i = 0; i < rows.length; i++) if (rows[i]!.key === key) return i;
  return -1;
}
