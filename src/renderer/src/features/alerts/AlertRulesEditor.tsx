/**
 * The notification rules and quiet hours (issue 14), in Keys & accounts. The first enabled rule
 * that matches an alert decides it; with none, the statuses above do. Rules are edited as a draft
 * and saved together (main checks them); quiet hours are saved at once.
 */
import { useEffect, useState } from 'react';
import { MAX_RULES, newRule, type AlertSettingsView, type NotifyRule, type QuietHours } from '../../../../shared/alert-rules.ts';
import { loadAlertSettings, updateAlertSettings } from '../../store/bridge.ts';
import { useWatchStore } from '../../store/watch-store.ts';
import { amountDraft, RuleCard, thresholdOf, type AmountDraft } from './RuleCard.tsx';
import { WatchAlertsSection, type SaveMessage } from './WatchAlertsSection.tsx';

interface Draft {
  rule: NotifyRule;
  amount: AmountDraft;
}

const DEFAULT_QUIET: QuietHours = { start: '22:00', end: '07:00' };

/** The rules editor and the quiet hours, once main sent them. */
export function AlertRulesEditor(): React.JSX.Element {
  const saved = useWatchStore((s) => s.alertSettings);
  const [message, setMessage] = useState<{ error: boolean; text: string } | null>(null);
  const [watchMessage, setWatchMessage] = useState<SaveMessage>(null);
  useEffect(() => void loadAlertSettings(), []);
  if (!saved) return <section className="notify-settings" aria-busy="true" aria-label="Notification rules" />;
  // A fresh draft of what main saved whenever that changes (saved here, or pushed): the key remounts
  // the form; each part has its own key, so saving one keeps the other's unsaved edits.
  const watch = <WatchAlertsSection key={JSON.stringify(saved.watch)} saved={saved.watch} message={watchMessage} setMessage={setWatchMessage} />;
  return (
    <RulesForm key={JSON.stringify([saved.rules, saved.quietHours])} saved={saved} message={message} setMessage={setMessage} watch={watch} />
  );
}

interface RulesFormProps {
  saved: AlertSettingsView;
  message: { error: boolean; text: string } | null;
  setMessage(message: { error: boolean; text: string } | null): void;
  /** The stuck payments & milestones section, shown below the quiet hours. */
  watch: React.JSX.Element;
}

function RulesForm({ saved, message, setMessage, watch }: RulesFormProps): React.JSX.Element {
  const [drafts, setDrafts] = useState<Draft[]>(() => saved.rules.map((rule) => ({ rule, amount: amountDraft(rule) })));
  const quiet = saved.quietHours;
  const setQuiet = (q: QuietHours | null) => void updateAlertSettings({ quietHours: q }).then((e) => setMessage(e ? { error: true, text: e.message } : null));
  const edit = (i: number, d: Partial<Draft>) => setDrafts(drafts.map((x, j) => (j === i ? { ...x, ...d } : x)));
  const move = (i: number, by: -1 | 1) => {
    const next = [...drafts];
    [next[i], next[i + by]] = [next[i + by]!, next[i]!];
    setDrafts(next);
  };
  const thresholds = drafts.map((d) => thresholdOf(d.amount));
  const invalid = thresholds.some((t) => 'error' in t);
  const save = async () => {
    const rules = drafts.map((d, i) => ({ ...d.rule, ...(thresholds[i] as { minAmount: Record<string, number> }) }));
    const error = await updateAlertSettings({ rules });
    setMessage(error ? { error: true, text: error.message } : { error: false, text: `Saved ${rules.length} rule${rules.length === 1 ? '' : 's'}.` });
  };
  const add = () => {
    const id = `r${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    const rule = newRule(id, `Rule ${drafts.length + 1}`);
    setDrafts([...drafts, { rule, amount: amountDraft(rule) }]);
  };

  return (
    <section className="notify-settings alert-rules" aria-labelledby="rules-title" data-testid="alert-rules">
      <h3 id="rules-title" className="provider-title">
        Notification rules
      </h3>
      <p className="hint">
        The first rule that matches an alert decides it: a desktop notification (with or without sound) or in-app only. With no
        matching rule, the statuses above decide. Every alert is kept in the alert history either way.
      </p>
      <fieldset className="quiet-hours" data-testid="quiet-hours">
        <legend>Quiet hours</legend>
        <label className="check">
          <input type="checkbox" checked={quiet !== null} onChange={(e) => setQuiet(e.target.checked ? DEFAULT_QUIET : null)} />
          <span>No desktop notifications between</span>
        </label>
        <input type="time" aria-label="Quiet from" disabled={!quiet} value={(quiet ?? DEFAULT_QUIET).start} onChange={(e) => quiet && e.target.value && setQuiet({ ...quiet, start: e.target.value })} />
        <span>and</span>
        <input type="time" aria-label="Quiet until" disabled={!quiet} value={(quiet ?? DEFAULT_QUIET).end} onChange={(e) => quiet && e.target.value && setQuiet({ ...quiet, end: e.target.value })} />
        <span className="hint">(your local time; alerts are still recorded and shown in the app)</span>
      </fieldset>
      {watch}
      {drafts.length === 0 ? <p className="hint">No rules yet.</p> : null}
      {drafts.map((d, i) => (
        <RuleCard
          key={d.rule.id}
          rule={d.rule}
          amount={d.amount}
          position={i}
          count={drafts.length}
          onChange={(rule) => edit(i, { rule })}
          onAmount={(amount) => edit(i, { amount })}
          onMove={(by) => move(i, by)}
          onRemove={() => setDrafts(drafts.filter((_, j) => j !== i))}
        />
      ))}
      <div className="account-actions">
        <button type="button" className="btn" onClick={add} disabled={drafts.length >= MAX_RULES}>
          Add rule
        </button>
        <button type="button" className="btn primary" onClick={() => void save()} disabled={invalid}>
          Save rules
        </button>
        {message ? (
          <span className={message.error ? 'key-problem' : 'hint'} role={message.error ? 'alert' : 'status'} data-testid="rules-message">
            {message.text}
          </span>
        ) : null}
      </div>
    </section>
  );
}
