/**
 * How a store's `list` came from the one before it, so the views derived from the old list can be
 * updated for just the rows a delta touched rather than recomputed over 100,000 rows (issue 11).
 * The watchlist slice records each delta's change; readers (store/sort-cache.ts) look it up by the
 * new list. A cache keyed by its input, like filter.ts's: two stores never see each other's.
 */
import type { WatchRowView } from '../../../shared/ipc.ts';

/**
 * What a delta did to a list: the new list is `fresh` new rows on top, then `from`'s rows in
 * order, without the removed ones and with replaced ones in place (store/aligned.ts finds which).
 */
export interface ListChange {
  /** The list before the delta. */
  from: readonly WatchRowView[];
  /** How many new rows the delta put on top (the new list's first `fresh` rows). */
  fresh: number;
}

const changes = new WeakMap<readonly WatchRowView[], ListChange>();

/** Records that `list` is `change.from` after a delta. Only one step back is kept: older lists can be collected. */
export function recordListChange(list: readonly WatchRowView[], change: ListChange): void {
  changes.delete(change.from);
  changes.set(list, change);
}

/** How `list` came from the list before it, if a delta made it. */
export function listChangeOf(list: readonly WatchRowView[]): ListChange | undefined {
  return changes.get(list);
}
