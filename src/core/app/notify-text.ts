/**
 * The words of an alert's notification and toast: what happened and how much, then whose payment
 * it is. A reopening says what it is ("Refunded after completion", "Paid after expiry"), and an
 * under- or overpayment by how much ("Underpaid by $0.50"), issue 14.
 */
import { formatAmount } from '../../shared/format.ts';
import { isDepositPayment, PROVIDER_LABELS, type Payment } from '../../shared/payment.ts';
import { capText, flattenText } from '../../shared/text-safety.ts';
import type { AlertKindView } from '../../shared/alert-history.ts';

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

/** A final status as the thing a reopening came after: "Refunded after completion". */
const AFTER: Record<string, string> = {
  completed: 'completion',
  confirmed: 'confirmation',
  refunded: 'refund',
  failed: 'failure',
  expired: 'expiry',
  underpaid: 'underpayment',
  overpaid: 'overpayment',
};

/** Which alert the text is for; without it, a first final status. */
export interface AlertContext {
  kind: AlertKindView;
  /** For a reopening, the final status the payment had before. */
  after: string | null;
  /** A watch alert's headline (src/core/alerts/watch-alerts.ts): "Pending for 1 h 5 min". */
  headline?: string | undefined;
}

/**
 * What a deposit payment received minus what it asked for, in the payment's minor units, when
 * both are known in the same currency (PayCrypt reports the received amount in USD); else null.
 */
export function amountDifference(payment: Payment): { minor: number; currency: string } | null {
  if (!isDepositPayment(payment) || payment.amountReceivedUsdMinor === null || payment.currency.toUpperCase() !== 'USD') return null;
  return { minor: payment.amountReceivedUsdMinor - payment.amountMinor, currency: payment.currency };
}

/** Longest provider value in a notification; a title or body line stays readable on any OS. */
const MAX_FIELD = 80;
/** Whole title and body: notification centres cut or wrap longer text anyway. */
const MAX_TITLE = 120;
const MAX_BODY = 300;

/** Provider text goes into an OS notification: one line, no control or bidi characters, bounded (issue 16). */
function clean(text: string): string {
  return flattenText(text, MAX_FIELD);
}

/** Title and body for `payment` having reached `status`, e.g. "Paid: $100.00" or "Paid after expiry: $10.00". */
export function notificationText(
  payment: Payment,
  status: string = payment.status,
  alert: AlertContext = { kind: 'final', after: null },
): { title: string; body: string } {
  // The currency is checked when an answer is parsed; rows stored before that check are cleaned here too.
  const amount = clean(formatAmount(payment.amountMinor, payment.currency));
  const known = HEADLINES[status];
  let word = known ?? clean(status.charAt(0).toUpperCase() + status.slice(1));
  const underOver = status === 'underpaid' || status === 'overpaid';
  const diff = underOver ? amountDifference(payment) : null;
  if (diff && diff.minor !== 0) word += ` by ${clean(formatAmount(Math.abs(diff.minor), diff.currency))}`;
  const after = alert.after === null ? '' : ` after ${AFTER[alert.after] ?? clean(alert.after)}`;
  if (alert.headline !== undefined) word = clean(alert.headline);
  else if (alert.kind === 'unknown-status') word = `Unknown status "${clean(status)}"${after}`;
  else if (alert.kind === 'reopened' && known === undefined) word = `Reopened${after} (now ${clean(status)})`;
  else if (alert.kind === 'reopened' && alert.after === 'underpaid' && word === 'Paid') word = 'Paid in full after underpayment';
  else word += after;
  let title = `${word}: ${amount}`;
  if (underOver && isDepositPayment(payment) && payment.amountReceived) {
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
