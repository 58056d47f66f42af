/** While demo mode is on: a banner that says so, with the way out. */
import { useState } from 'react';
import { stopDemo } from '../../store/bridge.ts';
import { useWatchStore } from '../../store/watch-store.ts';

/** The demo banner (nothing outside demo mode). */
export function DemoBanner(): React.JSX.Element | null {
  const demo = useWatchStore((s) => s.demo);
  const [busy, setBusy] = useState(false);
  if (!demo) return null;
  return (
    <div className="banner demo" role="region" aria-label="Demo mode" data-testid="demo-banner">
      <div className="banner-text">
        <strong>Demo mode.</strong> These payments and keys are simulated: nothing here touches a real account. Statuses move on
        their own within about two minutes.
      </div>
      <button
        type="button"
        className="btn small"
        disabled={busy}
        onClick={() => {
          setBusy(true);
          void stopDemo().finally(() => setBusy(false));
        }}
      >
        {busy ? 'Leaving…' : 'Leave demo'}
      </button>
    </div>
  );
}
