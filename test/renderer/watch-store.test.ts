/** The renderer store's actions and selectors, without a browser. */
import { describe, expect, it } from 'vitest';
import { createWatchStore } from '../../src/renderer/src/store/watch-store.ts';
import { countRows, filterRows, NO_FILTERS } from '../../src/renderer/src/store/filter.ts';
import type { SnapshotView } from '../../src/shared/ipc.ts';
import { c2cRow } from './fixtures/rows.ts';

function snapshot(rows: SnapshotView['rows']): SnapshotView {
  return { rows, accounts: [], problems: [], monitorPaused: false, keychainProblem: null, keychainPending: false, trayShown: null, notificationProblem: null, shortcutProblem: null, loginItemProblem: null, stale: null, demo: false, settings: { notifyStatuses: [], muteAll: false, onClose: 'tray', lookupShortcut: null, openAtLogin: false }, views: { views: [], current: null } };
}

describe('watch store', () => {
  it('loads a snapshot newest-added first', () => {
    const store = createWatchStore();
    store.getState().loadSnapshot(snapshot([c2cRow('pay_a', { addedAt: '2026-03-02T10:00:00Z' }), c2cRow('pay_b', { addedAt: '2026-03-02T11:00:00Z' })]));
    expect(store.getState().phase).toBe('ready');
    expect(store.getState().list.map((r) => r.ref.value)).toEqual(['pay_b', 'pay_a']);
  });

  it('applies a delta in one update: new rows on top, changed rows in place, removed rows gone with their selection', () => {
    const store = createWatchStore();
    store.getState().loadSnapshot(snapshot([c2cRow('pay_a'), c2cRow('pay_b'), c2cRow('pay_c')]));
    store.getState().setSelection([c2cRow('pay_b').key, c2cRow('pay_c').key]);
    let updates = 0;
    const off = store.subscribe(() => updates++);
    store.getState().applyDelta({
      upserts: [c2cRow('pay_a', { status: 'completed' }), c2cRow('pay_new', { addedAt: '2026-03-02T12:00:00Z' })],
      removes: [c2cRow('pay_b').key, 'card2crypto:payment:unknown'],
    });
    off();
    expect(updates).toBe(1);
    const s = store.getState();
    expect(s.list.map((r) => r.ref.value)).toEqual(['pay_new', 'pay_a', 'pay_c']);
    expect(s.rows.get(c2cRow('pay_a').key)?.status).toBe('completed');
    expect([...s.selection]).toEqual([c2cRow('pay_c').key]);
  });

  it('keeps the position of a row removed and re-added in the same batch', () => {
    const store = createWatchStore();
    store.getState().loadSnapshot(snapshot([c2cRow('pay_a'), c2cRow('pay_b')]));
    const before = store.getState().list.map((r) => r.key);
    store.getState().applyDelta({ upserts: [c2cRow('pay_a', { paused: true })], removes: [c2cRow('pay_a').key] });
    expect(store.getState().list.map((r) => r.key)).toEqual(before);
    expect(store.getState().rows.get(c2cRow('pay_a').key)?.paused).toBe(true);
  });

  it('selects a Shift range across the rows in view order', () => {
    const store = createWatchStore();
    const keys = ['pay_1', 'pay_2', 'pay_3', 'pay_4'].map((id) => c2cRow(id).key);
    store.getState().toggleSelected(keys[1]!);
    store.getState().toggleSelected(keys[3]!, { range: true, visibleKeys: keys });
    expect([...store.getState().selection].sort()).toEqual([keys[1], keys[2], keys[3]].sort());
  });

  it('opening a payment hidden by the filters clears them so it can be shown', () => {
    const store = createWatchStore();
    store.getState().loadSnapshot(snapshot([c2cRow('pay_a'), c2cRow('pay_b', { status: 'completed' })]));
    store.getState().setFilters({ status: 'final' });
    store.getState().openPayment(c2cRow('pay_a').key, { reveal: true });
    const s = store.getState();
    expect(s.filters).toEqual(NO_FILTERS);
    expect(s.focusedKey).toBe(c2cRow('pay_a').key);
    expect(s.revealSeq).toBe(1);
  });

  it('keeps at most five toasts', () => {
    const store = createWatchStore();
    for (let i = 0; i < 8; i++) store.getState().pushToast({ kind: 'info', message: `m${i}` });
    expect(store.getState().toasts.map((t) => (t.kind === 'info' ? t.message : ''))).toEqual(['m3', 'm4', 'm5', 'm6', 'm7']);
  });
});

describe('filters and search', () => {
  const rows = [
    c2cRow('pay_done', { status: 'completed' }, { name: 'Ada Lovelace', metadata: { sku: 'GIFT-77', nested: { note: 'VIP' } } }),
    c2cRow('pay_wait', {}, { name: 'Alan Turing' }),
    c2cRow('pay_err', { status: null, lastError: { kind: 'auth', message: 'rejected' } }),
  ];

  it('searches IDs, order IDs, customers and metadata values, every word', () => {
    const ids = (q: string) => filterRows(rows, NO_FILTERS, q).map((r) => r.ref.value);
    expect(ids('gift-77')).toEqual(['pay_done']);
    expect(ids('vip')).toEqual(['pay_done']);
    expect(ids('ORD-pay_wait')).toEqual(['pay_wait']);
    expect(ids('alan turing')).toEqual(['pay_wait']);
    expect(ids('ada turing')).toEqual([]);
    expect(ids('pay_err')).toEqual(['pay_err']);
    expect(ids('')).toHaveLength(3);
  });

  it('filters by state, status word and provider', () => {
    const ids = (status: string, provider: 'all' | 'card2crypto' | 'paycrypt' = 'all') => filterRows(rows, { ...NO_FILTERS, status, provider }, '').map((r) => r.ref.value);
    expect(ids('final')).toEqual(['pay_done']);
    // Pending is the payments checked and not final: a row waiting for a key is not among them (issue 17).
    expect(ids('pending')).toEqual(['pay_wait']);
    expect(ids('needs-key')).toEqual(['pay_err']);
    expect(ids('status:completed')).toEqual(['pay_done']);
    expect(ids('all', 'paycrypt')).toEqual([]);
  });

  it('counts each row in exactly one state', () => {
    expect(countRows(rows)).toEqual({ total: 3, pending: 1, unchecked: 0, paused: 0, 'needs-key': 1, 'not-found': 0, failing: 0, final: 1 });
  });
});

describe('keyboard cursor', () => {
  it('moves the cursor without touching the selection, extends a range with Shift, and forgets it when the row goes', () => {
    const store = createWatchStore();
    const rows = ['pay_a', 'pay_b', 'pay_c', 'pay_d'].map((id) => c2cRow(id));
    store.getState().loadSnapshot(snapshot(rows));
    const keys = rows.map((r) => r.key);
    store.getState().setSelection([keys[0]!]);
    store.getState().moveCursor(keys[1]!);
    expect(store.getState().cursorKey).toBe(keys[1]);
    expect([...store.getState().selection]).toEqual([keys[0]]);
    store.getState().moveCursor(keys[3]!, { extend: true, visibleKeys: keys });
    expect([...store.getState().selection].sort()).toEqual(keys.slice(1).sort());
    store.getState().applyDelta({ upserts: [], removes: [keys[3]!] });
    expect(store.getState().cursorKey).toBeNull();
  });

  it('starts afresh when a new snapshot replaces the data (entering or leaving the demo)', () => {
    const store = createWatchStore();
    store.getState().loadSnapshot(snapshot([c2cRow('pay_a')]));
    store.getState().openPayment(c2cRow('pay_a').key);
    store.getState().setSearch('pay');
    store.getState().loadSnapshot({ ...snapshot([c2cRow('pay_z')]), demo: true });
    const s = store.getState();
    expect([s.focusedKey, s.cursorKey, s.search, s.selection.size, s.demo]).toEqual([null, null, '', 0, true]);
  });
});

describe('saved views in the store (issue 13)', () => {
  it('applies the view main says was current when a snapshot loads, and counts new payments it hides', () => {
    const store = createWatchStore();
    const view = { name: 'Paid', filters: { status: 'final', provider: 'nope', account: 'all' }, search: ' ', sorting: [{ id: 'amount', desc: true }, { id: 'gone-column', desc: false }] };
    store.getState().loadSnapshot({ ...snapshot([c2cRow('pay_done000001', { status: 'completed' })]), views: { views: [view], current: 'Paid' } });
    const s = store.getState();
    expect(s.filters).toEqual({ status: 'final', provider: 'all', account: 'all' });
    expect(s.sorting).toEqual([{ id: 'amount', desc: true }]);
    store.getState().applyDelta({ upserts: [c2cRow('pay_new0000001', { status: 'pending' }), c2cRow('pay_done000002', { status: 'completed' })], removes: [] });
    expect([...store.getState().hiddenNew]).toEqual(['card2crypto:payment:pay_new0000001']);
    // Its status moving while hidden counts too; removal forgets it.
    store.getState().applyDelta({ upserts: [c2cRow('pay_done000001', { status: 'refunded' })], removes: ['card2crypto:payment:pay_new0000001'] });
    expect([...store.getState().hiddenNew]).toEqual([]);
    store.getState().applyView(undefined);
    expect(store.getState().filters.status).toBe('all');
  });
});

