/**
 * The side pane for one payment: amount and status first, then customer and order, metadata,
 * times, the provider's specifics (PayCrypt's deposit, Card2Crypto's checkout) and the timeline.
 * Beside the table on wide windows, a drawer over it on narrow ones (layout.css). Opening it moves
 * focus to its heading; Escape anywhere in it closes it, and focus goes back to the payment's row.
 */
import { useEffect, useRef } from 'react';
import type { PaymentDetailView, WatchRowView } from '../../../../shared/ipc.ts';
import { formatAmount } from '../../../../shared/format.ts';
import { isCheckoutPayment, isDepositPayment } from '../../../../shared/payment.ts';
import { findProviderSpec, providerLabel } from '../../../../shared/providers/index.ts';
import { paymentText } from '../../lib/payment-text.ts';
import { appErrorText, ERROR_LABELS, statusLook } from '../../lib/status.ts';
import { timelineHeading } from '../../lib/timeline.ts';
import { focusGrid } from '../../features/keyboard/grid-focus.ts';
import { removeWithCare } from '../../features/keyboard/remove.ts';
import { NoteSection } from './NoteSection.tsx';
import { closePayment, loadDetail, refreshPayments, setPaymentsMuted, setPaymentsPaused } from '../../store/bridge.ts';
import { useWatchStore } from '../../store/watch-store.ts';
import { CopyButton } from '../CopyButton.tsx';
import { CheckoutSection } from './Checkout.tsx';
import { DepositSection, DifferenceLine, ExpiryCountdown } from './Deposit.tsx';
import { CustomerFields, MetadataFields, TimeFields } from './DetailFields.tsx';
import { Timeline } from './Timeline.tsx';

/** Shown when a payment is open. */
export function DetailPanel(): React.JSX.Element | null {
  const key = useWatchStore((s) => s.focusedKey);
  const row = useWatchStore((s) => (s.focusedKey === null ? undefined : s.rows.get(s.focusedKey)));
  const detail = useWatchStore((s) => s.detail);
  const detailError = useWatchStore((s) => s.detailError);
  const headingRef = useRef<HTMLHeadingElement>(null);

  // New checks bring new history: reload the detail when the row's state moves on.
  const version = row ? `${row.status}|${row.lastCheckedAt}|${row.paused}|${row.muted}` : '';
  useEffect(() => {
    if (key !== null && version !== '') void loadDetail(key);
  }, [key, version]);

  useEffect(() => {
    headingRef.current?.focus();
  }, [key]);

  if (key === null || !row) return null;
  const p = row.payment;
  const close = () => {
    closePayment();
    // Back where the keyboard user came from: the payment's row.
    focusGrid(key);
  };
  const loaded = detail && detail.row.key === key ? detail : null;
  // The provider's own sections, as its spec lists them (issue 12).
  const sections = findProviderSpec(row.ref.provider)?.detail ?? [];
  const heading = timelineHeading(row.ref.provider);
  return (
    <aside
      className="detail"
      aria-labelledby="detail-title"
      data-testid="detail"
      // A click on plain text in the pane keeps focus in it, so Escape still reaches it.
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          close();
        }
      }}
    >
      <header className="detail-head">
        <div>
          <p className="eyebrow">{providerLabel(row.ref.provider)} payment</p>
          <h2 id="detail-title" className="mono" tabIndex={-1} ref={headingRef}>
            {p?.id ?? row.ref.value}
          </h2>
        </div>
        <button type="button" className="icon-btn" aria-label="Close details" onClick={close}>
          <span aria-hidden="true">✕</span>
        </button>
      </header>
      <Summary row={row} />
      <DetailActions row={row} detail={loaded} />
      {row.lastError ? (
        <div className="detail-error" role="note">
          <strong>
            <span aria-hidden="true">⚠</span> Last check failed: {ERROR_LABELS[row.lastError.kind]}
          </strong>
          <p>{appErrorText(row.lastError)}</p>
        </div>
      ) : null}
      {row.stopped ? <p className="detail-error">Paymon stopped checking this payment.</p> : null}
      {p ? null : <p className="muted">Not checked successfully yet.</p>}
      <CustomerFields row={row} />
      <MetadataFields row={row} />
      <TimeFields row={row} />
      {sections.includes('deposit') && isDepositPayment(p) ? <DepositSection payment={p} required={loaded?.requiredConfirmations ?? null} /> : null}
      {sections.includes('checkout') && isCheckoutPayment(p) ? <CheckoutSection payment={p} /> : null}
      <NoteSection key={row.key} row={row} />
      {detailError ? <p className="form-error">Details could not be loaded: {detailError.message}</p> : null}
      {loaded ? (
        <Timeline
          title={heading.title}
          source={heading.source}
          events={heading.showsEvents ? loaded.events : []}
          history={loaded.history}
        />
      ) : null}
    </aside>
  );
}

/** Amount and status, large; for PayCrypt also what arrived and the time left. */
function Summary({ row }: { row: WatchRowView }): React.JSX.Element {
  const look = statusLook(row);
  const p = row.payment;
  return (
    <div className="detail-summary" data-testid="detail-summary">
      <div className="detail-summary-line">
        <span className="detail-amount num">{p ? formatAmount(p.amountMinor, p.currency) : '—'}</span>
        <span className={`badge tone-${look.tone}`}>
          <span className="badge-dot" aria-hidden="true" />
          {look.word}
          {row.final ? <span className="badge-final">final</span> : null}
        </span>
        {row.paused && !row.final ? <span className="chip">paused</span> : null}
        {row.muted ? <span className="chip">muted</span> : null}
      </div>
      {isDepositPayment(p) ? (
        <>
          <DifferenceLine payment={p} />
          <ExpiryCountdown payment={p} final={row.final} />
        </>
      ) : null}
    </div>
  );
}

function DetailActions({ row, detail }: { row: WatchRowView; detail: PaymentDetailView | null }): React.JSX.Element {
  return (
    <div className="detail-actions" role="group" aria-label="Payment actions">
      <button type="button" className="btn small" onClick={() => void refreshPayments([row.key])}>
        Check now
      </button>
      {!row.final && !row.stopped ? (
        <button type="button" className="btn small" onClick={() => void setPaymentsPaused([row.key], !row.paused)}>
          {row.paused ? 'Resume' : 'Pause'}
        </button>
      ) : null}
      <button
        type="button"
        className="btn small"
        aria-pressed={row.muted}
        title={row.muted ? 'No desktop notification for this payment' : 'Turn off desktop notifications for this payment'}
        onClick={() => void setPaymentsMuted([row.key], !row.muted)}
      >
        Mute
      </button>
      <CopyButton text={() => paymentText(row, detail)} label="Copy as text">
        Copy as text
      </CopyButton>
      <button type="button" className="btn small danger" onClick={() => void removeWithCare([row.key], { refocus: true })}>
        Remove
      </button>
    </div>
  );
}
