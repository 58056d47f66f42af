/**
 * Paymon outside its window (issue 13): the global shortcut that looks up the clipboard from any
 * app, and starting at login in the tray. Main reports a chord another app holds, or a login item
 * it could not set up, and this says so beside the setting.
 */
import { useState } from 'react';
import { DEFAULT_LOOKUP_SHORTCUT } from '../../../../shared/shortcut.ts';
import { setLookupShortcut, updateSettings } from '../../store/bridge.ts';
import { useWatchStore } from '../../store/watch-store.ts';

/** The shortcut field and the start-at-login switch; each saved at once. */
export function DesktopSettings(): React.JSX.Element {
  const shortcut = useWatchStore((s) => s.settings.lookupShortcut);
  const openAtLogin = useWatchStore((s) => s.settings.openAtLogin);
  const loginItemProblem = useWatchStore((s) => s.loginItemProblem);
  return (
    <section className="notify-settings desktop-settings" aria-labelledby="desktop-title" data-testid="desktop-settings">
      <h3 id="desktop-title" className="provider-title">
        Outside the window
      </h3>
      {/* Keyed by the saved chord: main's value (canonical, or changed elsewhere) replaces the draft. */}
      <ShortcutForm key={shortcut ?? ''} shortcut={shortcut} />
      <label className="check">
        <input type="checkbox" checked={openAtLogin} onChange={(e) => void updateSettings({ openAtLogin: e.target.checked })} />
        <span>
          <strong>Start Paymon when I log in</strong> <span className="hint">It starts in the tray, without a window, and keeps watching.</span>
        </span>
      </label>
      {loginItemProblem !== null ? (
        <p className="key-problem" role="note" data-testid="login-item-problem">
          {loginItemProblem}
        </p>
      ) : null}
    </section>
  );
}

/** The chord being typed, saved on Enter; main's refusal is shown beside it. */
function ShortcutForm({ shortcut }: { shortcut: string | null }): React.JSX.Element {
  const shortcutProblem = useWatchStore((s) => s.shortcutProblem);
  const [draft, setDraft] = useState(shortcut ?? '');
  const [error, setError] = useState<string | null>(null);
  const save = async (value: string | null): Promise<void> => {
    setError(await setLookupShortcut(value));
  };
  return (
    <form
      className="shortcut-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save(draft);
      }}
    >
      <label htmlFor="lookup-shortcut">
        <strong>Clipboard lookup shortcut</strong>{' '}
        <span className="hint">
          {shortcut === null
            ? `Off. Type a chord such as ${DEFAULT_LOOKUP_SHORTCUT} to look up copied payment IDs from any app.`
            : `In any app, press ${shortcut} to add the payment IDs on the clipboard and get their status in a notification.`}
        </span>
      </label>
      <div className="shortcut-row">
        <input
          id="lookup-shortcut"
          className="mono"
          value={draft}
          spellCheck={false}
          autoComplete="off"
          placeholder="off"
          aria-invalid={error !== null}
          aria-describedby={error !== null ? 'shortcut-error' : undefined}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="submit" className="btn" disabled={draft.trim() === (shortcut ?? '')}>
          Save
        </button>
        <button type="button" className="btn" disabled={shortcut === null} onClick={() => void save(null)}>
          Remove
        </button>
        {shortcut !== DEFAULT_LOOKUP_SHORTCUT ? (
          <button type="button" className="btn" onClick={() => void save(DEFAULT_LOOKUP_SHORTCUT)}>
            Use the default
          </button>
        ) : null}
      </div>
      {error !== null ? (
        <p className="key-problem" id="shortcut-error" role="alert">
          {error}
        </p>
      ) : null}
      {error === null && shortcutProblem !== null ? (
        <p className="key-problem" role="note" data-testid="shortcut-problem">
          {shortcutProblem}
        </p>
      ) : null}
    </form>
  );
}
