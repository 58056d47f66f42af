/**
 * Schema v7: `last_seen_at`, when the provider last answered a check. `last_checked_at` stays the
 * last attempt (the UI's "Last checked"); the engine schedules from `last_seen_at` after a restart,
 * so a failed check is no observation (the soak's underpaid top-up that was never seen).
 */
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { describe, expect, it } from 'vitest';
import { openStore, SCHEMA_VERSION } from '../../../src/core/store/index.ts';
import { MIGRATIONS } from '../../../src/core/store/schema.ts';
import { refKey } from '../../../src/shared/refs.ts';
import { c2cPayment, c2cRef, tempDir } from './helpers.ts';

const ANSWERED = 'card2crypto:payment:pay_ok';
const FAILED = 'card2crypto:payment:pay_err';

/** A v6 file: one watch whose last check was answered, one whose last check failed. */
function writeV6(file: string): void {
  const db = new DatabaseSync(file);
  for (let v = 0; v < 6; v++) {
    db.exec('BEGIN');
    MIGRATIONS[v]!(db);
    db.exec(`PRAGMA user_version = ${v + 1}`);
    db.exec('COMMIT');
  }
  const insert = db.prepare(
    `INSERT INTO watches (key, provider, kind, value, added_at, status, final, last_checked_at, last_error)
     VALUES (?, 'card2crypto', 'payment', ?, '2025-10-16T12:00:00Z', 'pending', 0, ?, ?)`,
  );
  insert.run(ANSWERED, 'pay_ok', '2025-10-16T12:05:00Z', null);
  insert.run(FAILED, 'pay_err', '2025-10-16T12:06:00Z', JSON.stringify({ kind: 'server', message: '503' }));
  db.close();
}

describe('migration to v7', () => {
  it('takes an answered last check as the last answer; a failed one leaves it unknown', () => {
    const dir = tempDir();
    writeV6(path.join(dir, 'paymon.db'));
    const { store } = openStore(dir);
    expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(7);
    expect(store.getWatch(ANSWERED)).toMatchObject({ lastCheckedAt: '2025-10-16T12:05:00Z', lastSeenAt: '2025-10-16T12:05:00Z' });
    expect(store.getWatch(FAILED)).toMatchObject({ lastCheckedAt: '2025-10-16T12:06:00Z', lastSeenAt: null });
    store.close();
  });

  it('a failed check moves the last attempt, not the last answer', () => {
    const { store } = openStore(tempDir());
    store.addWatch(c2cRef(1));
    const key = refKey(c2cRef(1));
    store.recordObservation(key, { payment: c2cPayment('1', 'pending'), raw: {}, seenAt: 't1' });
    store.recordError(key, { kind: 'network', message: 'offline' }, 't2');
    expect(store.getWatch(key)).toMatchObject({ lastCheckedAt: 't2', lastSeenAt: 't1' });
    expect(store.listWatches()[0]).toMatchObject({ lastCheckedAt: 't2', lastSeenAt: 't1' });
    store.recordObservation(key, { payment: c2cPayment('1', 'pending'), raw: {}, seenAt: 't3' });
    expect(store.getWatch(key)).toMatchObject({ lastCheckedAt: 't3', lastSeenAt: 't3' });
    store.close();
  });
});
