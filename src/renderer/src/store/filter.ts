/** Pure selectors over the watchlist: filtering, search and counts (kept out of components so they stay testable). */
import { isDepositPayment, type Provider } from '../../../shared/payment.ts';
import type { WatchRowView } from '../../../shared/ipc.ts';
import { matchesStatus } from '../lib/status.ts';

/** The table's filters: a status word or group, and a provider. */
export interface Filters {
  status: string;
  provider: Provider | 'all';
}

export const NO_FILTERS: Filters = { status: 'all', provider: 'all' };

// One lower-cased haystack per row object; rows are replaced on every change, so the cache never goes stale.
const haystacks = new WeakMap<WatchRowView, string>();

function flatValues(value: unknown, out: string[], depth: number): void {
  if (value === null || value === undefined || depth > 3) return;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) flatValues(v, out, depth + 1);
  else if (typeof value === 'object') for (const v of Object.values(value)) flatValues(v, out, depth + 1);
}

/** Everything the search box looks at: IDs, order IDs, customer, metadata values. */
export function searchText(row: WatchRowView): string {
  let text = haystacks.get(row);
  if (text === undefined) {
    const p = row.payment;
    const parts = [row.ref.value, row.key];
    if (p) {
      parts.push(p.id, p.orderId ?? '', p.customerName ?? '', p.customerEmail ?? '');
      if (isDepositPayment(p)) parts.push(p.customerWallet ?? '', p.txHash ?? '', p.depositAddress ?? '');
      flatValues(p.metadata, parts, 0);
    }
    text = parts.join('\n').toLowerCase();
    haystacks.set(row, text);
  }
  return text;
}

/** Rows that pass the filters and contain every word of the search text. */
export function filterRows(rows: readonly WatchRowView[], filters: Filters, search: string): WatchRowView[] {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0 && filters.status === 'all' && filters.provider === 'all') return rows as WatchRowView[];
  return rows.filter(
    (row) =>
      (filters.provider === 'all' || row.ref.provider === filters.provider) &&
      matchesStatus(row, filters.status) &&
      (words.length === 0 || words.every((w) => searchText(row).includes(w))),
  );
}

/** Counts for the header. */
export interface Counts {
  total: number;
  pending: number;
  final: number;
  problems: number;
}

/** Counts over all rows (not the filtered view). */
export function countRows(rows: Iterable<WatchRowView>): Counts {
  const c: Counts = { total: 0, pending: 0, final: 0, problems: 0 };
  for (const row of rows) {
    c.total++;
    if (row.final) c.final++;
    else c.pending++;
    if (row.lastError !== null || row.stopped) c.problems++;
  }
  return c;
}

/** Distinct status words present, for the status filter's options. */
export function statusWords(rows: Iterable<WatchRowView>): string[] {
  const words = new Set<string>();
  for (const row of rows) if (row.status !== null) words.add(row.status);
  return [...words].sort();
}

// The last result per row list (a store's `list`, replaced on every change): a cache keyed by its
// input like `haystacks`, not shared state: two stores never see each other's results.
const lastFiltered = new WeakMap<readonly WatchRowView[], { filters: Filters; search: string; out: WatchRowView[] }>();

/**
 * filterRows with a one-entry memo per row list: the toolbar's count and the table read the same
 * result, so a keystroke in the search box filters 10,000 rows once, not once per reader.
 */
export function filterRowsShared(rows: readonly WatchRowView[], filters: Filters, search: string): WatchRowView[] {
  const last = lastFiltered.get(rows);
  if (last && last.filters === filters && last.search === search) return last.out;
  const out = filterRows(rows, filters, search);
  lastFiltered.set(rows, { filters, search, out });
  return out;
}
