/** The top bar: counts, demo badge, polling pause/resume, and the way to keys and accounts. */
import { useMemo } from 'react';
import { countRows } from '../store/filter.ts';
import { setMonitorPaused } from '../store/bridge.ts';
import { useWatchStore } from '../store/watch-store.ts';

/** App header; `accountsOpen` marks the Keys & accounts link as the current page. */
export function Header({ accountsOpen }: { accountsOpen: boolean }): React.JSX.Element {
  const list = useWatchStore((s) => s.list);
  const paused = useWatchStore((s) => s.monitorPaused);
  const demo = useWatchStore((s) => s.demo);
  const counts = useMemo(() => countRows(list), [list]);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden="true">◎</span>
        <h1>Paymon</h1>
        {demo ? (
          <span className="chip chip-demo" data-testid="demo-badge">
            Demo mode
          </span>
        ) : null}
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
        <a
          className="btn ghost"
          href={accountsOpen ? '#watchlist' : '#accounts'}
          aria-current={accountsOpen ? 'page' : undefined}
          title={accountsOpen ? 'Back to the watchlist' : 'API keys, accounts and notifications'}
        >
          Keys &amp; accounts
        </a>
      </div>
    </header>
  );
}
