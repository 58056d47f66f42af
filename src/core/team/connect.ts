/**
 * Opening the team database (issue 15): connect, say plainly what is wrong (unreachable, wrong
 * credentials, missing permissions, a foreign or newer schema), then migrate.
 */
import pg from 'pg';
import { PaymonError } from '../../shared/errors.ts';
import { migrateTeam } from './migrations.ts';
import { redactUrl, teamError } from './pg-errors.ts';
import { TeamStore } from './pg-store.ts';

/** Options for openTeamStore. */
export interface TeamOpenOptions {
  /** The agent name recorded on shared rows (./agent.ts). */
  agent: string;
  /** Connections in the pool (default 4). */
  poolSize?: number;
  connectTimeoutMs?: number;
}

/** Whether `url` names a PostgreSQL database. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Connects to `url` and brings its schema up to date. Throws PaymonError('storage') when it can't. */
export async function openTeamStore(url: string, opts: TeamOpenOptions): Promise<TeamStore> {
  if (!isPostgresUrl(url)) {
    throw new PaymonError('invalid_input', `PAYMON_DATABASE_URL must start with postgres:// (got ${redactUrl(url).slice(0, 60)}).`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.poolSize ?? 4,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 5_000,
    // An agent paused or cut off mid-transaction (SIGSTOP, a closed laptop) must not hold a row lock
    // (a budget, a watch) over the whole team: the server ends such a session after 10 s.
    options: '-c idle_in_transaction_session_timeout=10000 -c statement_timeout=30000',
  });
  // An idle connection the server dropped must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const store = new TeamStore(pool, url, opts.agent);
  let client: pg.PoolClient | undefined;
  try {
    client = await pool.connect();
    await migrateTeam(client, opts.agent, redactUrl(url));
    return store;
  } catch (err) {
    const doing = client ? 'set up' : 'connect to';
    client?.release();
    client = undefined;
    await store.close();
    throw teamError(err, doing, url);
  } finally {
    client?.release();
  }
}
