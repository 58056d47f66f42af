/**
 * The interactive cells: row checkbox, select-all checkbox and per-row actions. None is a Tab stop
 * (tabIndex -1): the grid is one (issue 17), and its keys do the same (Space, Ctrl/Cmd+A, Ctrl/Cmd+R,
 * Delete; Enter opens the detail pane with every action).
 */
import { useEffect, useRef } from 'react';
import type { WatchRowView } from '../../../../shared/ipc.ts';
import { useViewRows, viewKeys, viewOf } from '../../store/view.ts';
import { refreshPayments, setPaymentsPaused } from '../../store/bridge.ts';
import { removeWithCare } from '../../features/keyboard/remove.ts';
import { useWatchStore } from '../../store/watch-store.ts';

/** Short label of a row for screen readers: its ID. */
export function rowLabel(row: WatchRowView): string {
  return row.payment?.id ?? row.ref.value;
}

/** Selects one row; Shift+click selects a range of the rows in view order. */
export function SelectCell({ row }: { row: WatchRowView }): React.JSX.Element {
  const selected = useWatchStore((s) => s.selection.has(row.key));
  const toggle = useWatchStore((s) => s.toggleSelected);
  return (
    <input
      type="checkbox"
      tabIndex={-1}
      checked={selected}
      aria-label={`Select ${rowLabel(row)}`}
      onChange={() => undefined}
      onClick={(e) => toggle(row.key, { range: e.shiftKey, visibleKeys: viewKeys(viewOf(useWatchStore.getState())) })}
    />
  );
}

/** Selects or clears every row the filters let through. */
export function SelectAllHeader(): React.JSX.Element {
  const shown = useViewRows();
  const selectedCount = useWatchStore((s) => s.selection.size);
  const total = shown.length;
  const setSelection = useWatchStore((s) => s.setSelection);
  const ref = useRef<HTMLInputElement>(null);
  const all = total > 0 && selectedCount >= total;
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = selectedCount > 0 && !all;
  }, [selectedCount, all]);
  return (
    <input
      ref={ref}
      type="checkbox"
      tabIndex={-1}
      checked={all}
      aria-label={all ? 'Clear selection' : 'Select all shown payments'}
      onChange={() => setSelection(all ? [] : viewKeys(shown))}
    />
  );
}

/** Refresh now, pause/resume and remove for one row. */
export function ActionsCell({ row }: { row: WatchRowView }): React.JSX.Element {
  const label = rowLabel(row);
  const canPause = !row.final && !row.stopped;
  return (
    <div className="row-actions">
      <button type="button" tabIndex={-1} className="icon-btn" title="Check now" aria-label={`Check ${label} now`} onClick={() => void refreshPayments([row.key])}>
        <span aria-hidden="true">↻</span>
      </button>
      <button
        type="button"
        tabIndex={-1}
        className="icon-btn"
        disabled={!canPause}
        title={row.paused ? 'Resume checking' : 'Pause checking'}
        aria-label={`${row.paused ? 'Resume' : 'Pause'} ${label}`}
        onClick={() => void setPaymentsPaused([row.key], !row.paused)}
      >
        <span aria-hidden="true">{row.paused ? '▶' : '❚❚'}</span>
      </button>
      <button
        type="button"
        tabIndex={-1}
        className="icon-btn danger"
        title="Remove from watchlist"
        aria-label={`Remove ${label}`}
        onClick={() => void removeWithCare([row.key], { refocus: false })}
      >
        <span aria-hidden="true">✕</span>
      </button>
    </div>
  );
}
