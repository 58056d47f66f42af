/** Small cell renderers for the watchlist; each reads only what it shows. */
import type { WatchRowView } from '../../../../shared/ipc.ts';
import { formatAmount } from '../../../../shared/format.ts';
import { isDepositPayment, PROVIDER_LABELS } from '../../../../shared/payment.ts';
import { ERROR_LABELS, statusLook } from '../../lib/status.ts';
import { formatDateTime, formatDuration, formatRelative, toMs } from '../../lib/time.ts';
import { useNow } from '../../lib/use-now.ts';
import { showPayment } from '../../store/bridge.ts';

/** The provider's name as a small label. */
export function ProviderCell({ row }: { row: WatchRowView }): React.JSX.Element {
  return <span className={`provider provider-${row.ref.provider}`}>{PROVIDER_LABELS[row.ref.provider]}</span>;
}

/** The payment ID; a button that opens the payment's detail. */
export function PaymentIdCell({ row }: { row: WatchRowView }): React.JSX.Element {
  const id = row.payment?.id ?? (row.ref.kind === 'payment' ? row.ref.value : null);
  return (
    <button type="button" tabIndex={-1} className="link mono truncate" title={id ?? 'Payment ID not known yet'} onClick={() => void showPayment(row.key)}>
      {id ?? <span className="muted">by order ID</span>}
    </button>
  );
}

/** The merchant's order ID. */
export function OrderIdCell({ row }: { row: WatchRowView }): React.JSX.Element {
  const order = row.payment?.orderId ?? (row.ref.kind === 'order' ? row.ref.value : null);
  return order ? (
    <span className="mono truncate" title={order}>
      {order}
    </span>
  ) : (
    <span className="muted">—</span>
  );
}

/** The amount in the payment's currency. */
export function AmountCell({ row }: { row: WatchRowView }): React.JSX.Element {
  const p = row.payment;
  return p ? <span className="num">{formatAmount(p.amountMinor, p.currency)}</span> : <span className="muted">—</span>;
}

/** Status as a coloured badge with the word, whether it is final, and why the last check failed. */
export function StatusCell({ row }: { row: WatchRowView }): React.JSX.Element {
  const look = statusLook(row);
  const err = row.lastError;
  return (
    <div className="status-cell">
      <span className={`badge tone-${look.tone}`} title={`${look.word} (${look.phase})`}>
        <span className="badge-dot" aria-hidden="true" />
        {look.word}
        {row.final ? <span className="badge-final">final</span> : null}
      </span>
      {row.paused && !row.final ? <span className="chip">paused</span> : null}
      {row.muted ? (
        <span className="chip" title="No desktop notification for this payment">
          muted
        </span>
      ) : null}
      {err ? (
        <span className="row-error" title={err.message} data-error-kind={err.kind}>
          <span aria-hidden="true">⚠</span> {ERROR_LABELS[err.kind]}
          <span className="visually-hidden">: {err.message}</span>
        </span>
      ) : null}
    </div>
  );
}

/** Customer name over email. */
export function CustomerCell({ row }: { row: WatchRowView }): React.JSX.Element {
  const name = row.payment?.customerName ?? null;
  const email = row.payment?.customerEmail ?? null;
  if (!name && !email) return <span className="muted">—</span>;
  return (
    <div className="stack truncate" title={[name, email].filter(Boolean).join(' · ')}>
      <span className="truncate">{name ?? email}</span>
      {name && email ? <span className="sub truncate">{email}</span> : null}
    </div>
  );
}

/** When the provider created the payment. */
export function CreatedCell({ row }: { row: WatchRowView }): React.JSX.Element {
  const created = row.payment?.createdAt;
  return created ? <span className="num">{formatDateTime(created)}</span> : <span className="muted">—</span>;
}

/** How old the payment is, ticking. */
export function AgeCell({ row }: { row: WatchRowView }): React.JSX.Element {
  const now = useNow();
  const created = toMs(row.payment?.createdAt);
  return created === null ? <span className="muted">—</span> : <span className="num">{formatDuration(now - created)}</span>;
}

/** When Paymon last asked the provider, ticking. */
export function LastCheckedCell({ row }: { row: WatchRowView }): React.JSX.Element {
  const now = useNow();
  if (!row.lastCheckedAt) return <span className="muted">never</span>;
  return (
    <span className="num" title={formatDateTime(row.lastCheckedAt)}>
      {formatRelative(row.lastCheckedAt, now)}
    </span>
  );
}

/** When the next check is planned, or why there is none. */
export function NextCheckCell({ row }: { row: WatchRowView }): React.JSX.Element {
  const now = useNow();
  if (row.nextCheckAt) {
    return (
      <span className="num" title={formatDateTime(row.nextCheckAt)}>
        {formatRelative(row.nextCheckAt, now)}
      </span>
    );
  }
  const why = row.final ? 'done' : row.stopped ? 'stopped' : row.paused ? 'paused' : '—';
  return <span className="muted">{why}</span>;
}

/** Blockchain confirmations (deposits only: PayCrypt). */
export function ConfirmationsCell({ row }: { row: WatchRowView }): React.JSX.Element {
  const p = row.payment;
  if (!isDepositPayment(p) || p.confirmations === null) return <span className="muted">—</span>;
  return <span className="num">{p.confirmations}</span>;
}
