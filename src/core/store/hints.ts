/**
 * "Changed, check now" hints (issue 15, webhooks as hints): `paymon ingest` records that a
 * provider's webhook named a payment; a running app or `paymon watch` on the same database takes
 * the hint and checks the payment by GET at once. A hint says only *which* payment to check, never
 * what its status is. Behind a small interface, so a team store (PostgreSQL) can keep them too.
 */
import type { DatabaseSync, StatementSync } from 'node:sqlite';

/** One pending hint: a watched payment someone said changed. */
export interface Hint {
  key: string;
  /** When the first of the merged hints arrived (ISO). */
  firstAt: string;
  /** When the latest arrived (ISO). */
  lastAt: string;
  /** How many hints were merged into this one before it was taken. */
  count: number;
}

/** Where hints wait between the process that receives them and the one that checks. */
export interface HintStore {
  /**
   * Records a hint for each watched key (others are skipped); hints for a key not yet taken merge
   * into one (one check answers them all). Returns the keys recorded.
   */
  add(keys: readonly string[], at: string): string[];
  /**
   * Takes the pending hints `accept` wants, atomically: a hint is taken by one consumer, once,
   * and those not accepted stay for another (the app takes what `paymon watch` does not follow).
   */
  take(accept: (key: string) => boolean): Hint[];
  /** How many hints are waiting. */
  pending(): number;
  /**
   * Calls `onChange` soon after another process may have added hints (and once it is safe to
   * take them); returns the function that stops it. A throwing `onChange` is called again later.
   */
  subscribe(onChange: () => void, intervalMs?: number): () => void;
}

/** How often a consumer asks SQLite whether another connection wrote (one cheap pragma). */
export const HINT_POLL_MS = 200;

/**
 * Hints in the SQLite store's `hints` table (schema v6). Other processes' writes are noticed with
 * `PRAGMA data_version`, which changes on this connection exactly when another connection commits:
 * a 200 ms poll costs one pragma and no I/O while nothing changes.
 * https://www.sqlite.org/pragma.html#pragma_data_version
 */
export class SqliteHintStore implements HintStore {
  readonly #db: DatabaseSync;
  readonly #transaction: <T>(fn: () => T) => T;
  readonly #statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync, transaction: <T>(fn: () => T) => T) {
    this.#db = db;
    this.#transaction = transaction;
  }

  add(keys: readonly string[], at: string): string[] {
    return this.#transaction(() => {
      const recorded: string[] = [];
      for (const key of new Set(keys)) {
        // Only watched payments: the foreign key would refuse others, and a hint outlives nothing.
        const { changes } = this.#sql(
          `INSERT INTO hints (key, first_at, last_at) SELECT key, ?, ? FROM watches WHERE key = ?
           ON CONFLICT (key) DO UPDATE SET last_at = excluded.last_at, count = count + 1`,
        ).run(at, at, key);
        if (changes > 0) recorded.push(key);
      }
      return recorded;
    });
  }

  take(accept: (key: string) => boolean): Hint[] {
    // Cheap when empty: no write lock is taken unless a hint is waiting.
    if (this.pending() === 0) return [];
    return this.#transaction(() => {
      const rows = this.#sql('SELECT key, first_at, last_at, count FROM hints ORDER BY first_at, key').all();
      const taken: Hint[] = [];
      for (const row of rows) {
        const key = String(row.key);
        if (!accept(key)) continue;
        this.#sql('DELETE FROM hints WHERE key = ?').run(key);
        taken.push({ key, firstAt: String(row.first_at), lastAt: String(row.last_at), count: Number(row.count) });
      }
      return taken;
    });
  }

  pending(): number {
    return Number(this.#sql('SELECT count(*) AS n FROM hints').get()?.n ?? 0);
  }

  subscribe(onChange: () => void, intervalMs = HINT_POLL_MS): () => void {
    let seen: number | null = null;
    let stopped = false;
    const tick = (): void => {
      if (stopped) return;
      if (!this.#db.isOpen) return stop();
      const version = Number(this.#sql('PRAGMA data_version').get()?.data_version);
      if (version === seen) return;
      try {
        onChange();
        seen = version;
      } catch {
        // Busy or failing: `seen` stays, so the next tick tries again; a hint is never skipped.
      }
    };
    const timer = setInterval(tick, intervalMs);
    timer.unref();
    const stop = (): void => {
      stopped = true;
      clearInterval(timer);
    };
    // Hints left while nobody was running are taken at once.
    queueMicrotask(tick);
    return stop;
  }

  #sql(text: string): StatementSync {
    let statement = this.#statements.get(text);
    if (!statement) {
      statement = this.#db.prepare(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }
}
