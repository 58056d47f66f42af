/**
 * `paymon team test` and `paymon team import` (issue 15) against a real PostgreSQL: the connection
 * test says who you are and what you poll; the import moves a local watchlist with its history,
 * notes and tags, and the alerts already shown to you stay shown.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/core/store/index.ts';
import { openTeamStore } from '../../src/core/team/connect.ts';
import { c2cPayment, c2cRef } from '../core/store/helpers.ts';
import { runPaymon } from '../helpers/cli.ts';
import { pgMissingReason, startPostgres, type PgCluster } from '../helpers/postgres.ts';

const missing = pgMissingReason();
let cluster: PgCluster;
const dirs: string[] = [];

describe.skipIf(missing !== null)(`paymon team${missing ? ` (skipped: ${missing})` : ''}`, () => {
  beforeAll(async () => {
    cluster = await startPostgres();
    cluster.psql('CREATE DATABASE team_cli;');
  });
  afterAll(() => {
    cluster?.stop();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('test: connects, sets up the schema, and tells the agent what it can poll', async () => {
    const url = cluster.urlFor('paymon', cluster.password, 'team_cli');
    const run = await runPaymon(['team', 'test', '--json'], { env: { PAYMON_DATABASE_URL: url, PAYMON_AGENT: 'ana', CARD2CRYPTO_API_KEY: 'c2c_test_abcdefgh1234' } });
    expect(run.code, run.stderr).toBe(0);
    expect(run.lines[0]).toMatchObject({ agent: 'ana', schema: 2, watches: 0, polls: ['card2crypto'] });
    expect(String(run.lines[0]!['database'])).not.toContain(cluster.password);
    const human = await runPaymon(['team', 'test'], { env: { PAYMON_DATABASE_URL: url, PAYMON_AGENT: 'ana' } });
    expect(human.stdout).toMatch(/You are ana; the team watches 0 payment\(s\)/);
    expect((await runPaymon(['team', 'test'], { env: {} })).code).toBe(2);
  });

  it('import: copies the watchlist with history, notes and tags, once, keeping shown alerts shown', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paymon-team-import-'));
    dirs.push(dir);
    const { store } = openStore(dir);
    const key = 'card2crypto:payment:pay_test1';
    store.addWatch(c2cRef(1), { addedAt: '2025-10-16T11:59:00.000Z' });
    store.addWatch(c2cRef(2));
    store.recordObservation(key, { payment: c2cPayment('pay_test1', 'pending'), raw: {}, seenAt: '2025-10-16T12:00:00Z' });
    store.recordObservation(key, { payment: c2cPayment('pay_test1', 'completed', true), raw: {}, seenAt: '2025-10-16T12:01:00Z' });
    store.claimAnnouncement(key, 'completed', '2025-10-16T12:01:00Z');
    store.setNote(key, 'called', ['vip']);
    store.close();
    cluster.psql('CREATE DATABASE team_import;');
    const url = cluster.urlFor('paymon', cluster.password, 'team_import');
    const env = { PAYMON_DATABASE_URL: url, PAYMON_AGENT: 'ana', PAYMON_DATA_DIR: dir };
    const first = await runPaymon(['team', 'import', '--json'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.lines[0]).toEqual({ added: 2, existing: 0, claims: 1 });
    expect((await runPaymon(['team', 'import', '--json'], { env })).lines[0]).toEqual({ added: 0, existing: 2, claims: 0 });

    const ana = await openTeamStore(url, { agent: 'ana' });
    const bo = await openTeamStore(url, { agent: 'bo' });
    try {
      expect(await ana.getWatch(key)).toMatchObject({ addedAt: '2025-10-16T11:59:00.000Z', addedBy: 'ana', status: 'completed', final: true, note: 'called', tags: ['vip'] });
      expect((await ana.statusHistory(key)).map((c) => c.to)).toEqual(['pending', 'completed']);
      expect(await ana.wasAnnounced(key, 'completed')).toBe(true);
      expect(await bo.wasAnnounced(key, 'completed')).toBe(false);
    } finally {
      await ana.close();
      await bo.close();
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const changes = await client.query(`SELECT count(*)::int AS n FROM changes WHERE what = 'added'`);
    await client.end();
    expect(changes.rows[0].n).toBe(2);
  });
});
