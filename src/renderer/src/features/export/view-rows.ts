/**
 * The rows the table shows, in its order (filters, search and sorting applied). The table
 * registers a getter; export and keyboard commands read it on demand, so nothing re-renders
 * to keep a copy in the store.
 */
import type { WatchRowView } from '../../../../shared/ipc.ts';

let getter: (() => readonly WatchRowView[]) | null = null;

/** Called by the table with a getter over its current row model; returns the unregister function. */
export function registerViewRows(get: () => readonly WatchRowView[]): () => void {
  getter = get;
  return () => {
    if (getter === get) getter = null;
  };
}

/** The rows in view order; empty when no table is mounted. */
export function viewRows(): readonly WatchRowView[] {
  return getter?.() ?? [];
}
