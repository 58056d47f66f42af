/**
 * The remembered sorted view (store/sort-cache.ts) against a plain sort: after deltas (rows
 * re-positioned, added, removed), direction flips and multi-column sorts, with many ties and rows
 * without a value, the view is exactly the rows sortRows puts in order, filtered afterwards.
 */
import { describe, expect, it } from 'vitest';
import { createWatchStore } from '../../src/renderer/src/store/watch-store.ts';
import { filterRows, NO_FILTERS, type Filters } from '../../src/renderer/src/store/filter.ts';
import { sortRows, type ColumnSort } from '../../src/renderer/src/store/sort.ts';
import { viewOf } from '../../src/renderer/src/store/view.ts';
import type { SnapshotView, WatchRowView } from '../../src/shared/ipc.ts';
import { c2cRow } from './fixtures/rows.ts';

function snapshot(rows: SnapshotView['rows']): SnapshotView {
  return { rows, accounts: [], problems: [], monitorPaused: false, keychainProblem: null, keychainPending: false, trayShown: null, notificationProblem: null, shortcutProblem: null, loginItemProblem: null, stale: null, demo: false, settings: { notifyStatuses: [], muteAll: false, onClose: 'tray', lookupShortcut: null, openAtLogin: false }, views: { views: [], current: null } };
}

/** A small seeded generator (mulberry32), so a failure is repeatable. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ (t + t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES = ['pending', 'completed', 'failed', 'refunded', null] as const;
const COLUMNS = ['amount', 'status', 'customer', 'orderId', 'lastChecked', 'age', 'provider'];

function makeRow(rnd: () => number, id: string): WatchRowView {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const minute = Math.floor(rnd() * 5);
  return c2cRow(
    id,
    { status: pick(STATUSES), addedAt: new Date(Date.UTC(2026, 2, 2, 10, minute)).toISOString(), lastCheckedAt: rnd() < 0.2 ? null : new Date(Date.UTC(2026, 2, 2, 11, pick([0, 1, 2]))).toISOString() },
    // Few amounts and names: many ties. Some rows have no name.
    { amountMinor: pick([100, 200, 300]), name: rnd() < 0.3 ? undefined : pick(['Ann', 'bob', 'Cy 9', 'Cy 10']) },
  );
}

function expected(list: readonly WatchRowView[], sorting: readonly ColumnSort[], filters: Filters, search: string): string[] {
  return sortRows(filterRows(list, filters, search), sorting).map((r) => r.key);
}

describe('remembered sorted view', () => {
  it('matches a plain sort after deltas, flips and multi-column sorts', () => {
    for (const seed of [1, 2, 3]) {
      const rnd = random(seed);
      const store = createWatchStore();
      let next = 0;
      const rows = Array.from({ length: 300 }, () => makeRow(rnd, `pay_${next++}`));
      store.getState().loadSnapshot(snapshot(rows));
      let checks = 0;
      for (let step = 0; step < 40; step++) {
        const sorting: ColumnSort[] = [{ id: COLUMNS[Math.floor(rnd() * COLUMNS.length)]!, desc: rnd() < 0.5 }];
        if (rnd() < 0.3) sorting.push({ id: COLUMNS[Math.floor(rnd() * COLUMNS.length)]!, desc: rnd() < 0.5 });
        const search = rnd() < 0.3 ? 'cy' : '';
        const check = (s: ColumnSort[]) => {
          const st = store.getState();
          // "c" then "cy": typing on narrows the last result.
          for (const q of search === '' ? [''] : ['c', search]) {
            const got = viewOf({ list: st.list, filters: NO_FILTERS, search: q, sorting: s }).map((r) => r.key);
            expect(got, `seed ${seed} step ${step} ${JSON.stringify(s)} "${q}"`).toEqual(expected(st.list, s, NO_FILTERS, q));
            checks++;
          }
        };
        check(sorting);
        // A delta: some rows change (amount, status, name), some are new, some go.
        const list = store.getState().list;
        const upserts: WatchRowView[] = [];
        for (let i = 0; i < 1 + Math.floor(rnd() * 20); i++) {
          const old = list[Math.floor(rnd() * list.length)]!;
          upserts.push(makeRow(rnd, old.ref.value));
        }
        for (let i = 0; i < Math.floor(rnd() * 4); i++) upserts.push(makeRow(rnd, `pay_${next++}`));
        const removes = Array.from({ length: Math.floor(rnd() * 4) }, () => list[Math.floor(rnd() * list.length)]!.key);
        store.getState().applyDelta({ upserts, removes });
        check(sorting);
        // The other direction of a one-column sort, then back.
        if (sorting.length === 1) {
          const flipped = [{ ...sorting[0]!, desc: !sorting[0]!.desc }];
          check(flipped);
          check(sorting);
        }
      }
      expect(checks).toBeGreaterThan(100);
    }
  });

  it('re-positions a row whose key changed and keeps ties in list order', () => {
    const store = createWatchStore();
    const rows = ['a', 'b', 'c', 'd'].map((id, i) => c2cRow(`pay_${id}`, { addedAt: `2026-03-02T10:0${i}:00.000Z` }, { amountMinor: id === 'c' ? 500 : 100 }));
    store.getState().loadSnapshot(snapshot(rows));
    const view = () => viewOf({ ...store.getState(), sorting: [{ id: 'amount', desc: true }] }).map((r) => r.ref.value);
    expect(view()).toEqual(['pay_c', 'pay_d', 'pay_b', 'pay_a']);
    store.getState().applyDelta({ upserts: [c2cRow('pay_a', { addedAt: '2026-03-02T10:00:00.000Z' }, { amountMinor: 900 })], removes: [] });
    expect(view()).toEqual(['pay_a', 'pay_c', 'pay_d', 'pay_b']);
    store.getState().applyDelta({ upserts: [c2cRow('pay_c', { addedAt: '2026-03-02T10:02:00.000Z' }, { amountMinor: 100 })], removes: [] });
    expect(view()).toEqual(['pay_a', 'pay_d', 'pay_c', 'pay_b']);
  });
});
