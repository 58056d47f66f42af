/** Which final statuses raise a desktop notification, and a switch for none at all. */
import { FINAL_STATUSES, PROVIDER_LABELS, PROVIDERS } from '../../../../shared/payment.ts';
import { updateSettings } from '../../store/bridge.ts';
import { useWatchStore } from '../../store/watch-store.ts';

/** Every final status, with the providers that use it. */
const STATUSES: { status: string; providers: string }[] = [...new Set(PROVIDERS.flatMap((p) => [...FINAL_STATUSES[p]]))].map((status) => ({
  status,
  providers: PROVIDERS.filter((p) => (FINAL_STATUSES[p] as readonly string[]).includes(status))
    .map((p) => PROVIDER_LABELS[p])
    .join(', '),
}));

/** The notification preferences form; each change is saved at once. */
export function NotificationSettings(): React.JSX.Element {
  const settings = useWatchStore((s) => s.settings);
  const on = new Set(settings.notifyStatuses);
  return (
    <section className="notify-settings" aria-labelledby="notify-title">
      <h3 id="notify-title" className="provider-title">
        Notifications
      </h3>
      <label className="check">
        <input type="checkbox" checked={settings.muteAll} onChange={(e) => void updateSettings({ muteAll: e.target.checked })} />
        <span>
          <strong>Mute all desktop notifications</strong>
          <span className="hint"> In-app toasts still show.</span>
        </span>
      </label>
      <fieldset className="status-checks" disabled={settings.muteAll}>
        <legend>Notify when a payment becomes…</legend>
        {STATUSES.map(({ status, providers }) => (
          <label key={status} className="check">
            <input
              type="checkbox"
              checked={on.has(status)}
              onChange={(e) => {
                const next = e.target.checked ? [...on, status] : [...on].filter((s) => s !== status);
                void updateSettings({ notifyStatuses: next });
              }}
            />
            <span>
              {status} <span className="hint">({providers})</span>
            </span>
          </label>
        ))}
      </fieldset>
    </section>
  );
}
