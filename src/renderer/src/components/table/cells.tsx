/** Small cell renderers for the watchlist; each reads only what it shows. */
import type { WatchRowView } from '../../../../shared/ipc.ts';
import { formatAmount } from '../../../../shared/format.ts';
import { isDepositPayment, PROVIDER_LABELS } from '../../../../shared/payment.ts';
import { appErrorText, nextCheckWord, rowState, STATES, wasAsked } from '../../lib/status.ts';
import { formatDateTime, formatDuration, formatRelative, toMs } from '../../lib/time.ts';
import { useNow } from '../../lib/use-now.ts';
import { showPayment } from '../../store/bridge.ts';
import { useWatchStore } from '../../store/watch-store.ts';

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

/** Status: one badge with the row's one state (lib/status.ts), and why for problem states. */
export function StatusCell({ row }: { row: WatchRowView }): React.JSX.Element {
  const state = rowState(row);
  const err = row.lastError;
  return (
    <div className="status-cell" data-state={state.id}>
      <span className={`badge tone-${state.tone}`} title={STATES[state.id].meaning}>
        <span className="badge-dot" aria-hidden="true" />
        {state.word}
        {state.id === 'final' ? <span className="badge-final">final</span> : null}
      </span>
      {row.muted ? (
        <span className="chip" title="No desktop notification for this payment">
          muted
        </span>
      ) : null}
      {err && state.reason ? (
        <span className="row-error" title={appErrorText(err)} data-error-kind={err.kind}>
          {state.reason}
          <span className="visually-hidden">: {appErrorText(err)}</span>
        </span>
      ) : null}
    </div>
  );
}

/** The account (shop) whose key found the payment. */
export function AccountCell({ row }: { row: WatchRowView }): React.JSX.Element {
  return row.account ? (
    <span className="truncate" title={row.account}>
      {row.account}
    </span>
  ) : (
    <span className="muted">—</span>
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
  // A missing key sends nothing: the row was never checked, whatever the attempt's time.
  if (!row.lastCheckedAt || !wasAsked(row)) return <span className="muted">never</span>;
  return (
    <span className="num" title={formatDateTime(row.lastCheckedAt)}>
      {formatRelative(row.lastCheckedAt, now)}
    </span>
  );
}

/** When the next check is planned, or why there is none. */
export function NextCheckCell({ row }: { row: WatchRowView }): React.JSX.Element {
  const monitorPaused = useWatchStore((s) => s.monitorPaused);
  const word = nextCheckWord(row, monitorPaused);
  return word === null ? <NextCheckTime row={row} /> : <span className="muted">{word}</span>;
}

function NextCheckTime({ row }: { row: WatchRowView }): React.JSX.Element {
  const now = useNow();
  if (row.nextCheckAt) {
    return (
      <span className="num" title={formatDateTime(row.nextCheckAt)}>
        {/* Overdue (the budget is spent on other payments first): due, not "5s ago". */}
        {(toMs(row.nextCheckAt) ?? 0) <= now ? 'due' : formatRelative(row.nextCheckAt, now)}
      </span>
    );
  }
  return <span className="muted">—</span>;
}

/** Blockchain confirmations (deposits only: PayCrypt). */
export function ConfirmationsCell({ row }: { row: WatchRowView }): React.JSX.Element {
  const p = row.payment;
  if (!isDepositPayment(p) || p.confirmations === null) return <span className="muted">—</span>;
  return <span className="num">{p.confirmations}</span>;
}
