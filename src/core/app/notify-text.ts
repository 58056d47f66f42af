/** The words of a "payment finished" notification and toast: what happened and how much, then whose payment it is. */
import { formatAmount } from '../../shared/format.ts';
import { isDepositPayment, PROVIDER_LABELS, type Payment } from '../../shared/payment.ts';
import { capText, flattenText } from '../../shared/text-safety.ts';

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

/** Longest provider value in a notification; a title or body line stays readable on any OS. */
const MAX_FIELD = 80;
/** Whole title and body: notification centres cut or wrap longer text anyway. */
const MAX_TITLE = 120;
const MAX_BODY = 300;

/** Provider text goes into an OS notification: one line, no control or bidi characters, bounded (issue 16). */
function clean(text: string): string {
  return flattenText(text, MAX_FIELD);
}

/** Title and body for `payment` having reached `status`, e.g. "Paid: $100.00". */
export function notificationText(payment: Payment, status: string = payment.status): { title: string; body: string } {
  // The currency is checked when an answer is parsed; rows stored before that check are cleaned here too.
  const amount = clean(formatAmount(payment.amountMinor, payment.currency));
  const word = HEADLINES[status] ?? clean(status.charAt(0).toUpperCase() + status.slice(1));
  let title = `${word}: ${amount}`;
  if ((status === 'underpaid' || status === 'overpaid') && isDepositPayment(payment) && payment.amountReceived) {
    const coin = payment.coin ? ` ${clean(payment.coin)}` : '';
    title = `${word}: received ${clean(payment.amountReceived)}${coin} of ${amount}`;
  }
  const parts = [`${PROVIDER_LABELS[payment.provider]} ${clean(payment.id)}`];
  if (payment.orderId) parts.push(`Order ${clean(payment.orderId)}`);
  const name = payment.customerName ? clean(payment.customerName) : null;
  const email = payment.customerEmail ? clean(payment.customerEmail) : null;
  if (name && email) parts.push(`${name} (${email})`);
  else if (name ?? email) parts.push((name ?? email)!);
  return { title: capText(title, MAX_TITLE), body: capText(parts.join(' · '), MAX_BODY) };
}
