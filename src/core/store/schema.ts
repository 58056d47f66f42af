/**
 * The database schema as an ordered list of migrations. `PRAGMA user_version` records how many
 * have run; each runs in its own transaction, so a crash mid-upgrade leaves the previous version.
 * https://www.sqlite.org/pragma.html#pragma_user_version
 */
import type { DatabaseSync } from 'node:sqlite';
import { PaymonError } from '../../shared/errors.ts';

/**
 * Stamped into the file header (`PRAGMA application_id`) so a database another program left at
 * our path is recognised as foreign instead of being "migrated". ASCII "PYMN".
 */
export const APPLICATION_ID = 0x50594d4e;

/** One schema step. Append new ones; never edit a step that has shipped. */
export type Migration = (db: DatabaseSync) => void;

/** Every step in order (exported so tests can build a file of an older version with the shipped steps). */
export const MIGRATIONS: readonly Migration[] = [
  (db) => {
    db.exec(`PRAGMA application_id = ${APPLICATION_ID}`);
    // STRICT tables reject values of the wrong type instead of silently storing them.
    db.exec(`
      CREATE TABLE watches (
        key TEXT PRIMARY KEY,
        provider TEXT NOT NULL CHECK (provider IN ('card2crypto', 'paycrypt')),
        kind TEXT NOT NULL CHECK (kind IN ('payment', 'order')),
        value TEXT NOT NULL,
        account TEXT,
        added_at TEXT NOT NULL,
        paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        snapshot TEXT,
        raw TEXT,
        status TEXT,
        final INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1)),
        last_checked_at TEXT,
        last_error TEXT,
        not_found_count INTEGER NOT NULL DEFAULT 0
      ) STRICT;
      CREATE INDEX watches_by_added ON watches (added_at, key);
      CREATE INDEX watches_by_final ON watches (final, added_at, key);

      CREATE TABLE status_changes (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL REFERENCES watches (key) ON DELETE CASCADE,
        from_status TEXT,
        to_status TEXT NOT NULL,
        seen_at TEXT NOT NULL,
        provider_at TEXT
      ) STRICT;
      CREATE INDEX status_changes_by_key ON status_changes (key, id);

      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL REFERENCES watches (key) ON DELETE CASCADE,
        type TEXT NOT NULL,
        description TEXT NOT NULL,
        at TEXT NOT NULL,
        UNIQUE (key, type, at, description)
      ) STRICT;

      -- No foreign key on purpose: the ledger outlives removing a watch, so removing and
      -- re-adding a payment never announces the same transition twice.
      CREATE TABLE announcements (
        key TEXT NOT NULL,
        to_status TEXT NOT NULL,
        announced_at TEXT NOT NULL,
        PRIMARY KEY (key, to_status)
      ) STRICT, WITHOUT ROWID;

      -- Metadata only: API keys live in the OS keychain, never here.
      CREATE TABLE accounts (
        provider TEXT NOT NULL CHECK (provider IN ('card2crypto', 'paycrypt')),
        account TEXT NOT NULL,
        masked_key TEXT,
        verified TEXT NOT NULL CHECK (verified IN ('accepted', 'rejected', 'unverified')),
        checked_at TEXT,
        base_url TEXT,
        budget_per_minute INTEGER CHECK (budget_per_minute IS NULL OR budget_per_minute > 0),
        PRIMARY KEY (provider, account)
      ) STRICT;

      CREATE TABLE settings (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
  // v2 ("app, complete"): a per-payment mute for desktop notifications. A constant default
  // makes ADD COLUMN a header-only change: existing rows read as 0 without being rewritten.
  (db) => {
    db.exec('ALTER TABLE watches ADD COLUMN muted INTEGER NOT NULL DEFAULT 0 CHECK (muted IN (0, 1))');
  },
  // v3 (issue 12): which providers exist is the registry's business (src/shared/providers), checked by
  // the store's code; a CHECK naming them could not grow, since SQLite cannot alter a CHECK. So
  // watches and accounts are rebuilt without it, by SQLite's 12-step procedure: migrate() turns
  // foreign keys off around the transaction (with them on, dropping the old watches would
  // cascade-delete every status change and event) and runs foreign_key_check before COMMIT.
  // https://www.sqlite.org/lang_altertable.html#otheralter
  (db) => {
    db.exec(`
      CREATE TABLE new_watches (
        key TEXT PRIMARY KEY,
        provider TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('payment', 'order')),
        value TEXT NOT NULL,
        account TEXT,
        added_at TEXT NOT NULL,
        paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        snapshot TEXT,
        raw TEXT,
        status TEXT,
        final INTEGER NOT NULL DEFAULT 0 CHECK (final IN (0, 1)),
        last_checked_at TEXT,
        last_error TEXT,
        not_found_count INTEGER NOT NULL DEFAULT 0,
        muted INTEGER NOT NULL DEFAULT 0 CHECK (muted IN (0, 1))
      ) STRICT;
      INSERT INTO new_watches (key, provider, kind, value, account, added_at, paused, snapshot, raw, status, final,
          last_checked_at, last_error, not_found_count, muted)
        SELECT key, provider, kind, value, account, added_at, paused, snapshot, raw, status, final,
          last_checked_at, last_error, not_found_count, muted FROM watches;
      DROP TABLE watches;
      ALTER TABLE new_watches RENAME TO watches;
      CREATE INDEX watches_by_added ON watches (added_at, key);
      CREATE INDEX watches_by_final ON watches (final, added_at, key);

      CREATE TABLE new_accounts (
        provider TEXT NOT NULL,
        account TEXT NOT NULL,
        masked_key TEXT,
        verified TEXT NOT NULL CHECK (verified IN ('accepted', 'rejected', 'unverified')),
        checked_at TEXT,
        base_url TEXT,
        budget_per_minute INTEGER CHECK (budget_per_minute IS NULL OR budget_per_minute > 0),
        PRIMARY KEY (provider, account)
      ) STRICT;
      INSERT INTO new_accounts (provider, account, masked_key, verified, checked_at, base_url, budget_per_minute)
        SELECT provider, account, masked_key, verified, checked_at, base_url, budget_per_minute FROM accounts;
      DROP TABLE accounts;
      ALTER TABLE new_accounts RENAME TO accounts;
    `);
  },
  // v4 (issue 14): the alert history. One row per announced alert, inserted with its words, rule and
  // decision in the transaction that claims it (so a row exists exactly when the ledger has the
  // claim); main's reports fill in what became of the desktop notification. No foreign key, like the
  // ledger: the history outlives removing a watch. A new table only: nothing existing is rewritten.
  (db) => {
    db.exec(`
      CREATE TABLE alerts (
        id INTEGER PRIMARY KEY,
        key TEXT NOT NULL,
        at TEXT NOT NULL,
        kind TEXT NOT NULL,
        from_status TEXT,
        to_status TEXT NOT NULL,
        after_status TEXT,
        provider TEXT NOT NULL,
        account TEXT,
        amount_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        rule_id TEXT,
        rule_name TEXT,
        sound INTEGER NOT NULL DEFAULT 0,
        decision TEXT NOT NULL,
        delivery TEXT NOT NULL,
        delivery_error TEXT,
        group_id INTEGER
      ) STRICT;
      CREATE INDEX alerts_by_at ON alerts (at, id);
      CREATE INDEX alerts_by_key ON alerts (key, id);
    `);
  },
  // Notes and tags (issue 13): the user's own words on a payment, local only. Constant defaults,
  // so existing rows are not rewritten; tags are a JSON array of strings.
  (db) => {
    db.exec(`
      ALTER TABLE watches ADD COLUMN note TEXT NOT NULL DEFAULT '';
      ALTER TABLE watches ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';
    `);
  },
  // v6 (issue 15, webhooks as hints): payments `paymon ingest` was told changed, waiting for the app
  // or `paymon watch` to check them. One row per payment (hints merge until taken); they go with
  // their watch. A new table only: nothing existing is rewritten.
  (db) => {
    db.exec(`
      CREATE TABLE hints (
        key TEXT PRIMARY KEY REFERENCES watches (key) ON DELETE CASCADE,
        first_at TEXT NOT NULL,
        last_at TEXT NOT NULL,
        count INTEGER NOT NULL DEFAULT 1
      ) STRICT;
    `);
  },
  // v7: when the provider last answered a check (last_checked_at is the last attempt, failures
  // included, as the UI shows it). The engine schedules from this one after a restart: a failed
  // check after expiry must not count as the one check after expiry. A row whose last check
  // failed has no known answer time: it is checked soon after the upgrade, as if never checked.
  (db) => {
    db.exec(`
      ALTER TABLE watches ADD COLUMN last_seen_at TEXT;
      UPDATE watches SET last_seen_at = last_checked_at WHERE last_error IS NULL;
    `);
  },
];

/** The schema version this code writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** The error for a file from a newer Paymon; the caller must not have written to it. */
export function newerSchemaError(file: string, version: number): PaymonError {
  return new PaymonError(
    'storage',
    `The database ${file} was written by a newer version of Paymon (schema ${version}; this version ` +
      `understands up to ${SCHEMA_VERSION}). Update Paymon to open it. The file was left untouched.`,
  );
}

/** The file's `PRAGMA user_version`. */
export function userVersion(db: DatabaseSync): number {
  const row = db.prepare('PRAGMA user_version').get();
  return typeof row?.user_version === 'number' ? row.user_version : 0;
}

/** Bring the schema up to SCHEMA_VERSION, one transaction per step. */
export function migrate(db: DatabaseSync, file: string): void {
  if (userVersion(db) === SCHEMA_VERSION) return;
  // A step may rebuild a parent table (v3). PRAGMA foreign_keys is a no-op inside a transaction, so
  // it is switched off before BEGIN and back on after; each step proves it broke no reference
  // (foreign_key_check) before it commits. https://www.sqlite.org/foreignkeys.html#fk_enable
  const enforced = db.prepare('PRAGMA foreign_keys').get()?.foreign_keys === 1;
  const fresh = userVersion(db) === 0;
  if (enforced) db.exec('PRAGMA foreign_keys = OFF');
  try {
    runSteps(db, file);
  } finally {
    if (enforced) db.exec('PRAGMA foreign_keys = ON');
  }
  // A new file went through v3's rebuild of tables it had just created: give back the pages the
  // dropped copies left free (instant while the file is empty), so it starts as compact as before.
  if (fresh && (db.prepare('PRAGMA freelist_count').get()?.freelist_count ?? 0) !== 0) db.exec('VACUUM');
}

function runSteps(db: DatabaseSync, file: string): void {
  for (;;) {
    // IMMEDIATE takes the write lock before reading the version: when the app and the CLI open a
    // fresh file at the same moment, the second waits and then sees the first one's work.
    db.exec('BEGIN IMMEDIATE');
    try {
      const version = userVersion(db);
      if (version > SCHEMA_VERSION) throw newerSchemaError(file, version);
      const step = MIGRATIONS[version];
      if (!step) {
        db.exec('COMMIT');
        return;
      }
      // Dangling references the file already had are not the step's doing and must not block it.
      const before = danglingReferences(db);
      step(db);
      const after = danglingReferences(db);
      if (after > before) {
        throw new PaymonError(
          'storage',
          `Upgrading the database ${file} to schema ${version + 1} would break ${after - before} reference(s); ` +
            'the upgrade was undone and the file left as it was.',
        );
      }
      db.exec(`PRAGMA user_version = ${version + 1}`);
      db.exec('COMMIT');
    } catch (err) {
      if (db.isTransaction) db.exec('ROLLBACK');
      throw err;
    }
  }
}

/** How many rows refer to a parent that does not exist (PRAGMA foreign_key_check). */
function danglingReferences(db: DatabaseSync): number {
  return db.prepare('PRAGMA foreign_key_check').all().length;
}
