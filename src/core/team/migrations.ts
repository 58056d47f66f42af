/**
 * The team database's schema as an ordered list of steps, like the SQLite store's (issue 15). Each
 * step runs in its own transaction under an advisory lock, so two agents starting at once never
 * both apply it, and records itself in `schema_migrations` (version, name, when, by whom).
 * Columns mirror the SQLite tables so rows map the same way (src/core/store/rows.ts): JSON as text,
 * flags as 0/1 integers, ISO times as text; lease and budget times are the server's timestamptz.
 */
import type { PoolClient } from 'pg';
import { PaymonError } from '../../shared/errors.ts';

/** One step: a name (checked on open, so a foreign `schema_migrations` is recognised) and its SQL. */
export interface PgMigration {
  name: string;
  sql: string;
}

/** Every step in order. Append new ones; never edit a step that has shipped. */
export const PG_MIGRATIONS: readonly PgMigration[] = [
  {
    name: 'paymon-team-1',
    sql: `
      CREATE TABLE watches (
        key text PRIMARY KEY,
        provider text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('payment', 'order')),
        value text NOT NULL,
        account text,
        added_at text NOT NULL,
        added_by text NOT NULL,
        paused integer NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
        muted integer NOT NULL DEFAULT 0 CHECK (muted IN (0, 1)),
        snapshot text,
        raw text,
        status text,
        final integer NOT NULL DEFAULT 0 CHECK (final IN (0, 1)),
        last_checked_at text,
        last_checked_by text,
        last_error text,
        not_found_count integer NOT NULL DEFAULT 0,
        note text NOT NULL DEFAULT '',
        tags text NOT NULL DEFAULT '[]',
        note_by text,
        note_at text,
        handled_by text,
        handled_at text,
        -- One poller per payment: who holds the lease and until when (server time).
        due_at timestamptz NOT NULL DEFAULT now(),
        lease_holder text,
        lease_until timestamptz
      );
      CREATE INDEX watches_by_added ON watches (added_at, key);
      CREATE INDEX watches_due ON watches (due_at) WHERE final = 0 AND paused = 0;

      CREATE TABLE status_changes (
        id bigserial PRIMARY KEY,
        key text NOT NULL REFERENCES watches (key) ON DELETE CASCADE,
        from_status text,
        to_status text NOT NULL,
        seen_at text NOT NULL,
        provider_at text,
        seen_by text NOT NULL
      );
      CREATE INDEX status_changes_by_key ON status_changes (key, id);

      CREATE TABLE events (
        id bigserial PRIMARY KEY,
        key text NOT NULL REFERENCES watches (key) ON DELETE CASCADE,
        type text NOT NULL,
        description text NOT NULL,
        at text NOT NULL,
        UNIQUE (key, type, at, description)
      );

      -- Per agent: each person is told of each transition once, whoever's request saw it.
      -- No foreign key, like SQLite's ledger: it outlives removing a watch.
      CREATE TABLE announcements (
        key text NOT NULL,
        to_status text NOT NULL,
        agent text NOT NULL,
        announced_at text NOT NULL,
        PRIMARY KEY (key, to_status, agent)
      );

      -- One budget per provider account, shared by every agent polling it. No key material.
      CREATE TABLE budgets (
        account_id text PRIMARY KEY,
        capacity double precision NOT NULL CHECK (capacity >= 1),
        refill_per_second double precision NOT NULL CHECK (refill_per_second > 0),
        tokens double precision NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        blocked_until timestamptz,
        learned_per_second double precision,
        learned_at timestamptz,
        learned_by text
      );

      -- What changed, for clients catching up after a NOTIFY or a poll.
      CREATE TABLE changes (
        id bigserial PRIMARY KEY,
        key text NOT NULL,
        what text NOT NULL,
        agent text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
  {
    // Webhooks as hints in team mode: when `paymon ingest` last said a payment changed. A claim
    // clears it; a hint that lands while a check is in flight makes the release due it again now.
    name: 'paymon-team-2',
    sql: `ALTER TABLE watches ADD COLUMN hinted_at timestamptz;`,
  },
];

/** The schema version this code writes. */
export const PG_SCHEMA_VERSION = PG_MIGRATIONS.length;

// Any fixed number: every Paymon agent serialises its migrations on it.
const MIGRATION_LOCK = 0x50594d4e;

/** Why the database cannot be used as Paymon's, or null when it can (migrating as needed). */
async function inspect(client: PoolClient): Promise<{ version: number } | string> {
  const tables = await client.query<{ name: string }>(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`,
  );
  const names = new Set(tables.rows.map((r) => r.name));
  if (!names.has('schema_migrations')) {
    const ours = ['watches', 'status_changes', 'events', 'announcements', 'budgets', 'changes'].filter((t) => names.has(t));
    if (ours.length > 0) return `it already has tables (${ours.join(', ')}) that Paymon did not create`;
    return { version: 0 };
  }
  const cols = await client.query<{ name: string }>(
    `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'schema_migrations'`,
  );
  const colNames = new Set(cols.rows.map((r) => r.name));
  if (!['version', 'name', 'applied_at', 'applied_by'].every((c) => colNames.has(c))) {
    return 'its schema_migrations table belongs to another program';
  }
  const rows = await client.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version');
  for (const row of rows.rows) {
    const step = PG_MIGRATIONS[row.version - 1];
    if (step && step.name !== row.name) return `its schema_migrations lists "${row.name}" as step ${row.version}, which is not Paymon's`;
    if (!step && !row.name.startsWith('paymon-team-')) return `its schema_migrations lists "${row.name}", which is not Paymon's`;
  }
  return { version: rows.rows.reduce((max, r) => Math.max(max, r.version), 0) };
}

/**
 * Brings the schema up to PG_SCHEMA_VERSION, one transaction per step. Throws a storage error
 * (leaving the database untouched) for a foreign schema or one from a newer Paymon.
 */
export async function migrateTeam(client: PoolClient, agent: string, where: string): Promise<void> {
  for (;;) {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      const seen = await inspect(client);
      if (typeof seen === 'string') {
        throw new PaymonError(
          'storage',
          `The team database ${where} is not Paymon's: ${seen}. Point PAYMON_DATABASE_URL at an empty database (or one Paymon created); nothing was changed.`,
        );
      }
      if (seen.version > PG_SCHEMA_VERSION) {
        throw new PaymonError(
          'storage',
          `The team database ${where} was set up by a newer version of Paymon (schema ${seen.version}; this version ` +
            `understands up to ${PG_SCHEMA_VERSION}). Update Paymon to use it; nothing was changed.`,
        );
      }
      const step = PG_MIGRATIONS[seen.version];
      if (!step) {
        await client.query('COMMIT');
        return;
      }
      if (seen.version === 0) {
        await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
          version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), applied_by text NOT NULL)`);
      }
      await client.query(step.sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_by) VALUES ($1, $2, $3)', [seen.version + 1, step.name, agent]);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
}
