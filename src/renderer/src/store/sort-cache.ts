/**
 * The watchlist's sorted order, remembered per list and kept up to date per delta (issue 11:
 * 100,000 rows). A full sort of 100,000 rows costs tens of milliseconds; so instead:
 * - a delta re-positions only the rows it touched: the old order without them, merged with them
 *   sorted (store/list-change.ts says which rows those are);
 * - flipping a column's direction reverses the order already computed (ties stay in list order);
 * - each result keeps its rows' sort keys and list positions, so neither needs looking up again.
 * The order is the same as sort.ts's sortRows gives, which the tests compare it with.
 */
import type { WatchRowView } from '../../../shared/ipc.ts';
import { listChangeOf, type ListChange } from './list-change.ts';
import { compareKeys, sortKey, sortSpecs, type ColumnSort, type SortSpec, type SortValue } from './sort.ts';

/** A sorted list, with what re-sorting it needs. */
interface Sorted {
  out: WatchRowView[];
  /** Per sort entry, the keys of `out`'s rows (aligned with `out`). */
  keys: SortValue[][];
  /** A number per row of `out` that increases with its position in the list (the tie-break). */
  pos: number[];
}

function compareAt(specs: readonly SortSpec[], ak: SortValue[][], ai: number, apos: number, bk: SortValue[][], bi: number, bpos: number): number {
  for (let c = 0; c < specs.length; c++) {
    const d = compareKeys(ak[c]![ai], bk[c]![bi], specs[c]!.sign);
    if (d !== 0) return d;
  }
  return apos - bpos;
}

function sortFull(rows: readonly WatchRowView[], specs: readonly SortSpec[]): Sorted {
  const n = rows.length;
  const cols = specs.map(({ id }) => {
    const keys = new Array<SortValue>(n);
    for (let i = 0; i < n; i++) keys[i] = sortKey(id, rows[i]!);
    return keys;
  });
  const order = Array.from({ length: n }, (_, i) => i);
  if (specs.length === 1) {
    const keys = cols[0]!;
    const sign = specs[0]!.sign;
    order.sort((a, b) => compareKeys(keys[a], keys[b], sign) || a - b);
  } else order.sort((a, b) => compareAt(specs, cols, a, a, cols, b, b));
  return { out: order.map((i) => rows[i]!), keys: cols.map((keys) => order.map((i) => keys[i])), pos: order };
}

/** `prev` (the order of `change.from`) updated for a delta: untouched rows keep their order, touched and new ones are merged in. */
function sortChanged(prev: Sorted, change: ListChange, list: readonly WatchRowView[], specs: readonly SortSpec[]): Sorted {
  const shift = change.fresh;
  const added: { row: WatchRowView; pos: number }[] = [];
  for (let i = 0; i < shift; i++) added.push({ row: list[i]!, pos: i });
  const kept: number[] = [];
  const { touched, rows } = change;
  if (touched.size === 0) for (let j = 0; j < prev.out.length; j++) kept.push(j);
  else
    for (let j = 0; j < prev.out.length; j++) {
      const key = prev.out[j]!.key;
      if (!touched.has(key)) kept.push(j);
      else {
        const row = rows.get(key);
        if (row) added.push({ row, pos: prev.pos[j]! + shift });
      }
    }
  const addedKeys = specs.map(({ id }) => added.map((a) => sortKey(id, a.row)));
  const addedOrder = added.map((_, i) => i).sort((a, b) => compareAt(specs, addedKeys, a, added[a]!.pos, addedKeys, b, added[b]!.pos));

  const n = kept.length + added.length;
  const out = new Array<WatchRowView>(n);
  const keys = specs.map(() => new Array<SortValue>(n));
  const pos = new Array<number>(n);
  let i = 0;
  let j = 0;
  for (let o = 0; o < n; o++) {
    const fromAdded =
      j >= kept.length || (i < addedOrder.length && compareAt(specs, addedKeys, addedOrder[i]!, added[addedOrder[i]!]!.pos, prev.keys, kept[j]!, prev.pos[kept[j]!]! + shift) < 0);
    if (fromAdded) {
      const a = addedOrder[i++]!;
      out[o] = added[a]!.row;
      pos[o] = added[a]!.pos;
      for (let c = 0; c < specs.length; c++) keys[c]![o] = addedKeys[c]![a];
    } else {
      const k = kept[j++]!;
      out[o] = prev.out[k]!;
      pos[o] = prev.pos[k]! + shift;
      for (let c = 0; c < specs.length; c++) keys[c]![o] = prev.keys[c]![k];
    }
  }
  return { out, keys, pos };
}

/** A one-column order in the other direction: key groups reversed, rows within a group (ties) still in list order, no value still last. */
function reversed(prev: Sorted): Sorted {
  const n = prev.out.length;
  const src = prev.keys[0]!;
  let defined = n;
  while (defined > 0 && src[defined - 1] === undefined) defined--;
  const order: number[] = [];
  for (let end = defined; end > 0; ) {
    let start = end - 1;
    while (start > 0 && src[start - 1] === src[end - 1]) start--;
    for (let k = start; k < end; k++) order.push(k);
    end = start;
  }
  for (let k = defined; k < n; k++) order.push(k);
  return { out: order.map((k) => prev.out[k]!), keys: [order.map((k) => src[k])], pos: order.map((k) => prev.pos[k]!) };
}

const signature = (specs: readonly SortSpec[]) => specs.map((s) => `${s.id}:${s.sign}`).join(',');

/** Orders remembered per list, by signature; a few per list (a direction flip or two). */
const results = new WeakMap<readonly WatchRowView[], Map<string, Sorted>>();
const PER_LIST = 4;

/**
 * `rows` (a store's list) in `sorting` order, as sortRows gives it: remembered per list, and for a
 * list a delta made, derived from the list before it.
 */
export function sortRowsShared(rows: readonly WatchRowView[], sorting: readonly ColumnSort[]): readonly WatchRowView[] {
  const specs = sortSpecs(sorting);
  if (specs.length === 0 || rows.length < 2) return rows;
  const sig = signature(specs);
  let known = results.get(rows);
  const hit = known?.get(sig);
  if (hit) return hit.out;
  const change = listChangeOf(rows);
  const prev = change ? results.get(change.from)?.get(sig) : undefined;
  const flip = specs.length === 1 ? known?.get(signature([{ id: specs[0]!.id, sign: specs[0]!.sign === 1 ? -1 : 1 }])) : undefined;
  const sorted = prev && change ? sortChanged(prev, change, rows, specs) : flip ? reversed(flip) : sortFull(rows, specs);
  if (!known) results.set(rows, (known = new Map()));
  if (known.size >= PER_LIST) known.delete(known.keys().next().value!);
  known.set(sig, sorted);
  return sorted.out;
}
