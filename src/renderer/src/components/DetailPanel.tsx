/** The side pane for one payment: its fields, what went wrong last, status history and provider events. */
import { useEffect, useRef } from 'react';
import type { WatchRowView } from '../../../shared/ipc.ts';
import { PROVIDER_LABELS } from '../../../shared/payment.ts';
import { ERROR_LABELS, statusLook } from '../lib/status.ts';
import { closePayment, loadDetail, refreshPayments, removePayments, setPaymentsPaused } from '../store/bridge.ts';
import { useWatchStore } from '../store/watch-store.ts';
import { EventList, HistoryList, PaymentFields } from './detail-sections.tsx';

/** Shown when a payment is open. */
export function DetailPanel(): React.JSX.Element | null {
  const key = useWatchStore((s) => s.focusedKey);
  const row = useWatchStore((s) => (s.focusedKey === null ? undefined : s.rows.get(s.focusedKey)));
  const detail = useWatchStore((s) => s.detail);
  const detailError = useWatchStore((s) => s.detailError);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // New checks bring new history: reload the detail when the row's state moves on.
  const version = row ? `${row.status}|${row.lastCheckedAt}|${row.paused}` : '';
  useEffect(() => {
    if (key !== null && version !== '') void loadDetail(key);
  }, [key, version]);

  useEffect(() => {
    headingRef.current?.focus();
  }, [key]);

  if (key === null || !row) return null;
  const look = statusLook(row);
  const title = row.payment?.id ?? row.ref.value;
  return (
    <aside
      className="detail"
      aria-labelledby="detail-title"
      data-testid="detail"
      onKeyDown={(e) => {
        if (e.key === 'Escape') closePayment();
      }}
    >
      <header className="detail-head">
        <div>
          <p className="eyebrow">{PROVIDER_LABELS[row.ref.provider]}</p>
          <h2 id="detail-title" className="mono" tabIndex={-1} ref={headingRef}>
            {title}
          </h2>
        </div>
        <button type="button" className="icon-btn" aria-label="Close details" onClick={closePayment}>
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      <div className="detail-status">
        <span className={`badge tone-${look.tone}`}>
          <span className="badge-dot" aria-hidden="true" />
          {look.word}
          {row.final ? <span className="badge-final">final</span> : null}
        </span>
        <DetailActions row={row} />
      </div>
      {row.lastError ? (
        <div className="detail-error" role="note">
          <strong>
            <span aria-hidden="true">⚠</span> Last check failed: {ERROR_LABELS[row.lastError.kind]}
          </strong>
          <p>{row.lastError.message}</p>
        </div>
      ) : null}
      {row.stopped ? <p className="detail-error">Paymon stopped checking this payment.</p> : null}
      <PaymentFields row={row} />
      {detailError ? <p className="form-error">Details could not be loaded: {detailError.message}</p> : null}
      {detail && detail.row.key === key ? (
        <>
          <HistoryList history={detail.history} />
          <EventList events={detail.events} />
        </>
      ) : null}
    </aside>
  );
}

function DetailActions({ row }: { row: WatchRowView }): React.JSX.Element {
  return (
    <div className="detail-actions">
      <button type="button" className="btn small" onClick={() => void refreshPayments([row.key])}>
        Check now
      </button>
      {!row.final && !row.stopped ? (
        <button type="button" className="btn small" onClick={() => void setPaymentsPaused([row.key], !row.paused)}>
          {row.paused ? 'Resume' : 'Pause'}
        </button>
      ) : null}
      <button type="button" className="btn small danger" onClick={() => void removePayments([row.key])}>
        Remove
      </button>
    </div>
  );
}
