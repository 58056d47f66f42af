/**
 * What closing the window does: keep watching in the tray, or quit (issue 10). Where no tray icon
 * can be shown (a Linux desktop without a StatusNotifier host) the window never hides to a tray
 * the user cannot reach: closing quits, and this says so.
 */
import type { CloseAction } from '../../../../shared/ipc.ts';
import { updateSettings } from '../../store/bridge.ts';
import { useWatchStore } from '../../store/watch-store.ts';

const CHOICES: { value: CloseAction; label: string; hint: string }[] = [
  { value: 'tray', label: 'Keep watching in the tray', hint: 'Paymon keeps checking payments and notifying; Quit is in the tray menu.' },
  { value: 'quit', label: 'Quit Paymon', hint: 'Checking stops until you open Paymon again.' },
];

/** The window-close preference; saved at once. */
export function CloseSettings(): React.JSX.Element {
  const onClose = useWatchStore((s) => s.settings.onClose);
  const trayShown = useWatchStore((s) => s.trayShown);
  return (
    <section className="notify-settings close-settings" aria-labelledby="close-title" data-testid="close-settings">
      <h3 id="close-title" className="provider-title">
        When the window is closed
      </h3>
      <div className="close-choices" role="radiogroup" aria-labelledby="close-title">
        {CHOICES.map((c) => (
          <label key={c.value} className="check">
            <input type="radio" name="on-close" value={c.value} checked={onClose === c.value} onChange={() => void updateSettings({ onClose: c.value })} />
            <span>
              <strong>{c.label}</strong> <span className="hint">{c.hint}</span>
            </span>
          </label>
        ))}
      </div>
      {onClose === 'tray' && trayShown === false ? (
        <p className="key-problem" role="note" data-testid="no-tray-note">
          This desktop shows no tray icons (no StatusNotifier host is running), so closing the window quits Paymon instead.
          Install a tray extension for your desktop (on GNOME: AppIndicator support) and restart Paymon to keep it watching in the tray.
        </p>
      ) : null}
    </section>
  );
}
