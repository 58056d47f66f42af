import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openStore, type PaymonStore } from '../../../src/core/store/index.ts';
import { PaymonError } from '../../../src/shared/errors.ts';
import { refKey } from '../../../src/shared/refs.ts';
import { c2cPayment, c2cRef, orderRef, payCryptPayment, tempDir } from './helpers.ts';

const KEY = refKey(c2cRef(1));
const ORDER_KEY = refKey(orderRef(1));

function fresh(): { store: PaymonStore; dir: string } {
  const dir = tempDir();
  return { store: openStore(dir).store, dir };
}

function observe(store: PaymonStore, status: string, seenAt: string, final = false) {
  return store.recordObservation(KEY, {
    payment: c2cPayment('pay_test1', status, final),
    raw: { success: true, data: { status } },
    seenAt,
  });
}

describe('watches', () => {
  it('adds idempotently and lists in the order added', () => {
    const { store } = fresh();
    expect(store.addWatch(c2cRef(2), { addedAt: '2025-01-02T00:00:00Z' })).toEqual({ added: true });
    expect(store.addWatch(orderRef(1), { addedAt: '2025-01-01T00:00:00Z', account: 'shop-a' })).toEqual({ added: true });
    expect(store.addWatch(c2cRef(2), { account: 'other' })).toEqual({ added: false });
    const list = store.listWatches();
    expect(list.map((w) => w.key)).toEqual([ORDER_KEY, refKey(c2cRef(2))]);
    expect(list[0]).toMatchObject({ ref: orderRef(1), account: 'shop-a', paused: false, status: null, payment: null });
    expect(list[1]?.account).toBeNull();
    store.close();
  });

  it('pauses, filters by final, and removes and restores everything for undo', () => {
    const { store } = fresh();
    store.addWatch(c2cRef(1));
    store.addWatch(c2cRef(2));
    observe(store, 'pending', 't1');
    observe(store, 'completed', 't2', true);
    expect(store.setPaused(KEY, true)).toBe(true);
    expect(store.setPaused('card2crypto:payment:nope', true)).toBe(false);
    expect(store.listWatches({ final: true }).map((w) => [w.key, w.paused])).toEqual([[KEY, true]]);
    expect(store.listWatches({ final: false }).map((w) => w.key)).toEqual([refKey(c2cRef(2))]);

    const removed = store.removeWatch(KEY);
    expect(removed?.history.map((c) => c.to)).toEqual(['pending', 'completed']);
    expect(store.getWatch(KEY)).toBeNull();
    expect(store.statusHistory(KEY)).toEqual([]);
    expect(store.removeWatch(KEY)).toBeNull();
    if (!removed) throw new Error('unreachable');
    expect(store.restoreWatch(removed)).toBe(true);
    expect(store.restoreWatch(removed)).toBe(false);
    const { history: _h, events: _e, ...watch } = removed;
    expect(store.getWatch(KEY)).toEqual(watch);
    expect(store.statusHistory(KEY)).toEqual(removed.history);
    store.close();
  });
});

describe('recordObservation', () => {
  it('records the first observation as a change from null, and only real changes after it', () => {
    const { store } = fresh();
    store.addWatch(c2cRef(1));
    expect(observe(store, 'pending', '2025-10-16T12:00:00Z')).toEqual({ changed: true, from: null, to: 'pending' });
    expect(observe(store, 'pending', '2025-10-16T12:00:30Z')).toEqual({ changed: false, from: 'pending', to: 'pending' });
    expect(observe(store, 'completed', '2025-10-16T12:01:00Z', true)).toEqual({
      changed: true,
      from: 'pending',
      to: 'completed',
    });
    expect(store.statusHistory(KEY)).toEqual([
      { from: null, to: 'pending', seenAt: '2025-10-16T12:00:00Z', providerAt: null },
      { from: 'pending', to: 'completed', seenAt: '2025-10-16T12:01:00Z', providerAt: null },
    ]);
    const watch = store.getWatch(KEY);
    expect(watch).toMatchObject({ status: 'completed', final: true, lastCheckedAt: '2025-10-16T12:01:00Z' });
    expect(watch?.payment?.status).toBe('completed');
    expect(watch?.raw).toEqual({ success: true, data: { status: 'completed' } });
    store.close();
  });

  it('clears the last error and the not-found count; counts not-found answers until then', () => {
    const { store } = fresh();
    store.addWatch(c2cRef(1));
    const notFound = { kind: 'not_found', message: 'Payment not found' } as const;
    expect(store.recordError(KEY, notFound, 't1', { notFound: true })).toBe(1);
    expect(store.recordError(KEY, { kind: 'network', message: 'offline' }, 't2')).toBe(1);
    expect(store.recordError(KEY, notFound, 't3', { notFound: true })).toBe(2);
    expect(store.getWatch(KEY)).toMatchObject({ lastError: notFound, notFoundCount: 2, lastCheckedAt: 't3' });
    observe(store, 'pending', 't4');
    expect(store.getWatch(KEY)).toMatchObject({ lastError: null, notFoundCount: 0 });
    expect(store.recordError('card2crypto:payment:gone', notFound, 't5')).toBeNull();
    store.close();
  });

  it('stores PayCrypt events once however often the timeline is seen again', () => {
    const { store } = fresh();
    store.addWatch(orderRef(1));
    const created = { type: 'created', description: 'Deposit address issued', at: '2025-10-16T12:00:00Z' };
    const seen = { type: 'tx_seen', description: 'Transaction seen', at: '2025-10-16T12:04:00Z' };
    const record = (status: string, events: typeof created[]) =>
      store.recordObservation(ORDER_KEY, { payment: payCryptPayment(status, events), raw: {}, seenAt: 'now', account: 'shop-b' });
    record('pending', [created]);
    record('pending', [created, seen]);
    record('confirmed', [created, seen]);
    expect(store.events(ORDER_KEY)).toEqual([created, seen]);
    // PayCrypt gives updated_at, which becomes the provider time of the change.
    expect(store.statusHistory(ORDER_KEY).map((c) => c.providerAt)).toEqual(['2025-10-16T12:05:00Z', '2025-10-16T12:05:00Z']);
    expect(store.getWatch(ORDER_KEY)?.account).toBe('shop-b');
    store.close();
  });

  it('returns null for a payment removed while its check was in flight, and rejects a mismatched answer', () => {
    const { store } = fresh();
    expect(observe(store, 'pending', 't1')).toBeNull();
    store.addWatch(orderRef(1));
    expect(() =>
      store.recordObservation(ORDER_KEY, { payment: c2cPayment('pay_x', 'pending'), raw: {}, seenAt: 't' }),
    ).toThrow(PaymonError);
    expect(store.statusHistory(ORDER_KEY)).toEqual([]);
    store.close();
  });
});

describe('transaction', () => {
  it('commits a batch together, rolls all of it back on error, and nests as savepoints', () => {
    const { store } = fresh();
    store.transaction(() => {
      store.addWatch(c2cRef(1));
      observe(store, 'pending', 't1');
    });
    expect(() =>
      store.transaction(() => {
        observe(store, 'completed', 't2', true);
        throw new Error('scheduler bug');
      }),
    ).toThrow('scheduler bug');
    expect(store.getWatch(KEY)?.status).toBe('pending');
    store.transaction(() => {
      store.addWatch(c2cRef(2));
      const inner = () =>
        store.transaction(() => {
          store.addWatch(c2cRef(3));
          throw new Error('inner');
        });
      expect(inner).toThrow('inner');
    });
    expect(store.listWatches().map((w) => w.ref.value)).toEqual(['pay_test1', 'pay_test2']);
    // An async callback would commit before its awaits ran.
    expect(() => store.transaction(async () => observe(store, 'failed', 't3', true))).toThrow(/synchronous/);
    expect(store.getWatch(KEY)?.status).toBe('pending');
    store.close();
  });
});

describe('damaged cells', () => {
  it('lists a row whose JSON cells are unreadable instead of failing the whole list', () => {
    const { store, dir } = fresh();
    store.addWatch(c2cRef(1));
    store.addWatch(c2cRef(2));
    observe(store, 'pending', 't1');
    const raw = new DatabaseSync(path.join(dir, 'paymon.db'));
    raw.prepare("UPDATE watches SET snapshot = '{not json', raw = 'nope', last_error = '[1,' WHERE key = ?").run(KEY);
    raw.close();
    const [broken, other] = store.listWatches();
    expect(broken).toMatchObject({ key: KEY, status: 'pending', payment: null, lastError: { kind: 'storage' } });
    expect(other?.key).toBe(refKey(c2cRef(2)));
    expect(store.getWatch(KEY)?.raw).toBeNull();
    store.close();
  });
});

describe('10,000 watched payments', () => {
  // Speed is measured by `npm run bench`, not asserted here: a timed test flakes on a busy machine.
  it('lists them all, with their snapshots', () => {
    const { store } = fresh();
    store.transaction(() => {
      for (let i = 0; i < 10_000; i++) {
        const ref = c2cRef(i);
        store.addWatch(ref, { addedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, i)).toISOString(), account: 'main shop' });
        store.recordObservation(refKey(ref), {
          payment: c2cPayment(ref.value, 'pending'),
          raw: { success: true, data: { id: ref.value, status: 'pending', metadata: { order_id: String(i) } } },
          seenAt: '2025-10-16T12:00:00Z',
        });
      }
    });
    const rows = store.listWatches({ final: false });
    expect(rows).toHaveLength(10_000);
    expect(rows.every((r) => r.payment?.status === 'pending')).toBe(true);
    store.close();
  });
});
