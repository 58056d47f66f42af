/**
 * Schema v3 (issue 12): the provider CHECKs leave the SQL for the store's code. A real v2 file,
 * built with the shipped v1 and v2 steps and filled with parents and children, upgrades without
 * losing a status change or event (a rebuild with foreign keys on would cascade-delete them).
 */
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openStore, SCHEMA_VERSION } from '../../../src/core/store/index.ts';
import { MIGRATIONS } from '../../../src/core/store/schema.ts';
import type { PaymentRef } from '../../../src/shared/refs.ts';
import { c2cPayment, tempDir } from './helpers.ts';

const C2C = 'card2crypto:payment:pay_v2';
const PC = 'paycrypt:payment:5b1c1f6e-0000-4000-8000-00000000aaaa';
const ORDER = 'paycrypt:order:order-7';

/** A database exactly as Paymon with schema 2 left it, with foreign keys on as openStore has them. */
function writeV2(file: string): void {
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: true });
  db.exec('BEGIN');
  MIGRATIONS[0]!(db);
  MIGRATIONS[1]!(db);
  db.exec('PRAGMA user_version = 2');
  db.exec('COMMIT');
  const watch = db.prepare(
    `INSERT INTO watches (key, provider, kind, value, account, added_at, paused, muted, snapshot, raw, status, final, last_checked_at)
     VALUES (?, ?, ?, ?, 'shop', ?, ?, ?, ?, '{"ok":true}', ?, ?, 't9')`,
  );
  watch.run(C2C, 'card2crypto', 'payment', 'pay_v2', '2025-10-16T12:00:00Z', 1, 1, JSON.stringify(c2cPayment('pay_v2', 'completed', true)), 'completed', 1);
  watch.run(PC, 'paycrypt', 'payment', '5b1c1f6e-0000-4000-8000-00000000aaaa', '2025-10-16T12:01:00Z', 0, 0, null, 'pending', 0);
  watch.run(ORDER, 'paycrypt', 'order', 'order-7', '2025-10-16T12:02:00Z', 0, 0, null, null, 0);
  const change = db.prepare('INSERT INTO status_changes (key, from_status, to_status, seen_at, provider_at) VALUES (?, ?, ?, ?, ?)');
  change.run(C2C, null, 'pending', 't1', null);
  change.run(C2C, 'pending', 'completed', 't2', 'p2');
  change.run(PC, null, 'pending', 't3', null);
  const event = db.prepare('INSERT INTO events (key, type, description, at) VALUES (?, ?, ?, ?)');
  event.run(PC, 'payment.created', 'Created', '2025-10-16T12:01:00.000Z');
  event.run(PC, 'deposit.detected', 'Seen on chain', '2025-10-16T12:03:00.000Z');
  db.prepare(`INSERT INTO announcements (key, to_status, announced_at) VALUES (?, 'completed', 't2')`).run(C2C);
  db.prepare(
    `INSERT INTO accounts (provider, account, masked_key, verified, checked_at, base_url, budget_per_minute)
     VALUES ('paycrypt', 'shop', 'sk_live_…wxyz', 'accepted', 't0', NULL, 40)`,
  ).run();
  db.prepare(`INSERT INTO settings (name, value) VALUES ('monitorPaused', 'false')`).run();
  db.close();
}

function inspect(file: string): { version: unknown; fk: unknown; changes: unknown; events: unknown; sql: string } {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    return {
      version: db.prepare('PRAGMA user_version').get()?.user_version,
      fk: db.prepare('PRAGMA foreign_key_check').all().length,
      changes: db.prepare('SELECT count(*) AS n FROM status_changes').get()?.n,
      events: db.prepare('SELECT count(*) AS n FROM events').get()?.n,
      sql: db
        .prepare(`SELECT group_concat(sql, ';') AS s FROM sqlite_schema WHERE name IN ('watches', 'accounts')`)
        .get()?.s as string,
    };
  } finally {
    db.close();
  }
}

describe('migration to v3', () => {
  it('rebuilds watches and accounts without the provider CHECK and keeps every child row', () => {
    const dir = tempDir();
    const file = path.join(dir, 'paymon.db');
    writeV2(file);
    const before = inspect(file);
    expect(before).toMatchObject({ version: 2, changes: 3, events: 2 });
    expect(before.sql).toContain("CHECK (provider IN ('card2crypto', 'paycrypt'))");

    const { store, notices } = openStore(dir);
    expect(notices).toEqual([]);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(3);

    // Every parent, child, ledger entry, account and setting is still there.
    expect(store.listWatches().map((w) => [w.key, w.status, w.final, w.paused, w.muted, w.account])).toEqual([
      [C2C, 'completed', true, true, true, 'shop'],
      [PC, 'pending', false, false, false, 'shop'],
      [ORDER, null, false, false, false, 'shop'],
    ]);
    expect(store.getWatch(C2C)).toMatchObject({ raw: { ok: true }, payment: { id: 'pay_v2', status: 'completed' } });
    expect(store.statusHistory(C2C)).toEqual([
      { from: null, to: 'pending', seenAt: 't1', providerAt: null },
      { from: 'pending', to: 'completed', seenAt: 't2', providerAt: 'p2' },
    ]);
    expect(store.statusHistory(PC).map((c) => c.to)).toEqual(['pending']);
    expect(store.events(PC).map((e) => e.type)).toEqual(['payment.created', 'deposit.detected']);
    expect(store.wasAnnounced(C2C, 'completed')).toBe(true);
    expect(store.listAccounts()).toEqual([
      { provider: 'paycrypt', account: 'shop', maskedKey: 'sk_live_…wxyz', verified: 'accepted', checkedAt: 't0', baseUrl: null, budgetPerMinute: 40 },
    ]);
    expect(store.getSetting('monitorPaused')).toBe(false);

    // Foreign keys are enforced again after the upgrade: removing a watch still takes its children along.
    const removed = store.removeWatch(PC);
    expect(removed?.history).toHaveLength(1);
    expect(removed?.events).toHaveLength(2);
    expect(store.restoreWatch(removed!)).toBe(true);
    expect(store.events(PC)).toHaveLength(2);

    // The check now lives in code: an unknown provider is refused with a sentence, not a SQL error.
    const acme = { provider: 'acme', kind: 'payment', value: 'acme_1' } as unknown as PaymentRef;
    expect(() => store.addWatch(acme)).toThrow(/Unknown provider "acme"; Paymon knows card2crypto, paycrypt/);
    expect(() =>
      store.upsertAccount({
        provider: 'acme' as never, account: 'a', maskedKey: null, verified: 'unverified', checkedAt: null, baseUrl: null, budgetPerMinute: null,
      }),
    ).toThrow(/Unknown provider "acme"/);
    expect(store.listWatches()).toHaveLength(3);
    store.close();

    const after = inspect(file);
    expect(after).toMatchObject({ version: SCHEMA_VERSION, fk: 0, changes: 3, events: 2 });
    expect(after.sql).not.toContain('provider IN');
    // The other CHECKs survived the rebuild.
    expect(after.sql).toContain("CHECK (muted IN (0, 1))");
    expect(after.sql).toContain("CHECK (verified IN ('accepted', 'rejected', 'unverified'))");

    // Foreign keys on in the file's connection too (the v3 rebuild must not leave them off).
    const db = new DatabaseSync(file, { enableForeignKeyConstraints: true });
    expect(() => db.prepare(`INSERT INTO events (key, type, description, at) VALUES ('nobody', 't', 'd', 'a')`).run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('upgrades a file that already held a dangling reference, and keeps that row', () => {
    const dir = tempDir();
    const file = path.join(dir, 'paymon.db');
    writeV2(file);
    // A status change whose watch is gone, written with foreign keys off (not the upgrade's doing).
    const raw = new DatabaseSync(file, { enableForeignKeyConstraints: false });
    raw.prepare(`INSERT INTO status_changes (key, to_status, seen_at) VALUES ('card2crypto:payment:pay_gone', 'pending', 't')`).run();
    raw.close();
    expect(inspect(file)).toMatchObject({ version: 2, fk: 1, changes: 4 });

    openStore(dir).store.close();
    expect(inspect(file)).toMatchObject({ version: SCHEMA_VERSION, fk: 1, changes: 4, events: 2 });
  });

  it('keeps foreign keys on in the store after migrating', () => {
    const dir = tempDir();
    writeV2(path.join(dir, 'paymon.db'));
    const { store } = openStore(dir);
    // A status change for a key nobody watches is refused by the reference, as before the upgrade.
    expect(() =>
      (store as unknown as { sql(q: string): { run(...a: unknown[]): unknown } })
        .sql('INSERT INTO status_changes (key, to_status, seen_at) VALUES (?, ?, ?)')
        .run('paycrypt:order:absent', 'x', 't'),
    ).toThrow(/FOREIGN KEY/);
    store.close();
  });
});
