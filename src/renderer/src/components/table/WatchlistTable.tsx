/**
 * The watchlist: TanStack Table v9 for columns and sorting, TanStack Virtual for rows, so
 * 10,000 payments keep only the rows in view (plus a few) in the DOM. An ARIA grid with one Tab
 * stop: the cursor row holds focus (roving tabindex); the virtualizer always renders it, so focus
 * survives scrolling, and aria-rowcount/aria-rowindex give the full size.
 */
import { useEffect, useLayoutEffect, useMemo, useRef } from 'react';
import { functionalUpdate, useTable } from '@tanstack/react-table';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { Welcome } from '../../features/demo/Welcome.tsx';
import { GRID_ID, gridHasFocus, rowDomId } from '../../features/keyboard/grid-focus.ts';
import { handleGridKey } from '../../features/keyboard/grid-keys.ts';
import { registerViewRows } from '../../features/export/view-rows.ts';
import type { WatchRowView } from '../../../../shared/ipc.ts';
import { indexOfKey, useViewRows, viewKeys } from '../../store/view.ts';
import { useWatchStore } from '../../store/watch-store.ts';
import { columns, features } from './columns.tsx';
import { HeaderCell } from './HeaderCell.tsx';
import { WatchRow } from './WatchRow.tsx';

/** Row height in px; fixed, so the virtualizer never has to measure. Matches --row-h in app.css. */
export const ROW_HEIGHT = 48;

/** The virtualized, sortable watchlist table. */
export function WatchlistTable(): React.JSX.Element {
  const list = useWatchStore((s) => s.list);
  const sorting = useWatchStore((s) => s.sorting);
  const setSorting = useWatchStore((s) => s.setSorting);
  const focusedKey = useWatchStore((s) => s.focusedKey);
  const cursorKey = useWatchStore((s) => s.cursorKey);
  const revealSeq = useWatchStore((s) => s.revealSeq);
  const phase = useWatchStore((s) => s.phase);
  const fresh = useWatchStore((s) => s.phase === 'ready' && !s.demo && s.list.length === 0 && !s.accounts.some((a) => a.hasKey));

  // Filtered, searched and sorted outside the table; the table only lays out the rows in view.
  const view = useViewRows();
  const latestView = useRef(view);
  useEffect(() => {
    latestView.current = view;
  });
  useEffect(() => registerViewRows(() => latestView.current), []);

  const scrollRef = useRef<HTMLDivElement>(null);
  const cursorIndex = cursorKey === null ? -1 : indexOfKey(view, cursorKey);
  const cursorRef = useRef(cursorIndex);
  cursorRef.current = cursorIndex;
  // No React Compiler here; the virtualizer re-renders this component itself when scrolled.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: view.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    useFlushSync: false,
    // The cursor row stays in the DOM while scrolled away, so the focus it holds is not lost.
    rangeExtractor: (range: Range) => {
      const shown = defaultRangeExtractor(range);
      const at = cursorRef.current;
      return at < 0 || shown.includes(at) ? shown : [...shown, at].sort((a, b) => a - b);
    },
  });
  const items = virtualizer.getVirtualItems();
  // The rows in view, plus the cursor row kept rendered while scrolled away (so not always contiguous).
  const shown = useMemo(() => items.flatMap((item) => (view[item.index] ? [view[item.index]!] : [])), [view, items]);

  const table = useTable({
    features,
    columns,
    data: shown as WatchRowView[],
    getRowId: (row) => row.key,
    manualSorting: true,
    state: { sorting },
    onSortingChange: (updater) => setSorting(functionalUpdate(updater, useWatchStore.getState().sorting)),
  });
  const rows = table.getRowModel().rows;
  const rowByKey = useMemo(() => new Map(rows.map((r) => [r.id, r])), [rows]);

  // A payment opened from a toast or notification scrolls into view.
  useEffect(() => {
    if (revealSeq === 0 || focusedKey === null) return;
    const index = indexOfKey(view, focusedKey);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'center' });
    // Only a new reveal request should scroll, not every data change.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [revealSeq]);

  const leafColumns = table.getAllLeafColumns();
  const widths = leafColumns.map((c) => c.columnDef.meta?.width ?? '100px');
  const template = widths.join(' ');
  // The table scrolls sideways rather than squeezing columns below their minimum widths.
  const minWidth = widths.reduce((sum, w) => sum + Number(/\d+/.exec(w)?.[0] ?? 0), 0);
  // The one Tab stop: the cursor row, or the first row rendered when there is no cursor.
  const tabKey = cursorIndex >= 0 ? cursorKey : (view[items[0]?.index ?? -1]?.key ?? null);

  // Keyboard focus follows the cursor once its row is rendered (it may have just scrolled in).
  useLayoutEffect(() => {
    if (cursorKey === null || !gridHasFocus()) return;
    const el = document.getElementById(rowDomId(cursorKey));
    if (el && document.activeElement !== el && !el.contains(document.activeElement)) el.focus({ preventScroll: true });
  });

  return (
    <div className="table-scroll" ref={scrollRef}>
      <div
        id={GRID_ID}
        role="grid"
        // Focusable by script only (a row not yet rendered); Tab stops on the row with tabindex 0.
        tabIndex={-1}
        aria-label="Watched payments"
        aria-rowcount={view.length + 1}
        aria-multiselectable="true"
        aria-keyshortcuts="ArrowUp ArrowDown Shift+ArrowUp Shift+ArrowDown Home End Enter Delete Space Control+A Control+Z"
        className="grid-table"
        style={{ ['--cols' as string]: template, ['--min-w' as string]: `${minWidth}px` }}
        onKeyDown={(e) => handleGridKey(e, viewKeys(view), (index) => virtualizer.scrollToIndex(index, { align: 'auto' }))}
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
            const key = view[item.index]?.key;
            const row = key === undefined ? undefined : rowByKey.get(key);
            return row ? <WatchRow key={row.id} row={row} ariaIndex={item.index + 2} top={item.start} tabbable={row.id === tabKey} /> : null;
          })}
        </div>
        {view.length === 0 && !fresh ? <EmptyState phase={phase} filtered={list.length > 0} /> : null}
      </div>
      {fresh ? <Welcome /> : null}
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
