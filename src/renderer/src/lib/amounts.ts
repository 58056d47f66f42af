/** Expected vs received for a PayCrypt deposit, spelled out. Pure. */
import { formatAmount } from '../../../shared/format.ts';
import type { PayCryptPayment } from '../../../shared/payment.ts';

/** How the received amount compares with the expected one. */
export interface AmountDifference {
  kind: 'under' | 'over' | 'exact';
  /** Received minus expected, in the payment currency's minor units. */
  diffMinor: number;
  /** e.g. "Underpaid by $0.50 (received 9.50 USDT of $10.00)". */
  text: string;
}

/** A crypto decimal with at least two decimals: "9.5" -> "9.50", "0.00012" stays. */
export function cryptoAmount(decimal: string): string {
  const [whole = '0', frac = ''] = decimal.split('.');
  return `${whole}.${frac.padEnd(2, '0')}`;
}

/** The difference, or null while nothing was received (or the received value is unknown). */
export function amountDifference(p: PayCryptPayment): AmountDifference | null {
  const usd = p.amountReceivedUsdMinor;
  if (usd === null || usd <= 0) return null;
  const diffMinor = usd - p.amountMinor;
  const received = p.amountReceived ? `${cryptoAmount(p.amountReceived)} ${p.coin ?? ''}`.trim() : formatAmount(usd, p.currency);
  const of = `(received ${received} of ${formatAmount(p.amountMinor, p.currency)})`;
  const by = formatAmount(Math.abs(diffMinor), p.currency);
  if (diffMinor === 0) return { kind: 'exact', diffMinor, text: `Paid in full ${of}` };
  const under = diffMinor < 0;
  // Until the deposit is final the verdict is the provider's to give: say "so far".
  const word = p.final ? (under ? 'Underpaid by' : 'Overpaid by') : under ? 'Short by' : 'Over by';
  return { kind: under ? 'under' : 'over', diffMinor, text: `${word} ${by}${p.final ? '' : ' so far'} ${of}` };
}
