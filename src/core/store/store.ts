/**
 * PaymonStore: the durable record of watched payments, what was seen about them, and which
 * transitions were already announced. Synchronous because node:sqlite is; every write runs in a
 * transaction. Open it with openStore().
 */
import { PaymonError, type ErrorInfo } from '../../shared/errors.ts';
import type { PaymentEvent, Provider } from '../../shared/payment.ts';
import { isProvider, providerSpecs } from '../../shared/providers/index.ts';
import { refKey, type PaymentRef } from '../../shared/refs.ts';
import { AlertRows } from './alerts.ts';
import { SqliteHintStore, type HintStore } from './hints.ts';
import {
  parseJson,
  toAccount,
  toEvent,
  toJsonCell,
  toStatusChange,
  toWatchDetail,
  toWatchRow,
} from './rows.ts';
import type {
  AccountMeta,
  Observation,
  ObservationResult,
  RemovedWatch,
  StatusChange,
  WatchDetail,
  WatchFilter,
  WatchRow,
} from './types.ts';

// Listing leaves the raw answer out: it is the largest column and only the detail view needs it.
const LIST_COLUMNS =
  'key, provider, kind, value, account, added_at, paused, muted, snapshot, status, final, last_checked_at, last_seen_at, last_error, not_found_count, note, tags';

// A masked key shows at least one of these; anything else might be the key itself.
const MASK = /[*•…]|\.\.\./;

/**
 * Which providers exist is the registry's fact, so the store checks it in code (schema v3 dropped
 * the SQL CHECK that named them, issue 12): nothing of an unknown provider is written.
 */
function checkProvider(provider: string): void {
  if (!isProvider(provider)) {
    throw new PaymonError(
      'invalid_input',
      `Unknown provider "${provider.slice(0, 40)}"; Paymon knows ${providerSpecs().map((s) => s.id).join(', ')}.`,
    );
  }
}

/** The store. Methods throw PaymonError('storage') when the database cannot be written. */
export class PaymonStore extends AlertRows {
  /** "Changed, check now" hints from `paymon ingest` (issue 15). */
  readonly hints: HintStore = new SqliteHintStore(this.db, (fn) => this.transaction(fn));

  /** Start watching `ref`; `added` is false when it was already watched (nothing changes then). */
  addWatch(ref: PaymentRef, opts: { account?: string | null; addedAt?: string } = {}): { added: boolean } {
    checkProvider(ref.provider);
    return this.transaction(() => {
      const { changes } = this.sql(
        'INSERT OR IGNORE INTO watches (key, provider, kind, value, account, added_at) VALUES (?, ?, ?, ?, ?, ?)',
      ).run(refKey(ref), ref.provider, ref.kind, ref.value, opts.account ?? null, opts.addedAt ?? new Date().toISOString());
      return { added: changes === 1 };
    });
  }

  /** Stop watching; returns everything removed (history and events too) so the app can undo. */
  removeWatch(key: string): RemovedWatch | null {
    return this.transaction(() => {
      const watch = this.getWatch(key);
      if (!watch) return null;
      const removed: RemovedWatch = { ...watch, history: this.statusHistory(key), events: this.events(key) };
      // History and events go with it (ON DELETE CASCADE); the announcement ledger stays.
      this.sql('DELETE FROM watches WHERE key = ?').run(key);
      return removed;
    });
  }

  /** Undo removeWatch. Returns false, changing nothing, if the key is being watched again meanwhile. */
  restoreWatch(row: RemovedWatch): boolean {
    checkProvider(row.ref.provider);
    return this.transaction(() => {
      const { changes } = this.sql(
        `INSERT OR IGNORE INTO watches (key, provider, kind, value, account, added_at, paused, muted, snapshot, raw,
           status, final, last_checked_at, last_seen_at, last_error, not_found_count, note, tags)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        row.key, row.ref.provider, row.ref.kind, row.ref.value, row.account, row.addedAt, row.paused ? 1 : 0,
        row.muted ? 1 : 0, toJsonCell(row.payment), toJsonCell(row.raw), row.status, row.final ? 1 : 0, row.lastCheckedAt,
        row.lastSeenAt, toJsonCell(row.lastError), row.notFoundCount, row.note ?? '', JSON.stringify(row.tags ?? []),
      );
      if (changes === 0) return false;
      for (const change of row.history) this.insertChange(row.key, change);
      this.insertEvents(row.key, row.events);
      return true;
    });
  }

  /** Pause or resume checking one payment; false when it is not watched. */
  setPaused(key: string, paused: boolean): boolean {
    return this.transaction(
      () => this.sql('UPDATE watches SET paused = ? WHERE key = ?').run(paused ? 1 : 0, key).changes === 1,
    );
  }

  /** Mute or unmute one payment's desktop notifications; false when it is not watched. */
  setMuted(key: string, muted: boolean): boolean {
    return this.transaction(
      () => this.sql('UPDATE watches SET muted = ? WHERE key = ?').run(muted ? 1 : 0, key).changes === 1,
    );
  }

  /** Sets the user's note and tags on one payment; false when it is not watched. */
  setNote(key: string, note: string, tags: readonly string[]): boolean {
    return this.transaction(
      () => this.sql('UPDATE watches SET note = ?, tags = ? WHERE key = ?').run(note, JSON.stringify(tags), key).changes === 1,
    );
  }

  /** One watched payment with its raw answer, or null. */
  getWatch(key: string): WatchDetail | null {
    const row = this.sql('SELECT * FROM watches WHERE key = ?').get(key);
    return row ? toWatchDetail(row) : null;
  }

  /** Watched payments in the order they were added. */
  listWatches(filter: WatchFilter = {}): WatchRow[] {
    const rows =
      filter.final === undefined
        ? this.sql(`SELECT ${LIST_COLUMNS} FROM watches ORDER BY added_at, key`).all()
        : this.sql(`SELECT ${LIST_COLUMNS} FROM watches WHERE final = ? ORDER BY added_at, key`).all(filter.final ? 1 : 0);
    return rows.map(toWatchRow);
  }

  /**
   * Save a successful check in one transaction: the snapshot, a status change when the status
   * differs from the stored one (the first observation counts, from null), and new events.
   * Returns null when the payment is no longer watched (removed while the check was in flight).
   */
  recordObservation(key: string, obs: Observation): ObservationResult | null {
    return this.transaction(() => {
      const current = this.sql('SELECT provider, status FROM watches WHERE key = ?').get(key);
      if (!current) return null;
      const { payment } = obs;
      if (current.provider !== payment.provider) {
        throw new PaymonError('internal', `A ${payment.provider} answer was recorded for ${key}.`);
      }
      const from = typeof current.status === 'string' ? current.status : null;
      this.sql(
        `UPDATE watches SET snapshot = ?, raw = ?, status = ?, final = ?, account = coalesce(?, account),
           last_checked_at = ?, last_seen_at = ?, last_error = NULL, not_found_count = 0
         WHERE key = ?`,
      ).run(toJsonCell(payment), toJsonCell(obs.raw), payment.status, payment.final ? 1 : 0, obs.account ?? null, obs.seenAt, obs.seenAt, key);
      const changed = from !== payment.status;
      if (changed) {
        const providerAt = (obs.providerAt === undefined ? payment.updatedAt : obs.providerAt) ?? null;
        this.insertChange(key, { from, to: payment.status, seenAt: obs.seenAt, providerAt });
      }
      // Providers whose payments carry an event timeline (PayCrypt).
      if ('events' in payment) this.insertEvents(key, payment.events);
      return { changed, from, to: payment.status };
    });
  }

  /**
   * Save a failed check. `notFound` counts toward giving up on a payment the provider doesn't know;
   * other errors leave that count alone. Returns the count, or null when the key is not watched.
   */
  recordError(key: string, error: ErrorInfo, at: string, opts: { notFound?: boolean } = {}): number | null {
    return this.transaction(() => {
      const row = this.sql(
        `UPDATE watches SET last_error = ?, last_checked_at = ?, not_found_count = not_found_count + ?
         WHERE key = ? RETURNING not_found_count`,
      ).get(JSON.stringify(error), at, opts.notFound ? 1 : 0, key);
      return typeof row?.not_found_count === 'number' ? row.not_found_count : null;
    });
  }

  /** Every status change of a payment, oldest first. */
  statusHistory(key: string): StatusChange[] {
    return this.sql('SELECT * FROM status_changes WHERE key = ? ORDER BY id').all(key).map(toStatusChange);
  }

  /** A payment's provider events (PayCrypt's timeline), in time order. */
  events(key: string): PaymentEvent[] {
    return this.sql('SELECT type, description, at FROM events WHERE key = ? ORDER BY at, id').all(key).map(toEvent);
  }

  /**
   * Claim the right to announce `key` reaching `toStatus`: true exactly once, ever, across restarts
   * and processes (INSERT OR IGNORE on the ledger's primary key). Notify only after it returns true;
   * inside transaction() the claim becomes durable when the outer transaction commits.
   */
  claimAnnouncement(key: string, toStatus: string, at: string): boolean {
    return this.transaction(
      () =>
        this.sql('INSERT OR IGNORE INTO announcements (key, to_status, announced_at) VALUES (?, ?, ?)').run(key, toStatus, at)
          .changes === 1,
    );
  }

  /** Whether `key` reaching `toStatus` was already announced. */
  wasAnnounced(key: string, toStatus: string): boolean {
    return this.sql('SELECT 1 AS yes FROM announcements WHERE key = ? AND to_status = ?').get(key, toStatus) !== undefined;
  }

  /** Create or replace an account's metadata. Refuses anything that looks like an unmasked key. */
  upsertAccount(meta: AccountMeta): void {
    if (meta.maskedKey !== null && !MASK.test(meta.maskedKey)) {
      throw new PaymonError('internal', 'Refusing to store an account key that is not masked: API keys belong in the keychain.');
    }
    checkProvider(meta.provider);
    this.transaction(() => {
      this.sql(
        `INSERT OR REPLACE INTO accounts (provider, account, masked_key, verified, checked_at, base_url, budget_per_minute)
         VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(meta.provider, meta.account, meta.maskedKey, meta.verified, meta.checkedAt, meta.baseUrl, meta.budgetPerMinute);
    });
  }

  /** Every account's metadata, by provider then name. */
  listAccounts(): AccountMeta[] {
    return this.sql('SELECT * FROM accounts ORDER BY provider, account').all().map(toAccount);
  }

  /** Forget an account's metadata; false when there was none. */
  removeAccount(provider: Provider, account: string): boolean {
    return this.transaction(
      () => this.sql('DELETE FROM accounts WHERE provider = ? AND account = ?').run(provider, account).changes === 1,
    );
  }

  /**
   * A setting's value, or undefined when unset or unreadable. Pass `check` to verify the shape;
   * without it the caller vouches for T.
   */
  getSetting<T = unknown>(name: string, check?: (value: unknown) => value is T): T | undefined {
    const value = parseJson(this.sql('SELECT value FROM settings WHERE name = ?').get(name)?.value);
    if (value === undefined || (check && !check(value))) return undefined;
    return value as T;
  }

  /** Save a JSON-serializable setting; undefined removes it. */
  setSetting(name: string, value: unknown): void {
    this.transaction(() => {
      if (value === undefined) this.sql('DELETE FROM settings WHERE name = ?').run(name);
      else this.sql('INSERT OR REPLACE INTO settings (name, value) VALUES (?, ?)').run(name, JSON.stringify(value));
    });
  }

  private insertChange(key: string, change: StatusChange): void {
    this.sql('INSERT INTO status_changes (key, from_status, to_status, seen_at, provider_at) VALUES (?, ?, ?, ?, ?)').run(
      key, change.from, change.to, change.seenAt, change.providerAt,
    );
  }

  // Re-observing the same timeline inserts nothing: the UNIQUE constraint absorbs repeats.
  private insertEvents(key: string, events: readonly PaymentEvent[]): void {
    const insert = this.sql('INSERT OR IGNORE INTO events (key, type, description, at) VALUES (?, ?, ?, ?)');
    for (const event of events) insert.run(key, event.type, event.description, event.at);
  }
}
