/**
 * One notification rule in the editor (issue 14): what it matches (kinds of alert, providers, shops,
 * statuses, an amount at or above a threshold in one currency) and what it does (desktop
 * notification or in-app only, sound), summed up in one line. Edits a draft; the editor saves the list.
 */
import { majorAmountText, parseMajorAmount, ruleSummary, type NotifyRule } from '../../../../shared/alert-rules.ts';
import { FINAL_STATUSES, PROVIDER_LABELS, PROVIDERS } from '../../../../shared/payment.ts';
import { KindPicker } from './KindPicker.tsx';

/** Every final status, once: the statuses a rule can pick. */
const STATUSES: readonly string[] = [...new Set(PROVIDERS.flatMap((p) => [...FINAL_STATUSES[p]]))];

/** The threshold as the form edits it: one currency and an amount typed in major units. */
export interface AmountDraft {
  currency: string;
  amount: string;
}

/** The form's view of a rule's threshold (the editor keeps one currency per rule). */
export function amountDraft(rule: NotifyRule): AmountDraft {
  const [currency, minor] = Object.entries(rule.minAmount)[0] ?? ['', undefined];
  return { currency, amount: minor === undefined ? '' : majorAmountText(minor) };
}

/** The threshold a draft stands for, or an error sentence for the form. */
export function thresholdOf(d: AmountDraft): { minAmount: Record<string, number> } | { error: string } {
  if (d.amount.trim() === '' && d.currency.trim() === '') return { minAmount: {} };
  const minor = parseMajorAmount(d.amount);
  if (minor === null) return { error: 'Type the amount as a number such as 1000 or 1000.50.' };
  const code = d.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code)) return { error: 'Give the currency as three letters, such as USD.' };
  return { minAmount: { [code]: minor } };
}

const toggle = <T,>(list: readonly T[], item: T, on: boolean): T[] => (on ? [...list, item] : list.filter((x) => x !== item));

/** Props of RuleCard. */
export interface RuleCardProps {
  rule: NotifyRule;
  amount: AmountDraft;
  position: number;
  count: number;
  onChange(rule: NotifyRule): void;
  onAmount(amount: AmountDraft): void;
  onMove(by: -1 | 1): void;
  onRemove(): void;
}

/** The form of one rule. */
export function RuleCard({ rule, amount, position, count, onChange, onAmount, onMove, onRemove }: RuleCardProps): React.JSX.Element {
  const id = `rule-${rule.id}`;
  const set = (patch: Partial<NotifyRule>) => onChange({ ...rule, ...patch });
  const threshold = thresholdOf(amount);
  return (
    <fieldset className={`rule-card${rule.enabled ? '' : ' off'}`} aria-label={`Rule ${position + 1}: ${rule.name}`} data-testid="rule-card">
      <div className="rule-head">
        <span className="rule-pos" aria-hidden="true">
          {position + 1}
        </span>
        <input className="rule-name" value={rule.name} maxLength={80} onChange={(e) => set({ name: e.target.value })} aria-label="Rule name" />
        <label className="check">
          <input type="checkbox" checked={rule.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
          <span>On</span>
        </label>
        <button type="button" className="btn ghost" disabled={position === 0} onClick={() => onMove(-1)} aria-label="Move up">
          ↑
        </button>
        <button type="button" className="btn ghost" disabled={position === count - 1} onClick={() => onMove(1)} aria-label="Move down">
          ↓
        </button>
        <button type="button" className="btn ghost" onClick={onRemove}>
          Remove
        </button>
      </div>
      <p className="rule-summary" data-testid="rule-summary">
        {ruleSummary({ ...rule, ...('error' in threshold ? {} : threshold) })}
      </p>
      <KindPicker kinds={rule.kinds ?? []} onChange={(kinds) => set({ kinds })} />
      <div className="rule-grid">
        <div role="group" aria-label="Providers">
          <span className="rule-label">Providers (none ticked: any)</span>
          {PROVIDERS.map((p) => (
            <label key={p} className="check">
              <input type="checkbox" checked={rule.providers.includes(p)} onChange={(e) => set({ providers: toggle(rule.providers, p, e.target.checked) })} />
              <span>{PROVIDER_LABELS[p]}</span>
            </label>
          ))}
        </div>
        <div role="group" aria-label="Statuses">
          <span className="rule-label">Statuses (none ticked: any)</span>
          <div className="rule-statuses">
            {STATUSES.map((s) => (
              <label key={s} className="check">
                <input type="checkbox" checked={rule.statuses.includes(s)} onChange={(e) => set({ statuses: toggle(rule.statuses, s, e.target.checked) })} />
                <span>{s}</span>
              </label>
            ))}
          </div>
        </div>
        <label className="field stacked">
          <span className="rule-label">Accounts (shops), comma-separated</span>
          <input
            defaultValue={rule.accounts.join(', ')}
            placeholder="any"
            aria-label="Accounts"
            onChange={(e) => set({ accounts: e.target.value.split(',').map((a) => a.trim()).filter((a) => a !== '') })}
          />
        </label>
        <div className="field stacked">
          <span className="rule-label">Amount at or above</span>
          <div className="rule-amount">
            <input aria-label="Minimum amount" inputMode="decimal" placeholder="any" value={amount.amount} onChange={(e) => onAmount({ ...amount, amount: e.target.value })} />
            <input aria-label="Currency" placeholder="USD" maxLength={3} size={4} value={amount.currency} onChange={(e) => onAmount({ ...amount, currency: e.target.value.toUpperCase() })} />
          </div>
          {'error' in threshold ? (
            <small className="key-problem" role="alert">
              {threshold.error}
            </small>
          ) : null}
        </div>
      </div>
      <div className="rule-actions" role="radiogroup" aria-label="When it matches">
        <label className="check">
          <input type="radio" name={`${id}-notify`} checked={rule.notify} onChange={() => set({ notify: true })} />
          <span>Desktop notification</span>
        </label>
        <label className="check">
          <input type="radio" name={`${id}-notify`} checked={!rule.notify} onChange={() => set({ notify: false, sound: false })} />
          <span>In-app only</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={rule.sound} disabled={!rule.notify} onChange={(e) => set({ sound: e.target.checked })} />
          <span>Play a sound</span>
        </label>
      </div>
    </fieldset>
  );
}
