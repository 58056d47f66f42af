/**
 * The rows the watchlist shows, in order: the store's list, filtered, searched and sorted here
 * rather than by the table (issue 11: at 100,000 rows the table's own row models cost hundreds of
 * milliseconds per change). Every reader (table, select-all, keyboard, export) gets the same array.
 */
import { useMemo } from 'react';
import type { WatchRowView } from '../../../shared/ipc.ts';
import { filterRowsShared } from './filter.ts';
import { sortRowsShared } from './sort.ts';
import { useWatchStore, type WatchState } from './watch-store.ts';

/** The rows in view for a store state, outside React (event handlers, export). */
export function viewOf(s: Pick<WatchState, 'list' | 'filters' | 'search' | 'sorting'>): readonly WatchRowView[] {
  return sortRowsShared(filterRowsShared(s.list, s.filters, s.search), s.sorting);
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
