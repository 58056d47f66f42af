/**
 * Live changes (issue 15): every write appends to the `changes` log and NOTIFYs on commit; each
 * client LISTENs on its own connection and reads the log past the last id it saw. A fallback poll
 * catches what a dropped connection missed; LISTEN reconnects with backoff.
 */
import pg from 'pg';
import type { PgRunner } from './pg-runner.ts';
import { CHANGE_CHANNEL } from './pg-runner.ts';

/** One entry of the change log. */
export interface Change {
  id: number;
  key: string;
  /** added, removed, status, checked, error, paused, muted, note, handled, hint (`paymon ingest`). */
  what: string;
  agent: string;
  at: string;
}

/** Options of a ChangeFeed. */
export interface FeedOptions {
  /** Called with each batch of new changes, oldest first. */
  onChange: (changes: Change[]) => void;
  /** Fallback poll interval (default 2 s). */
  pollMs?: number;
  /** LISTEN for NOTIFY (default true); false leaves only the poll (tests of the fallback). */
  listen?: boolean;
}

/** Follows the change log from the moment it starts. */
export class ChangeFeed {
  readonly #db: PgRunner;
  readonly #opts: FeedOptions;
  #last = 0;
  #client: pg.Client | undefined;
  #poll: NodeJS.Timeout | undefined;
  #stopped = false;
  #reading: Promise<void> | null = null;
  #again = false;
  #retryMs = 500;

  constructor(db: PgRunner, opts: FeedOptions) {
    this.#db = db;
    this.#opts = opts;
  }

  /** Starts at the log's current end; resolves once listening (or once the poll runs, without LISTEN). */
  async start(): Promise<void> {
    // Housekeeping: clients catch up within seconds, so a week of log is plenty.
    await this.#db.query(`DELETE FROM changes WHERE at < now() - interval '7 days'`);
    const [row] = await this.#db.query<{ id: string | null }>('SELECT max(id) AS id FROM changes');
    this.#last = Number(row?.id ?? 0);
    this.#poll = setInterval(() => this.wake(), this.#opts.pollMs ?? 2_000);
    this.#poll.unref();
    if (this.#opts.listen !== false) await this.#listen().catch(() => this.#relisten());
  }

  /** Reads the log now (a NOTIFY, the poll, or a caller that knows something changed). */
  wake(): void {
    if (this.#stopped) return;
    if (this.#reading) {
      this.#again = true;
      return;
    }
    this.#reading = this.#read()
      .catch(() => undefined)
      .finally(() => {
        this.#reading = null;
        if (this.#again) {
          this.#again = false;
          this.wake();
        }
      });
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#poll);
    await this.#reading;
    await this.#client?.end().catch(() => undefined);
  }

  async #read(): Promise<void> {
    const rows = await this.#db.query<{ id: string; key: string; what: string; agent: string; at: Date }>(
      'SELECT id, key, what, agent, at FROM changes WHERE id > $1 ORDER BY id LIMIT 5000',
      [this.#last],
    );
    if (rows.length === 0 || this.#stopped) return;
    this.#last = Number(rows[rows.length - 1]!.id);
    this.#opts.onChange(rows.map((r) => ({ id: Number(r.id), key: r.key, what: r.what, agent: r.agent, at: r.at.toISOString() })));
    if (rows.length === 5000) this.#again = true;
  }

  async #listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#db.url, connectionTimeoutMillis: 5_000 });
    client.on('notification', () => this.wake());
    client.on('error', () => this.#relisten());
    await client.connect();
    if (this.#stopped) {
      await client.end();
      return;
    }
    await client.query(`LISTEN ${CHANGE_CHANNEL}`);
    this.#client = client;
    this.#retryMs = 500;
    // Whatever happened while we were not listening.
    this.wake();
  }

  #relisten(): void {
    const old = this.#client;
    this.#client = undefined;
    void old?.end().catch(() => undefined);
    if (this.#stopped) return;
    const delay = this.#retryMs;
    this.#retryMs = Math.min(this.#retryMs * 2, 30_000);
    setTimeout(() => {
      if (!this.#stopped) this.#listen().catch(() => this.#relisten());
    }, delay).unref();
  }
}
