/** The top bar: counts, polling pause/resume, and the way to keys and accounts. */
import { useMemo } from 'react';
import { countRows } from '../store/filter.ts';
import { setMonitorPaused } from '../store/bridge.ts';
import { useWatchStore } from '../store/watch-store.ts';

/** App header. */
export function Header(): React.JSX.Element {
  const list = useWatchStore((s) => s.list);
  const paused = useWatchStore((s) => s.monitorPaused);
  const demo = useWatchStore((s) => s.demo);
  const counts = useMemo(() => countRows(list), [list]);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden="true">◎</span>
        <h1>Paymon</h1>
        {demo ? <span className="chip">demo</span> : null}
      </div>
      <dl className="counts" aria-label="Watchlist counts">
        <div>
          <dt>Watching</dt>
          <dd data-testid="count-total">{counts.total}</dd>
        </div>
        <div>
          <dt>Pending</dt>
          <dd data-testid="count-pending">{counts.pending}</dd>
        </div>
        <div>
          <dt>Final</dt>
          <dd data-testid="count-final">{counts.final}</dd>
        </div>
        {counts.problems > 0 ? (
          <div className="counts-problems">
            <dt>Problems</dt>
            <dd data-testid="count-problems">{counts.problems}</dd>
          </div>
        ) : null}
      </dl>
      <div className="header-actions">
        <span className={`polling ${paused ? 'off' : 'on'}`} role="status">
          <span className="badge-dot" aria-hidden="true" />
          {paused ? 'Polling paused' : 'Polling'}
        </span>
        <button type="button" className="btn" aria-pressed={paused} onClick={() => void setMonitorPaused(!paused)}>
          {paused ? 'Resume polling' : 'Pause polling'}
        </button>
        {/* Placeholder until the keys screen lands: the link target is the future accounts view. */}
        <a className="btn ghost" href="#accounts" title="Keys and accounts (coming soon)">
          Keys &amp; accounts
        </a>
      </div>
    </header>
  );
}
