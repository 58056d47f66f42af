/**
 * The alert history (issue 14, "#alerts"): every alert the engine recorded, newest first, with the
 * rule that decided it and what became of its desktop notification (delivered, clicked, failed, or
 * held by quiet hours or a mute). Filtered in view; kept current by 'alerts:recorded'.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  ALERT_DECISIONS,
  ALERT_DELIVERIES,
  DECISION_LABELS,
  DELIVERY_LABELS,
  isWatchAlertKind,
  KIND_GROUPS,
  KIND_LABELS,
  type AlertView,
} from '../../../../shared/alert-history.ts';
import { PROVIDER_LABELS, PROVIDERS } from '../../../../shared/payment.ts';
import { formatDateTime } from '../../lib/time.ts';
import { loadAlertHistory, openPayment } from '../../store/bridge.ts';
import { useWatchStore } from '../../store/watch-store.ts';

interface Filters {
  text: string;
  provider: string;
  kind: string;
  decision: string;
  delivery: string;
}

const ALL: Filters = { text: '', provider: '', kind: '', decision: '', delivery: '' };

function matches(a: AlertView, f: Filters): boolean {
  if (f.provider && a.provider !== f.provider) return false;
  if (f.kind && a.kind !== f.kind) return false;
  if (f.decision && a.decision !== f.decision) return false;
  if (f.delivery && a.delivery !== f.delivery) return false;
  const text = f.text.trim().toLowerCase();
  return !text || `${a.title} ${a.body} ${a.rule?.name ?? ''} ${a.account ?? ''} ${a.key}`.toLowerCase().includes(text);
}

/** The history screen. */
export function AlertHistoryScreen(): React.JSX.Element {
  const history = useWatchStore((s) => s.alertHistory);
  const [filters, setFilters] = useState<Filters>(ALL);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
    void loadAlertHistory();
  }, []);
  const shown = useMemo(() => (history ?? []).filter((a) => matches(a, filters)), [history, filters]);
  const set = (patch: Partial<Filters>) => setFilters({ ...filters, ...patch });

  return (
    <main className="accounts-screen alert-history" aria-labelledby="alerts-title" data-testid="alert-history">
      <div className="accounts-head">
        <h2 id="alerts-title" tabIndex={-1} ref={headingRef}>
          Alert history
        </h2>
        <a className="btn" href="#watchlist">
          <span aria-hidden="true">←</span> Back to the watchlist
        </a>
      </div>
      <div className="history-filters" role="search" aria-label="Filter the alert history">
        <input type="search" aria-label="Search alerts" placeholder="Search title, payment, shop, rule" value={filters.text} onChange={(e) => set({ text: e.target.value })} />
        <select aria-label="Provider" value={filters.provider} onChange={(e) => set({ provider: e.target.value })}>
          <option value="">All providers</option>
          {PROVIDERS.map((p) => (
            <option key={p} value={p}>
              {PROVIDER_LABELS[p]}
            </option>
          ))}
        </select>
        <select aria-label="Kind" value={filters.kind} onChange={(e) => set({ kind: e.target.value })}>
          <option value="">Any kind</option>
          {KIND_GROUPS.map((g) => (
            <optgroup key={g.label} label={g.label}>
              {g.kinds.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <select aria-label="Decision" value={filters.decision} onChange={(e) => set({ decision: e.target.value })}>
          <option value="">Any decision</option>
          {ALERT_DECISIONS.map((d) => (
            <option key={d} value={d}>
              {DECISION_LABELS[d]}
            </option>
          ))}
        </select>
        <select aria-label="Delivery" value={filters.delivery} onChange={(e) => set({ delivery: e.target.value })}>
          <option value="">Any delivery</option>
          {ALERT_DELIVERIES.filter((d) => d !== 'none').map((d) => (
            <option key={d} value={d}>
              {DELIVERY_LABELS[d]}
            </option>
          ))}
        </select>
        <span className="hint" role="status" data-testid="history-count">
          {history === null ? 'Loading…' : `${shown.length} of ${history.length} alert${history.length === 1 ? '' : 's'}`}
        </span>
      </div>
      <table className="history-table">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Alert</th>
            <th scope="col">Rule</th>
            <th scope="col">Decision</th>
            <th scope="col">Notification</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((a) => (
            <tr key={a.id} data-testid="history-row" data-kind={a.kind} data-decision={a.decision} data-delivery={a.delivery}>
              <td className="nowrap">{formatDateTime(a.at)}</td>
              <td>
                {/* The link leaves for the watchlist; the click opens the payment there. */}
                <a className="link-button" href="#watchlist" onClick={() => void openPayment(a.key)} title="Open this payment">
                  {a.title}
                </a>
                <div className="hint">
                  <span className={`kind-tag${isWatchAlertKind(a.kind) ? ' watch' : ''}`} data-testid="history-kind">
                    {KIND_LABELS[a.kind]}
                  </span>{' '}
                  {a.body}
                </div>
              </td>
              <td>{a.rule ? a.rule.name : <span className="hint">statuses</span>}</td>
              <td className={a.decision === 'desktop' ? '' : 'held'}>{DECISION_LABELS[a.decision]}</td>
              <td className={a.delivery === 'failed' ? 'key-problem' : ''} title={a.deliveryError ?? undefined}>
                {DELIVERY_LABELS[a.delivery]}
                {a.sound ? <span className="hint"> · sound</span> : null}
                {a.groupId !== null ? <span className="hint"> · grouped</span> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {history !== null && history.length === 0 ? <p className="hint">No alerts yet. Each final status, reopening and underpayment is recorded here, and each payment pending too long, about to expire or with stalled confirmations.</p> : null}
    </main>
  );
}
