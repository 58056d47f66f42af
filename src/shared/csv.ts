/**
 * CSV export of the watchlist (issue 6): RFC 4180 quoting, and cells that a
 * spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`, a leading tab or
 * carriage return) are neutralized with a leading apostrophe (OWASP "CSV injection").
 */
import type { WatchRowView } from './ipc.ts';
import { PROVIDER_LABELS } from './payment.ts';

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, quoted when needed and never executable in a spreadsheet. */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
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
      p?.completedAt ?? (p?.provider === 'paycrypt' ? p.confirmedAt : null) ?? '',
      p?.provider === 'paycrypt' ? (p.confirmations ?? '') : '',
      p?.provider === 'paycrypt' ? (p.txHash ?? '') : '',
      r.lastCheckedAt ?? '',
      r.lastError ? `${r.lastError.kind}: ${r.lastError.message}` : '',
    ];
  });
  return toCsv([EXPORT_HEADER, ...body]);
}
