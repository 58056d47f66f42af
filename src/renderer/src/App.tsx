/**
 * The window: header, banners, then one of two screens — the watchlist (paste-to-add, the
 * table, the detail pane) or Keys & accounts ("#accounts") — and the toasts. The toasts take
 * their own lane under the screen, never over the table or the detail pane (issue 17); on narrow
 * windows the detail pane is a drawer over the table (layout.css).
 */
import { AccountBanners } from './components/AccountBanners.tsx';
import { ConfirmDialog } from './components/ConfirmDialog.tsx';
import { DetailPanel } from './components/detail/DetailPanel.tsx';
import { Header } from './components/Header.tsx';
import { AwaySummary } from './features/away/AwaySummary.tsx';
import { SEARCH_ID, Toolbar } from './components/Toolbar.tsx';
import { Toasts } from './components/Toasts.tsx';
import { WatchlistTable } from './components/table/WatchlistTable.tsx';
import { AccountsScreen } from './features/accounts/AccountsScreen.tsx';
import { AlertHistoryScreen } from './features/alerts/AlertHistoryScreen.tsx';
import { DemoBanner } from './features/demo/DemoBanner.tsx';
import { useShortcuts } from './features/keyboard/use-shortcuts.ts';
import { TodayStrip } from './features/glance/TodayStrip.tsx';
import { HiddenNotice } from './features/views/ViewsBar.tsx';
import { PasteBox } from './features/paste/PasteBox.tsx';
import { useHash } from './lib/use-hash.ts';
import { useWatchStore } from './store/watch-store.ts';

/** The whole window. */
export function App(): React.JSX.Element {
  const loadError = useWatchStore((s) => s.loadError);
  const detailOpen = useWatchStore((s) => s.focusedKey !== null);
  const hash = useHash();
  const alerts = hash === '#alerts';
  // Any screen but the watchlist: the watchlist's shortcuts and detail pane stay out of it.
  const accounts = hash === '#accounts' || alerts;
  useShortcuts(accounts ? null : SEARCH_ID);
  return (
    <div className={`app${detailOpen && !accounts ? ' detail-open' : ''}`}>
      <a
        className="skip-link"
        href="#watchlist"
        onClick={(e) => {
          // The hash picks the screen, so the link focuses its target instead of navigating.
          e.preventDefault();
          document.getElementById(alerts ? 'alerts-title' : accounts ? 'accounts-title' : 'watchlist')?.focus();
        }}
      >
        Skip to the main content
      </a>
      <Header accountsOpen={accounts && !alerts} alertsOpen={alerts} />
      <DemoBanner />
      <AccountBanners />
      <AwaySummary />
      {loadError ? (
        <div className="banner danger" role="alert">
          <div className="banner-text">
            <strong>The watchlist could not be loaded.</strong> {loadError.message}
          </div>
        </div>
      ) : null}
      <div className="app-body">
        <div className="main-col">
          {alerts ? (
            <AlertHistoryScreen />
          ) : accounts ? (
            <AccountsScreen />
          ) : (
            <main className="workspace">
              <PasteBox />
              <section id="watchlist" className="watchlist" aria-label="Watchlist" tabIndex={-1}>
                <TodayStrip />
                <Toolbar />
                <HiddenNotice />
                <WatchlistTable />
              </section>
            </main>
          )}
          <Toasts />
        </div>
        {accounts ? null : <DetailPanel />}
      </div>
      <ConfirmDialog />
    </div>
  );
}
