/** Search, filters, export, and actions on the selected rows. */
import { useEffect } from 'react';
import { countOf, formatCount } from '../../../shared/format.ts';
import { PROVIDERS, PROVIDER_LABELS, type Provider } from '../../../shared/payment.ts';
import { ExportMenu } from '../features/export/ExportMenu.tsx';
import { ViewsBar } from '../features/views/ViewsBar.tsx';
import { checkProgress, notLoadedText, progressText } from '../lib/progress.ts';
import { STATE_IDS, STATES, statusWordFilter } from '../lib/status.ts';
import { summarize, warmSearch } from '../store/filter.ts';
import { useViewRows } from '../store/view.ts';
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
  const accounts = useWatchStore((s) => s.accounts);
  const summary = summarize(list);
  const { statusWords: words, accounts: shops } = summary;
  const unchecked = summary.counts.unchecked;
  const progress = checkProgress(summary, accounts);
  const shown = useViewRows().length;
  const filtered = shown !== list.length;
  // The search text of new rows is built while the page is idle, before the first keystroke needs it.
  useEffect(() => warmSearch(list), [list]);

  return (
    <div className="toolbar">
      <ViewsBar />
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
            <option value="all">All payments</option>
            {STATE_IDS.map((id) => (
              <option key={id} value={id}>
                {STATES[id].label}
              </option>
            ))}
            {words.length > 0 ? (
              <optgroup label="Provider status">
                {words.map((w) => (
                  <option key={w} value={statusWordFilter(w)}>
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
        {shops.length > 1 || filters.account !== 'all' ? (
          <label className="field">
            <span>Account</span>
            <select value={filters.account} onChange={(e) => setFilters({ account: e.target.value })}>
              <option value="all">All accounts</option>
              {shops.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
          </label>
        ) : null}
      </div>
      <span className="shown" role="status" aria-live="polite">
        {filtered ? `${formatCount(shown)} of ${formatCount(list.length)} shown` : countOf(list.length, 'payment')}
        {search.trim() !== '' && unchecked > 0 ? <span className="not-loaded"> · {notLoadedText(unchecked)}</span> : null}
      </span>
      <ExportMenu shown={shown} filtered={filtered} />
      <SelectionActions />
      {progress ? (
        <p className="check-progress" role="status" data-testid="check-progress">
          <span className="spinner" aria-hidden="true" />
          {progressText(progress)} ·{' '}
          <a href="#accounts" title="Keys & accounts › Advanced: requests per minute">
            change the budget
          </a>
        </p>
      ) : null}
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
      <span className="selection-count">{formatCount(selection.size)} selected</span>
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
