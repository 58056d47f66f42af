/**
 * The watchlist: TanStack Table v9 for columns and sorting, TanStack Virtual for rows, so
 * 10,000 payments keep only the rows in view (plus a few) in the DOM.
 */
import { useEffect, useMemo, useRef } from 'react';
import { functionalUpdate, useTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { filterRows } from '../../store/filter.ts';
import { useWatchStore } from '../../store/watch-store.ts';
import { columns, features } from './columns.tsx';
import { HeaderCell } from './HeaderCell.tsx';
import { WatchRow } from './WatchRow.tsx';

/** Row height in px; fixed, so the virtualizer never has to measure. Matches --row-h in app.css. */
export const ROW_HEIGHT = 48;

/** The virtualized, sortable watchlist table. */
export function WatchlistTable(): React.JSX.Element {
  const list = useWatchStore((s) => s.list);
  const filters = useWatchStore((s) => s.filters);
  const search = useWatchStore((s) => s.search);
  const sorting = useWatchStore((s) => s.sorting);
  const setSorting = useWatchStore((s) => s.setSorting);
  const focusedKey = useWatchStore((s) => s.focusedKey);
  const revealSeq = useWatchStore((s) => s.revealSeq);
  const phase = useWatchStore((s) => s.phase);

  const data = useMemo(() => filterRows(list, filters, search), [list, filters, search]);

  const table = useTable({
    features,
    columns,
    data,
    getRowId: (row) => row.key,
    state: { sorting },
    onSortingChange: (updater) => setSorting(functionalUpdate(updater, useWatchStore.getState().sorting)),
  });
  const rows = table.getRowModel().rows;

  const scrollRef = useRef<HTMLDivElement>(null);
  // No React Compiler here; the virtualizer re-renders this component itself when scrolled.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (index) => rows[index]?.id ?? index,
    overscan: 8,
    useFlushSync: false,
  });

  // A payment opened from a toast or notification scrolls into view.
  useEffect(() => {
    if (revealSeq === 0 || focusedKey === null) return;
    const index = rows.findIndex((r) => r.id === focusedKey);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'center' });
    // Only a new reveal request should scroll, not every data change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [revealSeq]);

  const leafColumns = table.getAllLeafColumns();
  const widths = leafColumns.map((c) => c.columnDef.meta?.width ?? '100px');
  const template = widths.join(' ');
  // The table scrolls sideways rather than squeezing columns below their minimum widths.
  const minWidth = widths.reduce((sum, w) => sum + Number(/\d+/.exec(w)?.[0] ?? 0), 0);
  const items = virtualizer.getVirtualItems();

  return (
    // Focusable so the keyboard can scroll past the rows that are not rendered (PageDown, arrows).
    <div className="table-scroll" ref={scrollRef} tabIndex={0} role="region" aria-label="Watchlist rows">
      <div
        role="table"
        aria-label="Watched payments"
        aria-rowcount={rows.length + 1}
        className="grid-table"
        style={{ ['--cols' as string]: template, ['--min-w' as string]: `${minWidth}px` }}
      >
        <div role="rowgroup" className="thead">
          {table.getHeaderGroups().map((group) => (
            <div role="row" aria-rowindex={1} className="tr head" key={group.id}>
              {group.headers.map((header) => (
                <HeaderCell key={header.id} header={header} />
              ))}
            </div>
          ))}
        </div>
        <div role="rowgroup" className="tbody" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = rows[item.index];
            return row ? <WatchRow key={row.id} row={row} ariaIndex={item.index + 2} top={item.start} /> : null;
          })}
        </div>
        {rows.length === 0 ? <EmptyState phase={phase} filtered={list.length > 0} /> : null}
      </div>
    </div>
  );
}

function EmptyState({ phase, filtered }: { phase: string; filtered: boolean }): React.JSX.Element {
  const text =
    phase === 'loading'
      ? 'Loading the watchlist…'
      : filtered
        ? 'No payments match the filters or search.'
        : 'No payments watched yet. Paste payment IDs, a ticket or a spreadsheet column above, or press Ctrl+V anywhere.';
  return (
    <p className="empty" role="status">
      {text}
    </p>
  );
}
