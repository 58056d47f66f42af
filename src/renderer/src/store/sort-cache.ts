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
import { listColumn, movesOf } from './aligned.ts';
import { listChangeOf, type ListChange } from './list-change.ts';
import { compareKeys, sortKey, sortSpecs, type ColumnSort, type SortSpec, type SortValue } from './sort.ts';

/** A sorted list, with what re-sorting it needs. */
interface Sorted {
  out: WatchRowView[];
  /** Per sort entry, the keys of `out`'s rows (aligned with `out`). */
  keys: SortValue[][];
  /** Each row's index in the list (the tie-break). */
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
  const cols = specs.map(({ id }) => listColumn(rows, `sort:${id}`, (row) => sortKey(id, row)));
  const order = Array.from({ length: n }, (_, i) => i);
  if (specs.length === 1) {
    const keys = cols[0]!;
    const sign = specs[0]!.sign;
    order.sort((a, b) => compareKeys(keys[a], keys[b], sign) || a - b);
  } else order.sort((a, b) => compareAt(specs, cols, a, a, cols, b, b));
  return { out: order.map((i) => rows[i]!), keys: cols.map((keys) => order.map((i) => keys[i])), pos: order };
}

/** `prev` (the order of `change.from`) updated for a delta: untouched rows keep their order, replaced and new ones are merged in. */
function sortChanged(prev: Sorted, change: ListChange, list: readonly WatchRowView[], specs: readonly SortSpec[]): Sorted {
  const { to, replaced } = movesOf(list, change);
  // New rows and replaced rows, by their place in the new list; the rest keep their order.
  const added: number[] = [];
  for (let i = 0; i < change.fresh; i++) added.push(i);
  const kept: number[] = [];
  for (let j = 0; j < prev.out.length; j++) {
    const p = prev.pos[j]!;
    const i = to[p]!;
    if (i < 0) continue;
    if (replaced[p] === 1) added.push(i);
    else kept.push(j);
  }
  const addedKeys = specs.map(({ id }) => added.map((i) => sortKey(id, list[i]!)));
  const addedOrder = added.map((_, a) => a).sort((a, b) => compareAt(specs, addedKeys, a, added[a]!, addedKeys, b, added[b]!));

  const n = kept.length + added.length;
  const out = new Array<WatchRowView>(n);
  const keys = specs.map(() => new Array<SortValue>(n));
  const pos = new Array<number>(n);
  let a = 0;
  let k = 0;
  for (let o = 0; o < n; o++) {
    const fromAdded = k >= kept.length || (a < addedOrder.length && compareAt(specs, addedKeys, addedOrder[a]!, added[addedOrder[a]!]!, prev.keys, kept[k]!, to[prev.pos[kept[k]!]!]!) < 0);
    if (fromAdded) {
      const x = addedOrder[a++]!;
      const i = added[x]!;
      pos[o] = i;
      out[o] = list[i]!;
      for (let c = 0; c < specs.length; c++) keys[c]![o] = addedKeys[c]![x];
    } else {
      const j = kept[k++]!;
      out[o] = prev.out[j]!;
      pos[o] = to[prev.pos[j]!]!;
      for (let c = 0; c < specs.length; c++) keys[c]![o] = prev.keys[c]![j];
    }
  }
  return { out, keys, pos };
}

/** A one-column order in the other direction: key groups reversed, rows within a group (ties) still in list order, no value still last. */
function reversed(prev: Sorted): Sorted {
  const n = prev.out.length;
  const src = prev.keys[0]!;
  const out = new Array<WatchRowView>(n);
  const keys = new Array<SortValue>(n);
  const pos = new Array<number>(n);
  let o = 0;
  const take = (k: number) => {
    out[o] = prev.out[k]!;
    keys[o] = src[k];
    pos[o] = prev.pos[k]!;
    o++;
  };
  let defined = n;
  while (defined > 0 && src[defined - 1] === undefined) defined--;
  for (let end = defined; end > 0; ) {
    let start = end - 1;
    while (start > 0 && src[start - 1] === src[end - 1]) start--;
    for (let k = start; k < end; k++) take(k);
    end = start;
  }
  for (let k = defined; k < n; k++) take(k);
  return { out, keys: [keys], pos };
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
  positions.set(sorted.out, sorted.pos);
  return sorted.out;
}

const positions = new WeakMap<readonly WatchRowView[], readonly number[]>();

/** For an order sortRowsShared returned: each row's index in the list it sorted. */
export function sortedPositions(out: readonly WatchRowView[]): readonly number[] | undefined {
  return positions.get(out);
}
