/** A node:sqlite connection with cached statements and nestable, synchronous transactions. */
import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { PaymonError } from '../../shared/errors.ts';
import { sqliteCode, storageError } from './sqlite-errors.ts';

/** The connection plumbing PaymonStore is built on. */
export class SqlRunner {
  /** The database file, for messages. */
  readonly file: string;
  protected readonly db: DatabaseSync;
  private readonly statements = new Map<string, StatementSync>();

  constructor(db: DatabaseSync, file: string) {
    this.db = db;
    this.file = file;
  }

  /** The statement for `text`, compiled once: a poll cycle runs the same few thousands of times. */
  protected sql(text: string): StatementSync {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  /**
   * Run `fn` atomically: all of its writes land or none do. Nested calls become savepoints, so a
   * caller can batch many recordObservation calls into one commit (one fsync instead of many).
   * `fn` must be synchronous: an await would let the transaction commit before the work is done.
   */
  transaction<T>(fn: () => T): T {
    const nested = this.db.isTransaction;
    // IMMEDIATE takes the write lock up front, so a concurrent CLI or app makes us wait for the
    // busy timeout instead of failing halfway with SQLITE_BUSY when a read turns into a write.
    this.db.exec(nested ? 'SAVEPOINT paymon_nested' : 'BEGIN IMMEDIATE');
    try {
      const result = fn();
      if (result instanceof Promise) {
        throw new PaymonError('internal', 'A store transaction callback returned a Promise; it must be synchronous.');
      }
      this.db.exec(nested ? 'RELEASE paymon_nested' : 'COMMIT');
      return result;
    } catch (err) {
      if (this.db.isTransaction) {
        this.db.exec(nested ? 'ROLLBACK TO paymon_nested; RELEASE paymon_nested' : 'ROLLBACK');
      }
      // SQLite failures (disk full, locked) become storage errors; the caller's own errors pass through.
      throw !nested && sqliteCode(err) !== null ? storageError(err, 'save to', this.file) : err;
    }
  }

  /** Close the connection; the store cannot be used afterwards. */
  close(): void {
    this.statements.clear();
    if (this.db.isOpen) this.db.close();
  }
}
