import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/core/store/index.ts';
import { refKey } from '../../../src/shared/refs.ts';
import { c2cRef, tempDir } from './helpers.ts';

const A = refKey(c2cRef('a1'));
const B = refKey(c2cRef('b2'));

describe('hints (webhooks as hints, issue 15)', () => {
  it('records hints only for watched payments, merges repeats, and takes each once', () => {
    const dir = tempDir();
    const { store } = openStore(dir);
    store.addWatch(c2cRef('a1'));
    store.addWatch(c2cRef('b2'));
    expect(store.hints.add([A, 'card2crypto:payment:pay_unwatched'], '2026-01-01T00:00:00Z')).toEqual([A]);
    expect(store.hints.add([A, B], '2026-01-01T00:00:05Z')).toEqual([A, B]);
    expect(store.hints.pending()).toBe(2);
    // A consumer takes only what it follows; the rest waits for another.
    expect(store.hints.take((key) => key === A)).toEqual([{ key: A, firstAt: '2026-01-01T00:00:00Z', lastAt: '2026-01-01T00:00:05Z', count: 2 }]);
    expect(store.hints.take((key) => key === A)).toEqual([]);
    expect(store.hints.take(() => true).map((h) => h.key)).toEqual([B]);
    expect(store.hints.pending()).toBe(0);
    store.close();
  });

  it('a hint goes with its watch', () => {
    const { store } = openStore(tempDir());
    store.addWatch(c2cRef('a1'));
    store.hints.add([A], '2026-01-01T00:00:00Z');
    store.removeWatch(A);
    expect(store.hints.pending()).toBe(0);
    store.close();
  });

  it("two consumers on one file never both take a hint, and each sees the other's writes within a poll", async () => {
    const dir = tempDir();
    const app = openStore(dir).store;
    const cli = openStore(dir).store;
    app.addWatch(c2cRef('a1'));
    let calls = 0;
    const taken: string[] = [];
    const stop = app.hints.subscribe(() => {
      calls++;
      for (const h of app.hints.take(() => true)) taken.push(h.key);
    }, 20);
    await new Promise((r) => setTimeout(r, 60));
    // Subscribing calls once (hints left while nobody ran); then only another connection's commit wakes it.
    expect(calls).toBe(1);
    cli.hints.add([A], '2026-01-01T00:00:00Z');
    for (let i = 0; i < 250 && taken.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(taken).toEqual([A]);
    // The hint is gone for the other consumer.
    expect(cli.hints.take(() => true)).toEqual([]);
    const callsBefore = calls;
    await new Promise((r) => setTimeout(r, 100));
    expect(calls).toBe(callsBefore);
    stop();
    cli.hints.add([A], '2026-01-01T00:00:01Z');
    await new Promise((r) => setTimeout(r, 100));
    expect(taken).toEqual([A]);
    expect(cli.hints.pending()).toBe(1);
    app.close();
    cli.close();
  });

  it('a failing consumer is called again on the next poll: no hint is skipped', async () => {
    const dir = tempDir();
    const { store } = openStore(dir);
    let calls = 0;
    const stop = store.hints.subscribe(() => {
      calls++;
      if (calls < 3) throw new Error('busy');
    }, 10);
    for (let i = 0; i < 250 && calls < 3; i++) await new Promise((r) => setTimeout(r, 10));
    stop();
    expect(calls).toBe(3);
    store.close();
  });

  it('schema v6 adds the hints table without touching existing rows', () => {
    const dir = tempDir();
    openStore(dir).store.close();
    const db = new DatabaseSync(path.join(dir, 'paymon.db'));
    const columns = db.prepare('PRAGMA table_info(hints)').all().map((c) => c.name);
    expect(columns).toEqual(['key', 'first_at', 'last_at', 'count']);
    expect(db.prepare('PRAGMA foreign_key_list(hints)').all()).toMatchObject([{ table: 'watches', from: 'key', to: 'key', on_delete: 'CASCADE' }]);
    db.close();
  });
});
