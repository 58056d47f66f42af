/** Pure selectors over the watchlist: filtering, search and counts (kept out of components so they stay testable). */
import { isDepositPayment, type Provider } from '../../../shared/payment.ts';
import type { WatchRowView } from '../../../shared/ipc.ts';
import { refKey } from '../../../shared/refs.ts';
import { matchesStatus, stateOf, STATE_IDS, type StateId } from '../lib/status.ts';
import { listColumn, listColumnReady } from './aligned.ts';
import { rowMemo } from './row-memo.ts';

/** The table's filters: a state or status word (see matchesStatus), a provider, an account (shop). */
export interface Filters {
  status: string;
  provider: Provider | 'all';
  account: string;
}

/** No filter: every row. */
export const NO_FILTERS: Filters = { status: 'all', provider: 'all', account: 'all' };



function flatValues(value: unknown, out: string[], depth: number): void {
  if (value === null || value === undefined || depth > 3) return;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) flatValues(v, out, depth + 1);
  else if (typeof value === 'object') for (const v of Object.values(value)) flatValues(v, out, depth + 1);
}

/** Everything the search box looks at: IDs, order IDs, customer, metadata values, the note and tags (lower-cased, once per row object). */
export const searchText = rowMemo((row: WatchRowView): string => {
  const p = row.payment;
  const parts = [row.ref.value, row.key, row.note, ...row.tags];
  if (p) {
    parts.push(p.id, p.orderId ?? '', p.customerName ?? '', p.customerEmail ?? '');
    if (isDepositPayment(p)) parts.push(p.customerWallet ?? '', p.txHash ?? '', p.depositAddress ?? '');
    flatValues(p.metadata, parts, 0);
  }
  return parts.join('\n').toLowerCase();
});

/** The search text of each row of a store's list, aligned with it (store/aligned.ts). */
export function searchTexts(list: readonly WatchRowView[]): readonly string[] {
  return listColumn(list, 'search', searchText);
}

/** Rows that pass the filters and contain every word of the search text (`texts`: the rows' searchText, aligned with them, if known). */
export function filterRows(rows: readonly WatchRowView[], filters: Filters, search: string, texts?: readonly string[]): WatchRowView[] {
  return filterAligned(rows, filters, search, texts ? () => texts : undefined).out;
}

/** filterRows, also giving the search texts of the rows it keeps when it was given theirs. */
function filterAligned(
  rows: readonly WatchRowView[],
  filters: Filters,
  search: string,
  textsOf?: () => readonly string[],
): { out: WatchRowView[]; texts: readonly string[] | undefined } {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const unfiltered = filters.status === 'all' && filters.provider === 'all' && filters.account === 'all';
  if (words.length === 0 && unfiltered) return { out: rows as WatchRowView[], texts: undefined };
  const texts = words.length > 0 ? textsOf?.() : undefined;
  const out: WatchRowView[] = [];
  const outTexts: string[] | undefined = texts ? [] : undefined;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    if (!unfiltered && !((filters.provider === 'all' || row.ref.provider === filters.provider) && (filters.account === 'all' || row.account === filters.account) && matchesStatus(row, filters.status))) continue;
    if (words.length > 0) {
      const text = texts ? texts[i]! : searchText(row);
      let every = true;
      for (const w of words) if (!text.includes(w)) every = false;
      if (!every) continue;
    }
    out.push(row);
    if (outTexts) outTexts.push(texts![i]!);
  }
  return { out, texts: outTexts };
}

/** Counts for the header: every row, and the rows in each state. */
export type Counts = { total: number } & Record<StateId, number>;

/** What the header and toolbar show about all rows: counts, status words, accounts, rows waiting per provider. */
export interface Summary {
  counts: Counts;
  /** Distinct provider status words, for the status filter. */
  statusWords: string[];
  /** Distinct accounts (shops) that found rows, for the account filter. */
  accounts: string[];
  /** Rows not checked yet, per provider (for the progress line). */
  uncheckedBy: Map<Provider, number>;
  /** Rows waiting for a key. */
  needsKey: number;
}

const summaries = new WeakMap<readonly WatchRowView[], Summary>();

/** One pass over all rows (not the filtered view), remembered per list; each row counts in exactly one state. */
export function summarize(rows: readonly WatchRowView[]): Summary {
  let s = summaries.get(rows);
  if (s) return s;
  const counts = { total: rows.length } as Counts;
  for (const id of STATE_IDS) counts[id] = 0;
  const words = new Set<string>();
  const accounts = new Set<string>();
  const uncheckedBy = new Map<Provider, number>();
  for (const row of rows) {
    const id = stateOf(row);
    counts[id]++;
    if (id === 'unchecked') uncheckedBy.set(row.ref.provider, (uncheckedBy.get(row.ref.provider) ?? 0) + 1);
    if (row.status !== null) words.add(row.status);
    if (row.account !== null) accounts.add(row.account);
  }
  s = { counts, statusWords: [...words].sort(), accounts: [...accounts].sort(), uncheckedBy, needsKey: counts['needs-key'] };
  summaries.set(rows, s);
  return s;
}

/** The header's counts over all rows. */
export function countRows(rows: readonly WatchRowView[]): Counts {
  return summarize(rows).counts;
}

const watchedKeys = new WeakMap<readonly WatchRowView[], ReadonlySet<string>>();

/** The reference keys already watched (as added, and by payment ID once known), for the paste preview. */
export function watchedRefKeys(rows: readonly WatchRowView[]): ReadonlySet<string> {
  let keys = watchedKeys.get(rows);
  if (!keys) {
    const set = new Set<string>();
    for (const row of rows) {
      set.add(row.key);
      if (row.payment && row.ref.kind === 'order') set.add(refKey({ provider: row.ref.provider, kind: 'payment', value: row.payment.id }));
    }
    watchedKeys.set(rows, (keys = set));
  }
  return keys;
}

/**
 * Builds the search text of rows that have none yet, a slice at a time while the page is idle, so
 * the first keystroke after loading 100,000 rows does not pay for all of them. Returns a cancel.
 */
export function warmSearch(rows: readonly WatchRowView[], slice = 5_000): () => void {
  // A list a delta made takes the texts of the list before it: only its new and replaced rows are built.
  let i = listColumnReady(rows, 'search') ? rows.length : 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const step = () => {
    const end = Math.min(rows.length, i + slice);
    for (; i < end; i++) searchText(rows[i]!);
    if (i < rows.length) timer = setTimeout(step, 0);
    else {
      timer = null;
      searchTexts(rows);
    }
  };
  timer = setTimeout(step, 100);
  return () => {
    if (timer !== null) clearTimeout(timer);
  };
}

// The last result per row list (a store's `list`, replaced on every change): a cache keyed by its
// input like `haystacks`, not shared state: two stores never see each other's results.
const lastFiltered = new WeakMap<readonly WatchRowView[], { filters: Filters; search: string; out: WatchRowView[]; texts: readonly string[] | undefined }>();

/**
 * filterRows with a one-entry memo per row list: the toolbar's count and the table read the same
 * result, so a keystroke in the search box filters 10,000 rows once, not once per reader.
 */
export function filterRowsShared(rows: readonly WatchRowView[], filters: Filters, search: string, textsOf?: () => readonly string[]): WatchRowView[] {
  const last = lastFiltered.get(rows);
  if (last && last.filters === filters && last.search === search) return last.out;
  // Typing on narrows the last result: every row matching "grac" matched "gra".
  const narrowing = last !== undefined && last.filters === filters && last.search.trim() !== '' && search.toLowerCase().startsWith(last.search.toLowerCase());
  const lastTexts = narrowing ? last.texts : undefined;
  const { out, texts } = narrowing
    ? filterAligned(last.out, { ...NO_FILTERS }, search, lastTexts ? () => lastTexts : undefined)
    : filterAligned(rows, filters, search, textsOf);
  lastFiltered.set(rows, { filters, search, out, texts });
  return out;
}
