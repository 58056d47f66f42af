/** One virtualized watchlist row; memoized on the row's data so unrelated updates skip it. */
import { memo } from 'react';
import type { Row } from '@tanstack/react-table';
import type { WatchRowView } from '../../../../shared/ipc.ts';
import { statusLook } from '../../lib/status.ts';
import { showPayment } from '../../store/bridge.ts';
import { useWatchStore } from '../../store/watch-store.ts';
import { rowDomId } from '../../features/keyboard/grid-focus.ts';
import type { features } from './columns.tsx';
import { CellContent } from './CellContent.tsx';

interface Props {
  row: Row<typeof features, WatchRowView>;
  /** 1-based position among all rows including the header row, for aria-rowindex. */
  ariaIndex: number;
  top: number;
  /** The grid's one Tab stop (roving tabindex): the cursor row, or the first row without one. */
  tabbable: boolean;
}

function WatchRowImpl({ row, ariaIndex, top, tabbable }: Props): React.JSX.Element {
  const view = row.original;
  const selected = useWatchStore((s) => s.selection.has(view.key));
  const focused = useWatchStore((s) => s.focusedKey === view.key);
  const cursor = useWatchStore((s) => s.cursorKey === view.key);
  const tone = statusLook(view).tone;
  const classes = ['tr', `row-${tone}`];
  if (selected) classes.push('selected');
  if (focused) classes.push('focused');
  if (cursor) classes.push('cursor');
  if (view.muted) classes.push('muted-row');
  if (view.lastError) classes.push('has-error');
  return (
    <div
      role="row"
      id={rowDomId(view.key)}
      aria-rowindex={ariaIndex}
      aria-selected={selected}
      tabIndex={tabbable ? 0 : -1}
      className={classes.join(' ')}
      data-key={view.key}
      style={{ transform: `translateY(${top}px)` }}
      onFocus={(e) => {
        // Tab or a click landed here: this row is the cursor now (the selection stays).
        if (e.target === e.currentTarget && useWatchStore.getState().cursorKey !== view.key) useWatchStore.getState().moveCursor(view.key);
      }}
      onClick={(e) => {
        // Clicks on controls do their own thing; a click elsewhere on the row opens it.
        if ((e.target as HTMLElement).closest('button, input, a')) return;
        void showPayment(view.key);
      }}
    >
      {row.getAllCells().map((cell) => (
        <CellContent key={cell.id} cell={cell} />
      ))}
    </div>
  );
}

/** Rows re-render when their data, position or row object changes; selection is read inside. */
export const WatchRow = memo(
  WatchRowImpl,
  (a, b) => a.row.original === b.row.original && a.ariaIndex === b.ariaIndex && a.top === b.top && a.tabbable === b.tabbable,
);
