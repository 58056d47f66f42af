/**
 * Notes and tags (issue 13) on a real SQLite file: a file of the schema before them upgrades with
 * every row reading as no note, a note survives a reopen and a removal undone, and a damaged tags
 * cell reads as no tags instead of failing the list.
 */
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/core/store/index.ts';
import { MIGRATIONS } from '../../../src/core/store/schema.ts';
import { c2cRef, tempDir } from './helpers.ts';

/** The migrations before notes: v1-v3 and v4's alert history (issue 14). */
const BEFORE_NOTES = 4;

describe('notes and tags in the store', () => {
  it('upgrades a file from before notes, keeping its rows, each with no note', () => {
    const file = path.join(tempDir(), 'paymon.db');
    const db = new DatabaseSync(file, { enableForeignKeyConstraints: true });
    db.exec('BEGIN');
    for (const step of MIGRATIONS.slice(0, BEFORE_NOTES)) step(db);
    db.exec(`PRAGMA user_version = ${BEFORE_NOTES}`);
    db.exec('COMMIT');
    db.prepare(`INSERT INTO watches (key, provider, kind, value, added_at) VALUES ('card2crypto:payment:pay_old000001', 'card2crypto', 'payment', 'pay_old000001', 't0')`).run();
    db.close();

    const { store } = openStore(path.dirname(file));
    const [row] = store.listWatches();
    expect(row).toMatchObject({ key: 'card2crypto:payment:pay_old000001', note: '', tags: [] });
    store.close();
  });

  it('keeps a note and tags across a reopen and a removal undone', () => {
    const dir = tempDir();
    let { store } = openStore(dir);
    const ref = c2cRef('note000001');
    store.addWatch(ref);
    const key = store.listWatches()[0]!.key;
    expect(store.setNote(key, 'Called the customer\nRefund if asked', ['vip', 'refund asked'])).toBe(true);
    expect(store.setNote('card2crypto:payment:pay_nobody0000', 'x', [])).toBe(false);
    store.close();
    ({ store } = openStore(dir));
    expect(store.getWatch(key)).toMatchObject({ note: 'Called the customer\nRefund if asked', tags: ['vip', 'refund asked'] });
    const removed = store.removeWatch(key)!;
    expect(store.listWatches()).toEqual([]);
    expect(store.restoreWatch(removed)).toBe(true);
    expect(store.listWatches()[0]).toMatchObject({ note: 'Called the customer\nRefund if asked', tags: ['vip', 'refund asked'] });
    store.close();
  });

  it('reads a damaged tags cell as no tags', () => {
    const dir = tempDir();
    const { store } = openStore(dir);
    store.addWatch(c2cRef('note000002'));
    store.close();
    const db = new DatabaseSync(path.join(dir, 'paymon.db'));
    db.prepare(`UPDATE watches SET tags = '{"not":"a list"' `).run();
    db.close();
    const again = openStore(dir).store;
    expect(again.listWatches()[0]).toMatchObject({ tags: [] });
    again.close();
  });
});
