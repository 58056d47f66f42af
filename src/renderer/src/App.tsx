/** The watchlist window: header, account banners, paste-to-add, the table, the detail pane and toasts. */
import { AccountBanners } from './components/AccountBanners.tsx';
import { DetailPanel } from './components/DetailPanel.tsx';
import { Header } from './components/Header.tsx';
import { Toolbar } from './components/Toolbar.tsx';
import { Toasts } from './components/Toasts.tsx';
import { WatchlistTable } from './components/table/WatchlistTable.tsx';
import { PasteBox } from './features/paste/PasteBox.tsx';
import { useWatchStore } from './store/watch-store.ts';

/** The whole window. */
export function App(): React.JSX.Element {
  const loadError = useWatchStore((s) => s.loadError);
  return (
    <div className="app">
      <a className="skip-link" href="#watchlist">
        Skip to the watchlist
      </a>
      <Header />
      <AccountBanners />
      {loadError ? (
        <div className="banner danger" role="alert">
          <div className="banner-text">
            <strong>The watchlist could not be loaded.</strong> {loadError.message}
          </div>
        </div>
      ) : null}
      <div className="app-body">
        <main className="workspace">
          <PasteBox />
          <section id="watchlist" className="watchlist" aria-label="Watchlist" tabIndex={-1}>
            <Toolbar />
            <WatchlistTable />
          </section>
        </main>
        <DetailPanel />
      </div>
      <Toasts />
    </div>
  );
}
