/** "Export CSV": the whole watchlist, the rows in view (filters and search applied), or the selection. */
import { useEffect, useRef } from 'react';
import { formatCount } from '../../../../shared/format.ts';
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

  // A menu closes on a click anywhere else, and on Escape wherever focus is (a <details> does neither).
  useEffect(() => {
    const close = (e: Event) => {
      const menu = ref.current;
      if (!menu?.open) return;
      if (e instanceof KeyboardEvent) {
        if (e.key !== 'Escape') return;
        menu.open = false;
        // This Escape closed the menu; it must not also close the detail pane behind it.
        e.stopPropagation();
        if (menu.contains(document.activeElement)) menu.querySelector('summary')?.focus();
      } else if (!menu.contains(e.target as Node)) menu.open = false;
    };
    document.addEventListener('pointerdown', close);
    document.addEventListener('keydown', close, true);
    return () => {
      document.removeEventListener('pointerdown', close);
      document.removeEventListener('keydown', close, true);
    };
  }, []);

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
    <details className="menu" ref={ref}>
      <summary className="btn small">Export CSV</summary>
      <div className="menu-list" role="group" aria-label="Export to CSV">
        <button type="button" className="menu-item" disabled={total === 0} onClick={() => run('all')}>
          Whole watchlist ({formatCount(total)})
        </button>
        <button type="button" className="menu-item" disabled={shown === 0} onClick={() => run('view')}>
          {filtered ? 'Filtered view' : 'Rows in view, as sorted'} ({formatCount(shown)})
        </button>
        <button type="button" className="menu-item" disabled={selected === 0} onClick={() => run('selection')}>
          Selection ({formatCount(selected)})
        </button>
      </div>
    </details>
  );
}
