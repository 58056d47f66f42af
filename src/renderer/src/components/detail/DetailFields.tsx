/** The detail pane's general fields: customer and order, metadata, then times. */
import type { ReactNode } from 'react';
import type { WatchRowView } from '../../../../shared/ipc.ts';
import { isDepositPayment } from '../../../../shared/payment.ts';
import { formatDateTime } from '../../lib/time.ts';

/** One label/value pair; nothing when there is no value. */
export function Field({ label, children }: { label: string; children: ReactNode }): React.JSX.Element | null {
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

/** A <time> element, or null (so the Field is left out) when there is no time. */
function time(iso: string | null | undefined): React.JSX.Element | null {
  return iso ? <time dateTime={iso}>{formatDateTime(iso)}</time> : null;
}

/** Customer, order, account. */
export function CustomerFields({ row }: { row: WatchRowView }): React.JSX.Element | null {
  const p = row.payment;
  const wallet = isDepositPayment(p) ? p.customerWallet : null;
  return (
    <dl className="fields" aria-label="Customer and order">
      <Field label="Customer">{p?.customerName}</Field>
      <Field label="Email">{p?.customerEmail}</Field>
      <Field label="Wallet">{wallet ? <span className="mono wrap">{wallet}</span> : null}</Field>
      <Field label="Order ID">{p?.orderId ?? (row.ref.kind === 'order' ? row.ref.value : null)}</Field>
      <Field label="Account">{row.account}</Field>
    </dl>
  );
}

/** The merchant's metadata, as sent to the provider. */
export function MetadataFields({ row }: { row: WatchRowView }): React.JSX.Element | null {
  const meta = Object.entries(row.payment?.metadata ?? {});
  if (meta.length === 0) return null;
  return (
    <section aria-labelledby="detail-meta">
      <h3 id="detail-meta" className="section-title">
        Metadata
      </h3>
      <dl className="fields">
        {meta.map(([k, v]) => (
          <Field key={k} label={k}>
            <span className="wrap">{metaText(v)}</span>
          </Field>
        ))}
      </dl>
    </section>
  );
}

/** When things happened, by the provider's clock and Paymon's. */
export function TimeFields({ row }: { row: WatchRowView }): React.JSX.Element {
  const p = row.payment;
  return (
    <section aria-labelledby="detail-times">
      <h3 id="detail-times" className="section-title">
        Times
      </h3>
      <dl className="fields">
        <Field label="Created">{time(p?.createdAt)}</Field>
        <Field label="Completed">{time(p?.completedAt)}</Field>
        <Field label="Confirmed">{time(p?.confirmedAt)}</Field>
        <Field label="Updated">{time(p?.updatedAt)}</Field>
        <Field label="Added">{time(row.addedAt)}</Field>
        <Field label="Last checked">{time(row.lastCheckedAt) ?? 'never'}</Field>
        <Field label="Next check">{time(row.nextCheckAt)}</Field>
      </dl>
    </section>
  );
}
