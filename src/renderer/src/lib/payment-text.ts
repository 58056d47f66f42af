/**
 * "Copy as text": a payment as plain text for a support ticket. Times are ISO 8601 in UTC, so
 * whoever reads the ticket, wherever they are, reads the same instant. Pure.
 */
import type { PaymentDetailView, WatchRowView } from '../../../shared/ipc.ts';
import { formatAmount } from '../../../shared/format.ts';
import { PROVIDER_LABELS } from '../../../shared/payment.ts';
import { amountDifference, cryptoAmount } from './amounts.ts';
import { explorerLink } from './explorer.ts';
import { mergeTimeline } from './timeline.ts';

function metaText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The summary; `detail` adds the timeline when it is loaded. */
export function paymentText(row: WatchRowView, detail: PaymentDetailView | null): string {
  const p = row.payment;
  const lines: string[] = [];
  const add = (label: string, value: string | number | null | undefined) => {
    if (value !== null && value !== undefined && value !== '') lines.push(`${label}: ${value}`);
  };
  lines.push(`${PROVIDER_LABELS[row.ref.provider]} payment ${p?.id ?? row.ref.value}`);
  add('Status', row.status === null ? 'not checked yet' : `${row.status}${row.final ? ' (final)' : ''}`);
  if (p) {
    add('Amount', formatAmount(p.amountMinor, p.currency));
    add('Order ID', p.orderId);
    add('Customer', [p.customerName, p.customerEmail && `<${p.customerEmail}>`].filter(Boolean).join(' '));
    add('Created', p.createdAt);
    add('Completed', p.completedAt);
    add('Confirmed', p.confirmedAt);
    if (p.provider === 'card2crypto') add('Checkout', p.checkoutUrl);
    else {
      add('Coin', [p.coin, p.network].filter(Boolean).join(' on '));
      if (p.amountReceived) add('Received', `${cryptoAmount(p.amountReceived)} ${p.coin ?? ''}`.trim());
      add('Difference', amountDifference(p)?.text);
      add('Deposit address', p.depositAddress);
      add('Transaction', p.txHash);
      add('Explorer', explorerLink(p.network, p.txHash)?.url);
      add('Confirmations', p.confirmations);
      if (!p.final) add('Expires', p.expiresAt);
      add('Customer wallet', p.customerWallet);
    }
    for (const [k, v] of Object.entries(p.metadata)) add(`Metadata ${k}`, metaText(v));
  } else if (row.ref.kind === 'order') add('Order ID', row.ref.value);
  if (row.lastError) add('Last check failed', `${row.lastError.kind}: ${row.lastError.message}`);
  add('Last checked by Paymon', row.lastCheckedAt);
  if (detail && detail.row.key === row.key) {
    const entries = mergeTimeline(detail.events, detail.history);
    if (entries.length > 0) {
      lines.push('', 'Timeline:');
      for (const e of entries) {
        lines.push(e.kind === 'event' ? `- ${e.at} ${e.text}` : `- ${e.at} Paymon saw ${e.from ?? 'new'} -> ${e.to}`);
      }
    }
  }
  return lines.join('\n');
}
