/**
 * Schema v4 (issue 14): the alert history table. A real v3 file, built with the shipped steps and
 * holding a watch and a claimed announcement, upgrades in place: nothing existing is rewritten,
 * the ledger still refuses the old claim, and alerts recorded afterwards survive reopening.
 */
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openStore, SCHEMA_VERSION, type NewAlert } from '../../../src/core/store/index.ts';
import { MIGRATIONS } from '../../../src/core/store/schema.ts';
import { c2cPayment, tempDir } from './helpers.ts';

const KEY = 'card2crypto:payment:pay_v3';

function writeV3(file: string): void {
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: true });
  db.exec('PRAGMA foreign_keys = OFF');
  db.exec('BEGIN');
  for (const step of MIGRATIONS.slice(0, 3)) step(db);
  db.exec('PRAGMA user_version = 3');
  db.exec('COMMIT');
  db.prepare(
    `INSERT INTO watches (key, provider, kind, value, account, added_at, paused, muted, snapshot, raw, status, final, last_checked_at)
     VALUES (?, 'card2crypto', 'payment', 'pay_v3', 'shop', 't0', 0, 0, ?, '{}', 'completed', 1, 't1')`,
  ).run(KEY, JSON.stringify(c2cPayment('pay_v3', 'completed', true)));
  db.prepare(`INSERT INTO announcements (key, to_status, announced_at) VALUES (?, 'completed', 't1')`).run(KEY);
  db.close();
}

const alert = (over: Partial<NewAlert> = {}): NewAlert => ({
  key: KEY, at: '2026-03-02T10:00:00.000Z', kind: 'final', from: 'pending', to: 'completed', after: null,
  provider: 'card2crypto', account: 'shop', amountMinor: 150_000, currency: 'USD',
  title: 'Paid: $1,500.00', body: 'Card2Crypto pay_v3', rule: { id: 'big', name: 'Big' }, sound: true,
  decision: 'desktop', delivery: 'pending', ...over,
});

describe('migration to v4', () => {
  it('adds the alert history to a v3 file without touching what it held', () => {
    const dir = tempDir();
    writeV3(path.join(dir, 'paymon.db'));
    const { store, notices } = openStore(dir);
    expect(notices).toEqual([]);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(4);
    expect(store.getWatch(KEY)?.status).toBe('completed');
    expect(store.claimAnnouncement(KEY, 'completed', 't2')).toBe(false);
    expect(store.countAlerts()).toBe(0);

    const first = store.insertAlert(alert());
    const second = store.insertAlert(alert({ at: '2026-03-02T10:05:00.000Z', to: 'refunded', kind: 'reopened', after: 'completed', title: 'Refunded after completion: $1,500.00', rule: null, sound: false, decision: 'quiet-hours', delivery: 'none' }));
    expect(first).toMatchObject({ rule: { id: 'big', name: 'Big' }, sound: true, decision: 'desktop', delivery: 'pending', groupId: null });
    // Only an alert that raised a notification takes a delivery report.
    expect(store.reportDelivery([first.id, second.id], 'shown').map((r) => r.id)).toEqual([first.id]);
    store.close();

    const again = openStore(dir).store;
    expect(again.listAlerts().map((a) => [a.to, a.decision, a.delivery])).toEqual([
      ['refunded', 'quiet-hours', 'none'],
      ['completed', 'desktop', 'shown'],
    ]);
    expect(again.listAlerts({ kind: 'reopened' }).map((a) => a.id)).toEqual([second.id]);
    // The user's text is matched literally: "%" is not a wildcard.
    expect(again.listAlerts({ text: '%' })).toEqual([]);
    expect(again.listAlerts({ text: '1,500' })).toHaveLength(2);
    expect(again.listAlerts({ limit: 1 })).toHaveLength(1);
    again.close();
  });
});
