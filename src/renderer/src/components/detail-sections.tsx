/** Sections of the detail pane: the payment's fields, its status history and the provider's events. */
import type { ReactNode } from 'react';
import type { StatusChangeView, WatchRowView } from '../../../shared/ipc.ts';
import { formatAmount } from '../../../shared/format.ts';
import type { PaymentEvent } from '../../../shared/payment.ts';
import { formatDateTime } from '../lib/time.ts';

function Field({ label, children }: { label: string; children: ReactNode }): React.JSX.Element | null {
  if (children === null || children === undefined || children === '') return null;
  return (
    <div className="field-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function metaText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Everything the provider said about the payment, in a definition list. */
export function PaymentFields({ row }: { row: WatchRowView }): React.JSX.Element {
  const p = row.payment;
  if (!p) return <p className="muted">Not checked successfully yet.</p>;
  const meta = Object.entries(p.metadata);
  return (
    <>
      <dl className="fields">
        <Field label="Amount">{formatAmount(p.amountMinor, p.currency)}</Field>
        <Field label="Order ID">{p.orderId}</Field>
        <Field label="Customer">{[p.customerName, p.customerEmail].filter(Boolean).join(' · ')}</Field>
        <Field label="Created">{p.createdAt ? formatDateTime(p.createdAt) : null}</Field>
        <Field label="Completed">{p.completedAt ? formatDateTime(p.completedAt) : null}</Field>
        <Field label="Confirmed">{p.confirmedAt ? formatDateTime(p.confirmedAt) : null}</Field>
        <Field label="Updated">{p.updatedAt ? formatDateTime(p.updatedAt) : null}</Field>
        <Field label="Last checked">{row.lastCheckedAt ? formatDateTime(row.lastCheckedAt) : 'never'}</Field>
        <Field label="Account">{row.account}</Field>
        {p.provider === 'card2crypto' ? (
          <Field label="Checkout">{p.checkoutUrl ? <span className="mono wrap">{p.checkoutUrl}</span> : null}</Field>
        ) : (
          <>
            <Field label="Coin">{[p.coin, p.network].filter(Boolean).join(' on ')}</Field>
            <Field label="Received">{p.amountReceived ? `${p.amountReceived} ${p.coin ?? ''}` : null}</Field>
            <Field label="Confirmations">{p.confirmations === null ? null : String(p.confirmations)}</Field>
            <Field label="Deposit address">{p.depositAddress ? <span className="mono wrap">{p.depositAddress}</span> : null}</Field>
            <Field label="Transaction">{p.txHash ? <span className="mono wrap">{p.txHash}</span> : null}</Field>
            <Field label="Expires">{p.expiresAt ? formatDateTime(p.expiresAt) : null}</Field>
          </>
        )}
      </dl>
      {meta.length > 0 ? (
        <section>
          <h3 className="section-title">Metadata</h3>
          <dl className="fields">
            {meta.map(([k, v]) => (
              <Field key={k} label={k}>
                <span className="wrap">{metaText(v)}</span>
              </Field>
            ))}
          </dl>
        </section>
      ) : null}
    </>
  );
}

/** Status changes Paymon saw, newest first. */
export function HistoryList({ history }: { history: StatusChangeView[] }): React.JSX.Element | null {
  if (history.length === 0) return null;
  return (
    <section>
      <h3 className="section-title">Status history</h3>
      <ol className="timeline">
        {[...history].reverse().map((h, i) => (
          <li key={`${h.seenAt}-${i}`}>
            <span className="mono">{h.from ?? 'new'} → {h.to}</span>
            <span className="muted">{formatDateTime(h.seenAt)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** PayCrypt's event timeline. */
export function EventList({ events }: { events: PaymentEvent[] }): React.JSX.Element | null {
  if (events.length === 0) return null;
  return (
    <section>
      <h3 className="section-title">Provider events</h3>
      <ol className="timeline">
        {events.map((e, i) => (
          <li key={`${e.at}-${i}`}>
            <span>{e.description || e.type}</span>
            <span className="muted">{formatDateTime(e.at)}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
