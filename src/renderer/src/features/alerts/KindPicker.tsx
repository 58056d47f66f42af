/**
 * The kinds of alert a rule applies to (issue 14), in two groups: status changes (final, reopened,
 * unknown status) and watch alerts (stuck pending, about to expire, stalled, the milestones).
 * None ticked: every kind.
 */
import { KIND_GROUPS, KIND_LABELS, type AlertKindView } from '../../../../shared/alert-history.ts';

/** Props of KindPicker. */
export interface KindPickerProps {
  kinds: readonly AlertKindView[];
  onChange(kinds: AlertKindView[]): void;
}

/** The kind checkboxes of one rule, kept in the list's order whatever order they are ticked in. */
export function KindPicker({ kinds, onChange }: KindPickerProps): React.JSX.Element {
  const order = KIND_GROUPS.flatMap((g) => [...g.kinds]) as AlertKindView[];
  const set = (kind: AlertKindView, on: boolean) => onChange(order.filter((k) => (k === kind ? on : kinds.includes(k))));
  return (
    <div role="group" aria-label="Kinds" className="rule-kinds">
      <span className="rule-label">Kinds of alert (none ticked: any)</span>
      {KIND_GROUPS.map((g) => (
        <div key={g.label} role="group" aria-label={g.label} className="rule-kind-group">
          <span className="rule-sublabel">{g.label}</span>
          {g.kinds.map((k) => (
            <label key={k} className="check">
              <input type="checkbox" checked={kinds.includes(k)} onChange={(e) => set(k, e.target.checked)} />
              <span>{KIND_LABELS[k]}</span>
            </label>
          ))}
        </div>
      ))}
    </div>
  );
}
