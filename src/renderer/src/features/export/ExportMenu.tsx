/** "Export CSV": the whole watchlist, the rows in view (filters and search applied), or the selection. */
import { useRef } from 'react';
import { useWatchStore } from '../../store/watch-store.ts';
import { exportRows, type ExportScope } from './export-csv.ts';
import { viewRows } from './view-rows.ts';

interface Props {
  /** Rows passing the filters and search (the count only; the order comes from the table). */
  shown: number;
  filtered: boolean;
}

/** A disclosure with one button per scope. */
export function ExportMenu({ shown, filtered }: Props): React.JSX.Element {
  const total = useWatchStore((s) => s.list.length);
  const selected = useWatchStore((s) => s.selection.size);
  const ref = useRef<HTMLDetailsElement>(null);

  const run = (scope: ExportScope) => {
    const s = useWatchStore.getState();
    // In view order, as on screen; the whole watchlist in the order it was added.
    const inView = viewRows();
    const rows = scope === 'all' ? s.list : scope === 'view' ? inView : inView.filter((r) => s.selection.has(r.key));
    // Selected rows hidden by a filter still belong to the selection.
    const exported = new Set(rows.map((r) => r.key));
    const hidden = scope === 'selection' ? s.list.filter((r) => s.selection.has(r.key) && !exported.has(r.key)) : [];
    exportRows([...rows, ...hidden], scope);
    if (ref.current) ref.current.open = false;
  };

  return (
    <details
      className="menu"
      ref={ref}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && ref.current?.open) {
          ref.current.open = false;
          ref.current.querySelector('summary')?.focus();
        }
      }}
    >
      <summary className="btn small">Export CSV</summary>
      <div className="menu-list" role="group" aria-label="Export to CSV">
        <button type="button" className="menu-item" disabled={total === 0} onClick={() => run('all')}>
          Whole watchlist ({total})
        </button>
        <button type="button" className="menu-item" disabled={shown === 0} onClick={() => run('view')}>
          {filtered ? 'Filtered view' : 'Rows in view, as sorted'} ({shown})
        </button>
        <button type="button" className="menu-item" disabled={selected === 0} onClick={() => run('selection')}>
          Selection ({selected})
        </button>
      </div>
    </details>
  );
}
