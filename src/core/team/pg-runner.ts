/** A pg pool with transactions and errors turned into sentences (issue 15). */
import type { Pool, PoolClient, QueryResultRow } from 'pg';
import { teamError } from './pg-errors.ts';

/** Anything that runs a query: the pool, or the client of an open transaction. */
export interface Queryable {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** The channel every change is announced on (LISTEN/NOTIFY). */
export const CHANGE_CHANNEL = 'paymon_changes';

/** The connection plumbing of the team store. */
export class PgRunner {
  /** Who writes through this store. */
  readonly agent: string;
  /** The database URL, for messages (redacted when shown). */
  readonly url: string;
  readonly pool: Pool;

  constructor(pool: Pool, url: string, agent: string) {
    this.pool = pool;
    this.url = url;
    this.agent = agent;
  }

  /** One statement outside a transaction. */
  async query<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(text, values)).rows;
    } catch (err) {
      throw teamError(err, 'read or write', this.url);
    }
  }

  /** Runs `fn` in one transaction on one connection: all of its writes land or none do. */
  async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw teamError(err, 'connect to', this.url);
    }
    // The server may end the session between two statements (idle_in_transaction_session_timeout
    // after this process was paused): the next query fails; the event alone must not crash us.
    const ignore = (): void => undefined;
    client.on('error', ignore);
    try {
      await client.query('BEGIN');
      const result = await fn(client as unknown as Queryable);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw teamError(err, 'save to', this.url);
    } finally {
      client.off('error', ignore);
      client.release();
    }
  }

  /** Records that `key` changed and wakes every listening agent when the transaction commits. */
  async changed(q: Queryable, key: string, what: string): Promise<void> {
    const rows = await q.query<{ id: string }>('INSERT INTO changes (key, what, agent) VALUES ($1, $2, $3) RETURNING id', [key, what, this.agent]);
    await q.query('SELECT pg_notify($1, $2)', [CHANGE_CHANNEL, rows.rows[0]!.id]);
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
