/** The first screen without keys or payments: add a key, or try the demo. */
import { useState } from 'react';
import { startDemo } from '../../store/bridge.ts';

/** Shown in place of the empty table on a fresh install. */
export function Welcome(): React.JSX.Element {
  const [busy, setBusy] = useState(false);
  return (
    <div className="welcome" data-testid="welcome">
      <h2>Welcome to Paymon</h2>
      <p>Paymon watches Card2Crypto and PayCrypt payments and tells you when they complete, fail or need a look.</p>
      <div className="welcome-actions">
        <a className="btn primary" href="#accounts">
          Add an API key
        </a>
        <button
          type="button"
          className="btn"
          disabled={busy}
          onClick={() => {
            setBusy(true);
            void startDemo().finally(() => setBusy(false));
          }}
        >
          {busy ? 'Starting the demo…' : 'Try the demo'}
        </button>
      </div>
      <p className="hint">The demo runs a built-in simulator with made-up payments; no key or account needed. Leave it at any time.</p>
    </div>
  );
}
