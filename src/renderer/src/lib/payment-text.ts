/**
 * "Copy as text": a payment as plain text for a support ticket. Times are ISO 8601 in UTC, so
 * whoever reads the ticket, wherever they are, reads the same instant. Pure.
 *
 * Every value is flattened to one bounded line (issue 16): a provider's order ID, metadata key or
 * event text with a line break would otherwise forge a line such as "Status: completed (final)",
 * and a bidi override would reverse what the reader sees.
 */
import type { PaymentDetailView, WatchRowView } from '../../../shared/ipc.ts';
import { formatAmount } from '../../../shared/format.ts';
import { isCheckoutPayment, isDepositPayment, PROVIDER_LABELS } from '../../../shared/payment.ts';
import { flattenText } from '../../../shared/text-safety.ts';
import { amountDifference, cryptoAmount } from './amounts.ts';
import { explorerLink } from './explorer.ts';
import { mergeTimeline } from './timeline.ts';

/** Longest label (metadata keys) and value on one line; longer text ends in "…". */
const MAX_LABEL = 64;
const MAX_VALUE = 256;
/** Metadata entries listed; a hostile answer could hold thousands. */
const MAX_METADATA = 50;

function metaText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
}

/** One value of the text: one line, no control or format characters, bounded. */
function one(value: string | number, max = MAX_VALUE): string {
  return flattenText(String(value), max);
}

/** The summary; `detail` adds the timeline when it is loaded. */
export function paymentText(row: WatchRowView, detail: PaymentDetailView | null): string {
  const p = row.payment;
  const lines: string[] = [];
  const add = (label: string, value: string | number | null | undefined) => {
    const text = value === null || value === undefined ? '' : one(value);
    if (text !== '') lines.push(`${one(label, MAX_LABEL)}: ${text}`);
  };
  lines.push(`${PROVIDER_LABELS[row.ref.provider]} payment ${one(p?.id ?? row.ref.value)}`);
  add('Status', row.status === null ? 'not checked yet' : `${row.status}${row.final ? ' (final)' : ''}`);
  if (p) {
    add('Amount', formatAmount(p.amountMinor, p.currency));
    add('Order ID', p.orderId);
    add('Customer', [p.customerName, p.customerEmail && `<${p.customerEmail}>`].filter(Boolean).join(' '));
    add('Created', p.createdAt);
    add('Completed', p.completedAt);
    add('Confirmed', p.confirmedAt);
    if (isCheckoutPayment(p)) add('Checkout', p.checkoutUrl);
    else if (isDepositPayment(p)) {
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
    const meta = Object.entries(p.metadata);
    for (const [k, v] of meta.slice(0, MAX_METADATA)) add(`Metadata ${k}`, metaText(v));
    if (meta.length > MAX_METADATA) lines.push(`(${meta.length - MAX_METADATA} more metadata fields not shown)`);
  } else if (row.ref.kind === 'order') add('Order ID', row.ref.value);
  if (row.lastError) add('Last check failed', `${row.lastError.kind}: ${row.lastError.message}`);
  add('Last checked by Paymon', row.lastCheckedAt);
  // The user's own words (issue 13), each line cleaned like the provider's text.
  add('Tags', row.tags.join(', '));
  if (row.note !== '') lines.push('Note:', ...row.note.split('\n').map((l) => `  ${one(l)}`));
  if (detail && detail.row.key === row.key) {
    const entries = mergeTimeline(detail.events, detail.history);
    if (entries.length > 0) {
      lines.push('', 'Timeline:');
      for (const e of entries) {
        lines.push(
          e.kind === 'event'
            ? `- ${one(e.at, MAX_LABEL)} ${one(e.text)}`
            : `- ${one(e.at, MAX_LABEL)} Paymon saw ${one(e.from ?? 'new', MAX_LABEL)} -> ${one(e.to, MAX_LABEL)}`,
        );
      }
    }
  }
  return lines.join('\n');
}
