/** The words of a "payment finished" notification and toast: what happened and how much, then whose payment it is. */
import { formatAmount } from '../../shared/format.ts';
import { PROVIDER_LABELS, type Payment } from '../../shared/payment.ts';

/** How each final status is announced. */
const HEADLINES: Record<string, string> = {
  completed: 'Paid',
  confirmed: 'Paid',
  refunded: 'Refunded',
  failed: 'Failed',
  expired: 'Expired',
  underpaid: 'Underpaid',
  overpaid: 'Overpaid',
};

const MAX_FIELD = 80;

/** Provider text goes into an OS notification: no control characters, bounded length. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > MAX_FIELD ? `${flat.slice(0, MAX_FIELD)}…` : flat;
}

/** Title and body for `payment` having reached `status`, e.g. "Paid: $100.00". */
export function notificationText(payment: Payment, status: string = payment.status): { title: string; body: string } {
  const amount = formatAmount(payment.amountMinor, payment.currency);
  const word = HEADLINES[status] ?? clean(status.charAt(0).toUpperCase() + status.slice(1));
  let title = `${word}: ${amount}`;
  if ((status === 'underpaid' || status === 'overpaid') && payment.provider === 'paycrypt' && payment.amountReceived) {
    const coin = payment.coin ? ` ${clean(payment.coin)}` : '';
    title = `${word}: received ${clean(payment.amountReceived)}${coin} of ${amount}`;
  }
  const parts = [`${PROVIDER_LABELS[payment.provider]} ${clean(payment.id)}`];
  if (payment.orderId) parts.push(`Order ${clean(payment.orderId)}`);
  const name = payment.customerName ? clean(payment.customerName) : null;
  const email = payment.customerEmail ? clean(payment.customerEmail) : null;
  if (name && email) parts.push(`${name} (${email})`);
  else if (name ?? email) parts.push((name ?? email)!);
  return { title, body: parts.join(' · ') };
}
