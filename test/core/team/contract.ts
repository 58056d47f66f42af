/**
 * One contract for both stores (issue 15): what the engine may rely on, whichever database is
 * behind WatchStoreAsync. contract.test.ts runs it against SQLite on disk and a real PostgreSQL.
 */
import { expect, it } from 'vitest';
import { refKey } from '../../../src/shared/refs.ts';
import type { WatchStoreAsync } from '../../../src/core/team/types.ts';
import { c2cPayment, c2cRef, orderRef, payCryptPayment } from '../store/helpers.ts';

/** Opens a store for `agent` on the suite's database; the same `name` reopens the same data (a restart). */
export type StoreFactory = (agent: string, name: string) => Promise<WatchStoreAsync>;

/** Registers the contract's tests; each test uses its own database `name`. */
export function storeContract(open: StoreFactory): void {
  const withStore = async (name: string, fn: (s: WatchStoreAsync) => Promise<void>): Promise<void> => {
    const store = await open('ana', name);
    try {
      await fn(store);
    } finally {
      await store.close();
    }
  };

  it('adds once, lists in the order added, records who added it and when, and removes', () =>
    withStore('add', async (s) => {
      expect(await s.addWatch(c2cRef(2), { addedAt: '2025-10-16T12:00:02.000Z' })).toEqual({ added: true });
      expect(await s.addWatch(c2cRef(1), { addedAt: '2025-10-16T12:00:01.000Z', account: 'shop-a' })).toEqual({ added: true });
      expect(await s.addWatch(c2cRef(1))).toEqual({ added: false });
      const rows = await s.listWatches();
      expect(rows.map((r) => r.key)).toEqual([refKey(c2cRef(1)), refKey(c2cRef(2))]);
      expect(rows[0]).toMatchObject({ ref: c2cRef(1), account: 'shop-a', addedAt: '2025-10-16T12:00:01.000Z', paused: false, muted: false, status: null, final: false });
      expect(rows[0]!.addedBy).toBe(s.shared ? 'ana' : null);
      expect(await s.getWatch('card2crypto:payment:nope')).toBeNull();
      expect(await s.removeWatch(refKey(c2cRef(2)))).toBe(true);
      expect(await s.removeWatch(refKey(c2cRef(2)))).toBe(false);
      expect((await s.listWatches()).map((r) => r.key)).toEqual([refKey(c2cRef(1))]);
    }));

  it('refuses a provider it does not know, writing nothing', () =>
    withStore('unknown', async (s) => {
      await expect(s.addWatch({ provider: 'acme' as never, kind: 'payment', value: 'x1' })).rejects.toMatchObject({ kind: 'invalid_input' });
      expect(await s.listWatches()).toEqual([]);
    }));

  it('records observations: the first is a change from null, a repeat is none, a new status is one', () =>
    withStore('obs', async (s) => {
      const key = refKey(c2cRef(1));
      await s.addWatch(c2cRef(1));
      const first = await s.recordObservation(key, { payment: c2cPayment('pay_test1', 'pending'), raw: { a: 1 }, account: 'shop-a', seenAt: '2025-10-16T12:00:10Z' });
      expect(first).toEqual({ changed: true, from: null, to: 'pending' });
      expect(await s.recordObservation(key, { payment: c2cPayment('pay_test1', 'pending'), raw: {}, seenAt: '2025-10-16T12:00:20Z' })).toEqual({ changed: false, from: 'pending', to: 'pending' });
      expect(await s.recordObservation(key, { payment: c2cPayment('pay_test1', 'completed', true), raw: { b: 2 }, seenAt: '2025-10-16T12:00:30Z' })).toEqual({ changed: true, from: 'pending', to: 'completed' });
      expect((await s.statusHistory(key)).map((c) => [c.from, c.to, c.seenAt])).toEqual([
        [null, 'pending', '2025-10-16T12:00:10Z'],
        ['pending', 'completed', '2025-10-16T12:00:30Z'],
      ]);
      const row = await s.getWatch(key);
      expect(row).toMatchObject({ status: 'completed', final: true, account: 'shop-a', lastCheckedAt: '2025-10-16T12:00:30Z', raw: { b: 2 } });
      expect(row!.payment).toEqual(c2cPayment('pay_test1', 'completed', true));
      expect((await s.listWatches({ final: true })).map((r) => r.key)).toEqual([key]);
      expect(await s.listWatches({ final: false })).toEqual([]);
      expect(await s.recordObservation('card2crypto:payment:gone', { payment: c2cPayment('gone', 'pending'), raw: {}, seenAt: 'x' })).toBeNull();
    }));

  it('keeps a timeline once however often it is seen, and drops history with the watch', () =>
    withStore('events', async (s) => {
      const key = refKey(orderRef(1));
      await s.addWatch(orderRef(1));
      const events = [{ type: 'created', description: 'Payment created', at: '2025-10-16T12:00:00Z' }];
      await s.recordObservation(key, { payment: payCryptPayment('pending', events), raw: {}, seenAt: '2025-10-16T12:00:10Z' });
      const more = [...events, { type: 'deposit', description: 'Deposit seen', at: '2025-10-16T12:01:00Z' }];
      await s.recordObservation(key, { payment: payCryptPayment('confirming', more), raw: {}, seenAt: '2025-10-16T12:01:10Z' });
      expect((await s.events(key)).map((e) => e.type)).toEqual(['created', 'deposit']);
      await s.removeWatch(key);
      await s.addWatch(orderRef(1));
      expect(await s.events(key)).toEqual([]);
      expect(await s.statusHistory(key)).toEqual([]);
    }));

  it('counts not-found answers until a successful check', () =>
    withStore('errors', async (s) => {
      const key = refKey(c2cRef(1));
      await s.addWatch(c2cRef(1));
      expect(await s.recordError(key, { kind: 'not_found', message: 'no' }, '2025-10-16T12:00:01Z', { notFound: true })).toBe(1);
      expect(await s.recordError(key, { kind: 'network', message: 'down' }, '2025-10-16T12:00:02Z')).toBe(1);
      expect((await s.getWatch(key))!.lastError).toEqual({ kind: 'network', message: 'down' });
      await s.recordObservation(key, { payment: c2cPayment('pay_test1', 'pending'), raw: {}, seenAt: '2025-10-16T12:00:03Z' });
      expect(await s.getWatch(key)).toMatchObject({ notFoundCount: 0, lastError: null });
      expect(await s.recordError('card2crypto:payment:gone', { kind: 'network', message: 'x' }, 'x')).toBeNull();
    }));

  it('pauses, mutes, and keeps notes and tags', () =>
    withStore('notes', async (s) => {
      const key = refKey(c2cRef(1));
      await s.addWatch(c2cRef(1));
      expect(await s.setPaused(key, true)).toBe(true);
      expect(await s.setMuted(key, true)).toBe(true);
      expect(await s.setNote(key, 'customer called twice', ['vip', 'refund?'])).toBe(true);
      expect(await s.getWatch(key)).toMatchObject({ paused: true, muted: true, note: 'customer called twice', tags: ['vip', 'refund?'] });
      expect(await s.setNote('card2crypto:payment:gone', 'x', [])).toBe(false);
      expect(await s.setPaused('card2crypto:payment:gone', true)).toBe(false);
    }));

  it('claims an announcement exactly once, across a remove and a restart', async () => {
    const key = refKey(c2cRef(1));
    await withStore('ledger', async (s) => {
      await s.addWatch(c2cRef(1));
      const claims = await Promise.all([1, 2, 3].map(() => s.claimAnnouncement(key, 'completed', '2025-10-16T12:00:00Z')));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await s.wasAnnounced(key, 'completed')).toBe(true);
      expect(await s.wasAnnounced(key, 'failed')).toBe(false);
      await s.removeWatch(key);
      await s.addWatch(c2cRef(1));
    });
    await withStore('ledger', async (s) => {
      expect(await s.claimAnnouncement(key, 'completed', '2025-10-16T12:05:00Z')).toBe(false);
      expect(await s.claimAnnouncement(key, 'failed', '2025-10-16T12:05:00Z')).toBe(true);
    });
  });
}
