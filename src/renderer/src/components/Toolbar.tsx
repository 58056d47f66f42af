/** Search, filters, export, and actions on the selected rows. */
import { useMemo } from 'react';
import { PROVIDERS, PROVIDER_LABELS, type Provider } from '../../../shared/payment.ts';
import { ExportMenu } from '../features/export/ExportMenu.tsx';
import { filterRowsShared, statusWords } from '../store/filter.ts';
import { removeWithCare } from '../features/keyboard/remove.ts';
import { refreshPayments, setPaymentsMuted, setPaymentsPaused } from '../store/bridge.ts';
import { useWatchStore } from '../store/watch-store.ts';

/** The id of the search box (Ctrl/Cmd+F focuses it). */
export const SEARCH_ID = 'watch-search';

/** The bar above the table. */
export function Toolbar(): React.JSX.Element {
  const list = useWatchStore((s) => s.list);
  const filters = useWatchStore((s) => s.filters);
  const search = useWatchStore((s) => s.search);
  const setFilters = useWatchStore((s) => s.setFilters);
  const setSearch = useWatchStore((s) => s.setSearch);
  const words = useMemo(() => statusWords(list), [list]);
  const shown = useMemo(() => filterRowsShared(list, filters, search).length, [list, filters, search]);
  const filtered = shown !== list.length;

  return (
    <div className="toolbar">
      <div className="toolbar-filters" role="search" aria-label="Search and filter payments">
        <label className="search">
          <span className="visually-hidden">Search payments</span>
          <span className="search-icon" aria-hidden="true">⌕</span>
          <input
            id={SEARCH_ID}
            type="search"
            placeholder="Search IDs, order IDs, customers, metadata"
            title="Search (Ctrl+F)"
            aria-keyshortcuts="Control+F Meta+F"
            value={search}
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <label className="field">
          <span>Status</span>
          <select value={filters.status} onChange={(e) => setFilters({ status: e.target.value })}>
            <option value="all">All statuses</option>
            <option value="pending">Pending (not final)</option>
            <option value="final">Final</option>
            <option value="problems">Check failed</option>
            {words.length > 0 ? (
              <optgroup label="Status">
                {words.map((w) => (
                  <option key={w} value={w}>
                    {w}
                  </option>
                ))}
              </optgroup>
            ) : null}
          </select>
        </label>
        <label className="field">
          <span>Provider</span>
          <select value={filters.provider} onChange={(e) => setFilters({ provider: e.target.value as Provider | 'all' })}>
            <option value="all">All providers</option>
            {PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {PROVIDER_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
      </div>
      <span className="shown" role="status" aria-live="polite">
        {filtered ? `${shown} of ${list.length} shown` : `${list.length} payment${list.length === 1 ? '' : 's'}`}
      </span>
      <ExportMenu shown={shown} filtered={filtered} />
      <SelectionActions />
    </div>
  );
}

function SelectionActions(): React.JSX.Element | null {
  const selection = useWatchStore((s) => s.selection);
  const setSelection = useWatchStore((s) => s.setSelection);
  if (selection.size === 0) return null;
  const keys = [...selection];
  return (
    <div className="selection-actions" role="group" aria-label="Selected payments">
      <span className="selection-count">{selection.size} selected</span>
      <button type="button" className="btn small" aria-keyshortcuts="Control+R Meta+R" onClick={() => void refreshPayments(keys)}>
        Check now
      </button>
      <button type="button" className="btn small" onClick={() => void setPaymentsPaused(keys, true)}>
        Pause
      </button>
      <button type="button" className="btn small" onClick={() => void setPaymentsPaused(keys, false)}>
        Resume
      </button>
      <button type="button" className="btn small" onClick={() => void setPaymentsMuted(keys, true)}>
        Mute
      </button>
      <button type="button" className="btn small" onClick={() => void setPaymentsMuted(keys, false)}>
        Unmute
      </button>
      <button type="button" className="btn small danger" aria-keyshortcuts="Delete" onClick={() => void removeWithCare(keys, { refocus: false })}>
        Remove
      </button>
      <button type="button" className="btn small ghost" onClick={() => setSelection([])}>
        Clear
      </button>
    </div>
  );
}
