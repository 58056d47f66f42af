/** Schema v2 (per-payment mute): an existing v1 database file upgrades in place and keeps everything. */
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openStore, SCHEMA_VERSION } from '../../../src/core/store/index.ts';
import { MIGRATIONS } from '../../../src/core/store/schema.ts';
import { c2cPayment, tempDir } from './helpers.ts';

const KEY = 'card2crypto:payment:pay_v1';
const OTHER = 'paycrypt:order:order-9';

/** A database exactly as Paymon 1 left it: the shipped v1 step, then rows written with v1's columns. */
function writeV1(file: string): void {
  const db = new DatabaseSync(file);
  db.exec('BEGIN');
  MIGRATIONS[0]!(db);
  db.exec('PRAGMA user_version = 1');
  db.exec('COMMIT');
  const snapshot = JSON.stringify(c2cPayment('pay_v1', 'completed', true));
  db.prepare(
    `INSERT INTO watches (key, provider, kind, value, account, added_at, paused, snapshot, raw, status, final, last_checked_at)
     VALUES (?, 'card2crypto', 'payment', 'pay_v1', 'shop', '2025-10-16T12:00:00Z', 1, ?, '{"success":true}', 'completed', 1, '2025-10-16T12:02:00Z')`,
  ).run(KEY, snapshot);
  db.prepare(`INSERT INTO watches (key, provider, kind, value, added_at) VALUES (?, 'paycrypt', 'order', 'order-9', '2025-10-16T12:01:00Z')`).run(OTHER);
  db.prepare(`INSERT INTO status_changes (key, from_status, to_status, seen_at) VALUES (?, NULL, 'pending', 't1'), (?, 'pending', 'completed', 't2')`).run(KEY, KEY);
  db.prepare(`INSERT INTO announcements (key, to_status, announced_at) VALUES (?, 'completed', 't2')`).run(KEY);
  db.prepare(
    `INSERT INTO accounts (provider, account, masked_key, verified, checked_at, base_url, budget_per_minute)
     VALUES ('card2crypto', 'shop', 'c2c_live_…wxyz', 'accepted', 't0', 'https://staging.example.com/api/v1', 30)`,
  ).run();
  db.prepare(`INSERT INTO settings (name, value) VALUES ('monitorPaused', 'true')`).run();
  db.close();
}

function userVersion(file: string): unknown {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return db.prepare('PRAGMA user_version').get()?.user_version;
  } finally {
    db.close();
  }
}

describe('migration to v2', () => {
  it('adds the muted column to a v1 file and keeps every row, change, announcement, account and setting', () => {
    const dir = tempDir();
    const file = path.join(dir, 'paymon.db');
    writeV1(file);
    expect(userVersion(file)).toBe(1);

    const { store, notices } = openStore(dir);
    expect(notices).toEqual([]);
    // Later steps (v3, issue 12) run too: the file ends at the current version.
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(2);
    expect(userVersion(file)).toBe(SCHEMA_VERSION);
    expect(store.listWatches().map((w) => [w.key, w.status, w.final, w.paused, w.muted, w.account])).toEqual([
      [KEY, 'completed', true, true, false, 'shop'],
      [OTHER, null, false, false, false, null],
    ]);
    expect(store.getWatch(KEY)).toMatchObject({ raw: { success: true }, payment: { id: 'pay_v1', status: 'completed' } });
    expect(store.statusHistory(KEY).map((c) => c.to)).toEqual(['pending', 'completed']);
    expect(store.wasAnnounced(KEY, 'completed')).toBe(true);
    expect(store.listAccounts()).toEqual([
      {
        provider: 'card2crypto',
        account: 'shop',
        maskedKey: 'c2c_live_…wxyz',
        verified: 'accepted',
        checkedAt: 't0',
        baseUrl: 'https://staging.example.com/api/v1',
        budgetPerMinute: 30,
      },
    ]);
    expect(store.getSetting('monitorPaused')).toBe(true);

    // The new column works, and survives removal and undo.
    expect(store.setMuted(KEY, true)).toBe(true);
    expect(store.setMuted('card2crypto:payment:pay_absent', true)).toBe(false);
    const removed = store.removeWatch(KEY);
    expect(removed?.muted).toBe(true);
    expect(store.restoreWatch(removed!)).toBe(true);
    expect(store.getWatch(KEY)?.muted).toBe(true);
    store.close();

    // Opening again runs nothing twice and keeps the mute.
    const again = openStore(dir).store;
    expect(again.getWatch(KEY)?.muted).toBe(true);
    expect(again.getWatch(OTHER)?.muted).toBe(false);
    again.close();
    expect(userVersion(file)).toBe(SCHEMA_VERSION);
  });

  it('refuses a value other than 0 or 1 in the new column', () => {
    const dir = tempDir();
    openStore(dir).store.close();
    const db = new DatabaseSync(path.join(dir, 'paymon.db'));
    db.prepare(`INSERT INTO watches (key, provider, kind, value, added_at) VALUES ('k', 'card2crypto', 'payment', 'pay_k', 't')`).run();
    expect(() => db.prepare(`UPDATE watches SET muted = 2 WHERE key = 'k'`).run()).toThrow(/CHECK constraint/);
    db.close();
  });
});
