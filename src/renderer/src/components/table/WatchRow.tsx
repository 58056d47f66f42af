/** One virtualized watchlist row; memoized on the row's data so unrelated updates skip it. */
import { memo } from 'react';
import type { Row } from '@tanstack/react-table';
import type { WatchRowView } from '../../../../shared/ipc.ts';
import { statusLook } from '../../lib/status.ts';
import { showPayment } from '../../store/bridge.ts';
import { useWatchStore } from '../../store/watch-store.ts';
import type { features } from './columns.tsx';
import { CellContent } from './CellContent.tsx';

/** The DOM id of a row, for the grid's aria-activedescendant. */
export function rowDomId(key: string): string {
  return `row-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

interface Props {
  row: Row<typeof features, WatchRowView>;
  /** 1-based position among all rows including the header row, for aria-rowindex. */
  ariaIndex: number;
  top: number;
}

function WatchRowImpl({ row, ariaIndex, top }: Props): React.JSX.Element {
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
      className={classes.join(' ')}
      data-key={view.key}
      style={{ transform: `translateY(${top}px)` }}
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
  (a, b) => a.row.original === b.row.original && a.ariaIndex === b.ariaIndex && a.top === b.top,
);
