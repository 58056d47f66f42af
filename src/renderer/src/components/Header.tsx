/** The top bar: counts per state (each one filters the table), demo badge, polling, keys and accounts. */
import { useMemo } from 'react';
import { formatCount } from '../../../shared/format.ts';
import type { StaleView } from '../../../shared/ipc.ts';
import { formatAgo, formatClock, formatDateTime } from '../lib/time.ts';
import { useNow } from '../lib/use-now.ts';
import { STATE_IDS, STATES, type StateId } from '../lib/status.ts';
import { countRows } from '../store/filter.ts';
import { setMonitorPaused } from '../store/bridge.ts';
import { useWatchStore, type WatchState } from '../store/watch-store.ts';

/** States the header always counts; the others only when some row is in them. */
const ALWAYS: ReadonlySet<StateId> = new Set<StateId>(['pending', 'final']);
/** Problem states, shown in the danger colour. */
const PROBLEMS: ReadonlySet<StateId> = new Set<StateId>(['needs-key', 'not-found', 'failing']);

/**
 * Whether polling runs, in words: a fresh install with no usable key is not "Polling" (nothing
 * would be checked), and says what is missing.
 */
export function pollingText(s: Pick<WatchState, 'monitorPaused' | 'accounts' | 'demo'>): { text: string; on: boolean } {
  if (s.monitorPaused) return { text: 'Polling paused', on: false };
  if (!s.demo && !s.accounts.some((a) => a.hasKey)) return { text: 'Not polling: no API key', on: false };
  if (!s.demo && s.accounts.every((a) => !a.hasKey || a.verified === 'rejected')) return { text: 'Not polling: key rejected', on: false };
  return { text: 'Polling', on: true };
}

/** Why nothing is checked, after "Stale since 14:02". */
const STALE_REASONS: Record<StaleView['reason'], string> = { paused: 'polling paused', offline: 'offline', asleep: 'asleep' };

/** "· checked 12s ago": the newest check of any row, ticking. */
function LastCheck(): React.JSX.Element | null {
  const list = useWatchStore((s) => s.list);
  const now = useNow();
  const newest = useMemo(() => list.reduce<string | null>((m, r) => (r.lastCheckedAt !== null && (m === null || r.lastCheckedAt > m) ? r.lastCheckedAt : m), null), [list]);
  if (newest === null) return null;
  return <span className="hint last-check"> · checked {formatAgo(newest, now)}</span>;
}

/** App header; `accountsOpen` / `alertsOpen` mark the Keys & accounts or Alerts link as the current page. */
export function Header({ accountsOpen, alertsOpen = false }: { accountsOpen: boolean; alertsOpen?: boolean }): React.JSX.Element {
  const list = useWatchStore((s) => s.list);
  const paused = useWatchStore((s) => s.monitorPaused);
  const demo = useWatchStore((s) => s.demo);
  const accounts = useWatchStore((s) => s.accounts);
  const status = useWatchStore((s) => s.filters.status);
  const setFilters = useWatchStore((s) => s.setFilters);
  const counts = countRows(list);
  const polling = pollingText({ monitorPaused: paused, accounts, demo });
  const stale = useWatchStore((s) => s.stale);
  const show = (filter: string) => {
    setFilters({ status: status === filter ? 'all' : filter });
    if (accountsOpen || alertsOpen) window.location.hash = '#watchlist';
  };
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
      <ul className="counts" aria-label="Watchlist counts (each shows only those payments)">
        <li>
          <button type="button" className="count" aria-pressed={status === 'all'} onClick={() => show('all')}>
            <span className="count-label">Watching</span> <span className="count-num" data-testid="count-total">{formatCount(counts.total)}</span>
          </button>
        </li>
        {STATE_IDS.filter((id) => ALWAYS.has(id) || counts[id] > 0).map((id) => (
          <li key={id}>
            <button
              type="button"
              className={`count${PROBLEMS.has(id) ? ' count-problem' : ''}`}
              aria-pressed={status === id}
              title={`Show only: ${STATES[id].label}`}
              onClick={() => show(id)}
            >
              <span className="count-label">{STATES[id].label}</span>{' '}
              <span className="count-num" data-testid={`count-${id}`}>
                {formatCount(counts[id])}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <div className="header-actions">
        {stale ? (
          <span className="polling stale" role="status" data-testid="stale" title={`No payment has been checked since ${formatDateTime(stale.since)} (${STALE_REASONS[stale.reason]})`}>
            <span aria-hidden="true">⚠</span> Stale since {formatClock(stale.since)}
            <span className="stale-reason"> · {STALE_REASONS[stale.reason]}</span>
          </span>
        ) : (
          <span className={`polling ${polling.on ? 'on' : 'off'}`} role="status" data-testid="polling">
            <span className="badge-dot" aria-hidden="true" />
            <span className="polling-text">{polling.text}</span>
            {polling.on ? <LastCheck /> : null}
          </span>
        )}
        <button type="button" className="btn" aria-pressed={paused} onClick={() => void setMonitorPaused(!paused)}>
          {paused ? 'Resume polling' : 'Pause polling'}
        </button>
        <a
          className="btn ghost alerts-link"
          href={alertsOpen ? '#watchlist' : '#alerts'}
          aria-current={alertsOpen ? 'page' : undefined}
          title={alertsOpen ? 'Back to the watchlist' : 'Every alert, its rule and what became of its notification'}
        >
          <svg className="bell" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
            <path d="M8 1.5a4 4 0 0 0-4 4v2.6L2.7 10.6c-.3.5 0 1.1.6 1.1h9.4c.6 0 .9-.6.6-1.1L12 8.1V5.5a4 4 0 0 0-4-4Zm-1.7 11.2a1.8 1.8 0 0 0 3.4 0Z" fill="currentColor" />
          </svg>
          <span className="header-link-label">Alerts</span>
        </a>
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
