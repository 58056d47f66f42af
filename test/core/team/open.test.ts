/**
 * Opening the team database (issue 15): versioned migrations recorded in schema_migrations, run
 * once however many agents start together, and a clear sentence for each way it can go wrong.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTeamStore } from '../../../src/core/team/connect.ts';
import { PG_SCHEMA_VERSION } from '../../../src/core/team/migrations.ts';
import { pgMissingReason, startPostgres, type PgCluster } from '../../helpers/postgres.ts';

const missing = pgMissingReason();
let cluster: PgCluster;
let n = 0;

/** A fresh empty database; returns its superuser URL. */
function freshDb(): { name: string; url: string } {
  const name = `open_${++n}`;
  cluster.psql(`CREATE DATABASE ${name};`);
  return { name, url: cluster.urlFor('paymon', cluster.password, name) };
}

async function rows(url: string, sql: string): Promise<Array<Record<string, unknown>>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Array<Record<string, unknown>>;
  } finally {
    await client.end();
  }
}

describe.skipIf(missing !== null)(`opening the team database${missing ? ` (skipped: ${missing})` : ''}`, () => {
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(() => cluster?.stop());

  it('migrates a fresh database once, recording each step, even when agents start together', async () => {
    const { url } = freshDb();
    const stores = await Promise.all(['ana', 'bo', 'cy'].map((agent) => openTeamStore(url, { agent })));
    await Promise.all(stores.map((s) => s.close()));
    await (await openTeamStore(url, { agent: 'dee' })).close();
    const steps = await rows(url, 'SELECT version, name, applied_by FROM schema_migrations ORDER BY version');
    expect(steps).toHaveLength(PG_SCHEMA_VERSION);
    expect(steps[0]).toMatchObject({ version: 1, name: 'paymon-team-1' });
    expect(['ana', 'bo', 'cy']).toContain(steps[0]!['applied_by']);
  });

  it('refuses a schema from a newer Paymon and changes nothing', async () => {
    const { url } = freshDb();
    await (await openTeamStore(url, { agent: 'ana' })).close();
    await rows(url, `INSERT INTO schema_migrations (version, name, applied_by) VALUES (${PG_SCHEMA_VERSION + 1}, 'paymon-team-${PG_SCHEMA_VERSION + 1}', 'future')`);
    await expect(openTeamStore(url, { agent: 'ana' })).rejects.toMatchObject({ kind: 'storage', message: expect.stringMatching(/newer version of Paymon.*Update Paymon/) });
    expect(await rows(url, 'SELECT count(*)::int AS n FROM schema_migrations')).toEqual([{ n: PG_SCHEMA_VERSION + 1 }]);
  });

  it("refuses another program's tables or schema_migrations, leaving them as they were", async () => {
    const a = freshDb();
    await rows(a.url, 'CREATE TABLE watches (id int)');
    await expect(openTeamStore(a.url, { agent: 'ana' })).rejects.toMatchObject({ kind: 'storage', message: expect.stringMatching(/not Paymon's: it already has tables \(watches\)/) });
    expect(await rows(a.url, `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`)).toEqual([{ n: 1 }]);

    const b = freshDb();
    await rows(b.url, "CREATE TABLE schema_migrations (version varchar PRIMARY KEY); INSERT INTO schema_migrations VALUES ('20240101')");
    await expect(openTeamStore(b.url, { agent: 'ana' })).rejects.toMatchObject({ message: expect.stringMatching(/schema_migrations table belongs to another program/) });
  });

  it('says the credentials were refused, without the password', async () => {
    const { name } = freshDb();
    const url = cluster.urlFor('paymon', 'not-the-password-xyz', name);
    const err = await openTeamStore(url, { agent: 'ana' }).catch((e: unknown) => e as Error);
    expect(err).toMatchObject({ kind: 'storage', message: expect.stringMatching(/user name or password .* was refused/) });
    expect((err as Error).message).not.toContain('not-the-password-xyz');
    expect((err as Error).message).toContain('***');
  });

  it('says which permission is missing when the user may not create the tables', async () => {
    const { name, url } = freshDb();
    await rows(url, "CREATE ROLE clerk LOGIN PASSWORD 'clerkpw'; REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    const err = await openTeamStore(cluster.urlFor('clerk', 'clerkpw', name), { agent: 'ana' }).catch((e: unknown) => e as Error);
    expect(err).toMatchObject({ kind: 'storage', message: expect.stringMatching(/lacks a permission Paymon needs/) });
  });

  it('says the server is unreachable, and that a URL must be postgres://', async () => {
    const url = `postgres://paymon:pw@127.0.0.1:${cluster.port === 1 ? 2 : 1}/paymon`;
    await expect(openTeamStore(url, { agent: 'ana', connectTimeoutMs: 2_000 })).rejects.toMatchObject({ kind: 'storage', message: expect.stringMatching(/unreachable/) });
    await expect(openTeamStore('mysql://x@y/z', { agent: 'ana' })).rejects.toMatchObject({ kind: 'invalid_input' });
  });

  it('says so when the database does not exist', async () => {
    await expect(openTeamStore(cluster.urlFor('paymon', cluster.password, 'no_such_db'), { agent: 'ana' })).rejects.toMatchObject({
      message: expect.stringMatching(/does not exist/),
    });
  });
});
