/**
 * CSV export of the watchlist (issue 6): RFC 4180 quoting, and cells that a
 * spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`, a leading tab or
 * carriage return) are neutralized with a leading apostrophe (OWASP "CSV injection").
 * Spreadsheets skip leading whitespace before a formula, so ` =…` is neutralized too, and
 * cells holding `;` or a tab are quoted for locales whose CSV separator is not `,` (issue 16).
 */
import type { WatchRowView } from './ipc.ts';
import { isDepositPayment, PROVIDER_LABELS } from './payment.ts';

/** A formula trigger, also after whitespace (`\s` covers tab, CR, LF, NBSP and the other Unicode spaces). */
const FORMULA_START = /^\s*[=+\-@]|^[\t\r]/;
/** A plain negative number ("-0.50", as decimalAmount writes refunds): data, not a formula. */
const NEGATIVE_NUMBER = /^-\d+(\.\d+)?$/;
/** Characters that need the cell quoted: RFC 4180's, plus the `;` and tab other locales split on. */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** One cell, quoted when needed and never executable in a spreadsheet. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
  if (FORMULA_START.test(text) && !NEGATIVE_NUMBER.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of cells to CSV text with CRLF line ends (what spreadsheets expect). */
export function toCsv(rows: unknown[][]): string {
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The columns of a watchlist export. */
export const EXPORT_HEADER = [
  'provider',
  'payment_id',
  'order_id',
  'status',
  'final',
  'amount',
  'currency',
  'customer_name',
  'customer_email',
  'created_at',
  'completed_at',
  'confirmations',
  'tx_hash',
  'last_checked_at',
  'last_error',
  // The user's own (issue 13), last so the provider's columns keep their places.
  'note',
  'tags',
];

/** Integer minor units as a decimal string: 1999 -> "19.99", -50 -> "-0.50". */
export function decimalAmount(minor: number): string {
  const abs = Math.abs(minor);
  return `${minor < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Watchlist rows as CSV, amounts as decimal strings (no float formatting surprises). */
export function watchlistCsv(rows: WatchRowView[]): string {
  const body = rows.map((r) => {
    const p = r.payment;
    const amount = p ? decimalAmount(p.amountMinor) : '';
    return [
      PROVIDER_LABELS[r.ref.provider],
      p?.id ?? r.ref.value,
      p?.orderId ?? (r.ref.kind === 'order' ? r.ref.value : ''),
      r.status ?? '',
      r.final ? 'yes' : 'no',
      amount,
      p?.currency ?? '',
      p?.customerName ?? '',
      p?.customerEmail ?? '',
      p?.createdAt ?? '',
      p?.completedAt ?? (isDepositPayment(p) ? p.confirmedAt : null) ?? '',
      isDepositPayment(p) ? (p.confirmations ?? '') : '',
      isDepositPayment(p) ? (p.txHash ?? '') : '',
      r.lastCheckedAt ?? '',
      r.lastError ? `${r.lastError.kind}: ${r.lastError.message}` : '',
      r.note,
      r.tags.join('; '),
    ];
  });
  return toCsv([EXPORT_HEADER, ...body]);
}
