/**
 * "Stuck payments & milestones" (issue 14), in the rules editor: how long a payment may stay pending
 * per provider, how early an unpaid PayCrypt payment warns before it expires, whether stalled
 * confirmations alert, and the optional deposit milestones. Edited as a draft and saved together;
 * main checks the numbers (src/shared/ipc-schemas.ts) and the core decides the alerts.
 */
import { useState } from 'react';
import {
  DEFAULT_EXPIRING_MINUTES,
  DEFAULT_STUCK_PENDING_MINUTES,
  MILESTONE_CONFIRMATIONS_MAX,
  stuckPendingMinutes,
  WATCH_MINUTES_MAX,
  type WatchAlertSettings,
} from '../../../../shared/alert-rules.ts';
import { PROVIDER_LABELS, PROVIDERS, type Provider } from '../../../../shared/payment.ts';
import { updateAlertSettings } from '../../store/bridge.ts';

/** A number field's text, and whether its switch is on. */
interface Field {
  on: boolean;
  text: string;
}

interface Draft {
  pending: Record<Provider, Field>;
  expiring: Field;
  stalled: boolean;
  milestones: Field;
}

function draftOf(s: WatchAlertSettings): Draft {
  const pending = Object.fromEntries(
    PROVIDERS.map((p) => {
      const m = stuckPendingMinutes(s, p);
      return [p, { on: m !== null, text: String(m ?? DEFAULT_STUCK_PENDING_MINUTES) }];
    }),
  ) as Record<Provider, Field>;
  return {
    pending,
    expiring: { on: s.expiringMinutes !== null, text: String(s.expiringMinutes ?? DEFAULT_EXPIRING_MINUTES) },
    stalled: s.stalled,
    milestones: { on: s.milestones.enabled, text: String(s.milestones.confirmations) },
  };
}

/** A whole number from 1 to `max`, or null. */
function wholeNumber(text: string, max: number): number | null {
  if (!/^\d{1,7}$/.test(text.trim())) return null;
  const n = Number(text.trim());
  return n >= 1 && n <= max ? n : null;
}

/** The settings a draft stands for, or the sentence that says what to fix. */
function settingsOf(d: Draft): { settings: WatchAlertSettings } | { error: string } {
  const minutes = (f: Field): number | null | undefined => (f.on ? (wholeNumber(f.text, WATCH_MINUTES_MAX) ?? undefined) : null);
  const stuck: Partial<Record<Provider, number | null>> = {};
  for (const p of PROVIDERS) {
    const m = minutes(d.pending[p]);
    if (m === undefined) return { error: `Give ${PROVIDER_LABELS[p]}'s pending time as whole minutes, 1 to ${WATCH_MINUTES_MAX}.` };
    stuck[p] = m;
  }
  const expiring = minutes(d.expiring);
  if (expiring === undefined) return { error: `Give the expiry warning as whole minutes, 1 to ${WATCH_MINUTES_MAX}.` };
  const confirmations = wholeNumber(d.milestones.text, MILESTONE_CONFIRMATIONS_MAX);
  if (confirmations === null) return { error: `Give the confirmations milestone as a whole number, 1 to ${MILESTONE_CONFIRMATIONS_MAX}.` };
  return { settings: { stuckPendingMinutes: stuck, expiringMinutes: expiring, stalled: d.stalled, milestones: { enabled: d.milestones.on, confirmations } } };
}

/** One switch with its number: "[x] label [60] unit". */
function SwitchedNumber(props: { label: string; unit: string; field: Field; name: string; onChange(f: Field): void }): React.JSX.Element {
  const { label, unit, field, name, onChange } = props;
  return (
    <div className="watch-alert-row">
      <label className="check">
        <input type="checkbox" checked={field.on} onChange={(e) => onChange({ ...field, on: e.target.checked })} />
        <span>{label}</span>
      </label>
      <input
        className="watch-alert-number"
        inputMode="numeric"
        aria-label={name}
        disabled={!field.on}
        value={field.text}
        onChange={(e) => onChange({ ...field, text: e.target.value })}
      />
      <span>{unit}</span>
    </div>
  );
}

/** What the last save said; kept by the parent, since a save remounts the section. */
export type SaveMessage = { error: boolean; text: string } | null;

/** Props of WatchAlertsSection. */
export interface WatchAlertsSectionProps {
  saved: WatchAlertSettings;
  message: SaveMessage;
  setMessage(message: SaveMessage): void;
}

/** The section; `key` it by the saved settings so a save or a push starts a fresh draft. */
export function WatchAlertsSection({ saved, message, setMessage }: WatchAlertsSectionProps): React.JSX.Element {
  const [draft, setDraft] = useState<Draft>(() => draftOf(saved));
  const result = settingsOf(draft);
  const save = async (): Promise<void> => {
    if ('error' in result) return;
    const error = await updateAlertSettings({ watch: result.settings });
    setMessage(error ? { error: true, text: error.message } : { error: false, text: 'Saved.' });
  };
  return (
    <fieldset className="quiet-hours watch-alerts" data-testid="watch-alerts">
      <legend>Stuck payments &amp; milestones</legend>
      <p className="hint">Each alert comes once per episode and follows the rules and quiet hours above.</p>
      {PROVIDERS.map((p) => (
        <SwitchedNumber
          key={p}
          label={`${PROVIDER_LABELS[p]}: pending longer than`}
          unit="min"
          name={`${PROVIDER_LABELS[p]} pending minutes`}
          field={draft.pending[p]}
          onChange={(f) => setDraft({ ...draft, pending: { ...draft.pending, [p]: f } })}
        />
      ))}
      <SwitchedNumber
        label="About to expire with no deposit:"
        unit="min before"
        name="Expiry warning minutes"
        field={draft.expiring}
        onChange={(expiring) => setDraft({ ...draft, expiring })}
      />
      <div className="watch-alert-row">
        <label className="check">
          <input type="checkbox" checked={draft.stalled} onChange={(e) => setDraft({ ...draft, stalled: e.target.checked })} />
          <span>Confirmations stalled (several block times without a new one)</span>
        </label>
      </div>
      <SwitchedNumber
        label="Milestones: deposit seen, and"
        unit="confirmations"
        name="Milestone confirmations"
        field={draft.milestones}
        onChange={(milestones) => setDraft({ ...draft, milestones })}
      />
      <div className="account-actions">
        <button type="button" className="btn" onClick={() => void save()} disabled={'error' in result}>
          Save stuck &amp; milestones
        </button>
        {'error' in result ? (
          <span className="key-problem" role="alert">
            {result.error}
          </span>
        ) : message ? (
          <span className={message.error ? 'key-problem' : 'hint'} role={message.error ? 'alert' : 'status'} data-testid="watch-alerts-message">
            {message.text}
          </span>
        ) : null}
      </div>
    </fieldset>
  );
}
