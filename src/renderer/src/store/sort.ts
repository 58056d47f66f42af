/**
 * Sorting the watchlist without the table (issue 11: 100,000 rows). Each column's sort value is
 * written once here (columns.tsx shows it, this module orders by it); the values are turned into
 * keys a plain `<` can compare (text lower-cased with digit runs padded, so "ORD-9" < "ORD-10" as
 * TanStack's alphanumeric sort has it). store/sort-cache.ts keeps them in arrays aligned with the
 * list (store/aligned.ts), so a re-sort after a delta computes keys only for the rows that changed.
 * Pure.
 */
import type { WatchRowView } from '../../../shared/ipc.ts';
import { isDepositPayment, PROVIDER_LABELS } from '../../../shared/payment.ts';
import { rowState } from '../lib/status.ts';
import { toMs } from '../lib/time.ts';

/** What a column sorts by: text, a number, or nothing (sorted last either way). */
export type SortValue = string | number | undefined;

/** One column sort, the same shape TanStack Table uses. */
export interface ColumnSort {
  id: string;
  desc: boolean;
}

/** Each sortable column's value, by column id. */
export const SORT_VALUES = {
  provider: (r: WatchRowView): SortValue => PROVIDER_LABELS[r.ref.provider],
  paymentId: (r: WatchRowView): SortValue => r.payment?.id ?? (r.ref.kind === 'payment' ? r.ref.value : undefined),
  orderId: (r: WatchRowView): SortValue => r.payment?.orderId ?? (r.ref.kind === 'order' ? r.ref.value : undefined) ?? undefined,
  account: (r: WatchRowView): SortValue => r.account ?? undefined,
  amount: (r: WatchRowView): SortValue => r.payment?.amountMinor,
  status: (r: WatchRowView): SortValue => rowState(r).word,
  customer: (r: WatchRowView): SortValue => r.payment?.customerName ?? r.payment?.customerEmail ?? undefined,
  created: (r: WatchRowView): SortValue => toMs(r.payment?.createdAt) ?? undefined,
  age: (r: WatchRowView): SortValue => toMs(r.payment?.createdAt) ?? undefined,
  lastChecked: (r: WatchRowView): SortValue => toMs(r.lastCheckedAt) ?? undefined,
  nextCheck: (r: WatchRowView): SortValue => toMs(r.nextCheckAt) ?? undefined,
  confirmations: (r: WatchRowView): SortValue => (isDepositPayment(r.payment) ? (r.payment.confirmations ?? undefined) : undefined),
} as const satisfies Record<string, (r: WatchRowView) => SortValue>;

/** A sortable column's id. */
export type SortColumn = keyof typeof SORT_VALUES;

/** Columns whose ascending order is the opposite of their value's: ascending age is youngest first. */
const INVERTED: ReadonlySet<string> = new Set<SortColumn>(['age']);

/** Text as a key `<` orders like a person would: case-blind, numbers by value ("9" before "10"). */
export function naturalKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, (d) => (d.length >= 15 ? d : d.padStart(15, '0')));
}

// Computed, not remembered per row: a per-row map costs more (100,000 inserts on a column's first
// sort, a lookup per row after) than the key; the aligned arrays remember them instead.
function keyOf(column: SortColumn, row: WatchRowView): SortValue {
  const value = SORT_VALUES[column](row);
  return typeof value === 'string' ? naturalKey(value) : value;
}

/** Whether `id` names a sortable column (a saved view from an older version may name one no longer there). */
export function isSortColumn(id: string): id is SortColumn {
  return Object.hasOwn(SORT_VALUES, id);
}

/** One sort entry resolved: its column and +1 (ascending keys) or -1. */
export interface SortSpec {
  id: SortColumn;
  sign: 1 | -1;
}

/** The entries of `sorting` that name sortable columns, with each one's direction on its keys. */
export function sortSpecs(sorting: readonly ColumnSort[]): SortSpec[] {
  return sorting.filter((s) => isSortColumn(s.id)).map((s) => ({ id: s.id as SortColumn, sign: s.desc !== INVERTED.has(s.id) ? -1 : 1 }));
}

/** A column's sort key for a row. */
export function sortKey(column: SortColumn, row: WatchRowView): SortValue {
  return keyOf(column, row);
}

/** Two keys in one direction; no value goes last either way. */
export function compareKeys(a: SortValue, b: SortValue, sign: number): number {
  if (a === b) return 0;
  if (a === undefined) return 1;
  if (b === undefined) return -1;
  return a < b ? -sign : sign;
}

/**
 * `rows` ordered by `sorting` (first entry first); ties keep their order in `rows`, and rows
 * without a value go last in either direction (as TanStack's `sortUndefined: 'last'`).
 * store/sort-cache.ts does the same, remembered and updated per delta.
 */
export function sortRows(rows: readonly WatchRowView[], sorting: readonly ColumnSort[]): readonly WatchRowView[] {
  const specs = sortSpecs(sorting);
  if (specs.length === 0 || rows.length < 2) return rows;
  const columns = specs.map(({ id, sign }) => {
    const keys = new Array<SortValue>(rows.length);
    for (let i = 0; i < rows.length; i++) keys[i] = keyOf(id, rows[i]!);
    return { keys, sign };
  });
  const order = Array.from({ length: rows.length }, (_, i) => i);
  order.sort((a, b) => {
    for (const { keys, sign } of columns) {
      const c = compareKeys(keys[a], keys[b], sign);
      if (c !== 0) return c;
    }
    return a - b;
  });
  return order.map((i) => rows[i]!);
}
