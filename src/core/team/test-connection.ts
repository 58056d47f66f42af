/**
 * The team database connection test (issue 15) that `paymon team test` and the app's "Test
 * connection" share: connect, create or check Paymon's tables, read the server version and the
 * watchlist's size; every failure becomes one outcome word and a sentence without the password.
 */
import { PaymonError } from '../../shared/errors.ts';
import type { TeamTestOutcome, TeamTestView } from '../../shared/team.ts';
import { isPostgresUrl, openTeamStore } from './connect.ts';
import { PG_SCHEMA_VERSION } from './migrations.ts';
import { isUnreachableError, redactUrl } from './pg-errors.ts';

function codeOf(err: unknown): string | undefined {
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    if ('code' in e && typeof e.code === 'string') return e.code;
  }
  return undefined;
}

/** The outcome word for an error openTeamStore or a query threw. */
export function teamOutcome(err: unknown): Exclude<TeamTestOutcome, 'ok'> {
  const code = codeOf(err);
  if (code === '28P01' || code === '28000') return 'credentials';
  if (code === '42501') return 'permission';
  if (code === '3D000') return 'no_database';
  if (isUnreachableError(err)) return 'unreachable';
  const message = err instanceof Error ? err.message : '';
  if (/ is not Paymon's: /.test(message)) return 'foreign_schema';
  if (/set up by a newer version of Paymon/.test(message)) return 'newer_schema';
  return 'failed';
}

const ADVICE: Record<Exclude<TeamTestOutcome, 'ok'>, string> = {
  credentials: 'The server refused the user name or password: check them with whoever runs the database.',
  unreachable: 'The database server is unreachable: check the host and port, your network, and that the server is running.',
  foreign_schema: "That database holds tables that are not Paymon's, so Paymon left it alone: use an empty database, or one Paymon set up.",
  newer_schema: 'That database was set up by a newer version of Paymon: update Paymon to use it. Nothing was changed.',
  permission: 'The database user lacks a permission Paymon needs (to create its tables on first use, then to read and write them): ask the database owner to grant it.',
  no_database: 'That database does not exist on the server: create it, or fix its name in the URL.',
  invalid_url: 'A team database URL starts with postgres:// (postgres://user:password@host:5432/database).',
  failed: 'Paymon could not use the team database.',
};

/** Runs the test against `url` as `agent`; never throws. */
export async function testTeamConnection(url: string, agent: string, opts: { connectTimeoutMs?: number } = {}): Promise<TeamTestView> {
  const where = redactUrl(url);
  if (!isPostgresUrl(url)) return { outcome: 'invalid_url', url: where, message: ADVICE.invalid_url };
  let team;
  try {
    team = await openTeamStore(url, { agent, poolSize: 1, ...opts });
  } catch (err) {
    return failed(err, where);
  }
  try {
    const [server] = await team.query<{ version: string }>("SELECT current_setting('server_version') AS version");
    const [count] = await team.query<{ n: number }>('SELECT count(*)::int AS n FROM watches');
    const version = server?.version ?? '?';
    const watches = count?.n ?? 0;
    return {
      outcome: 'ok',
      url: where,
      server: version,
      schema: PG_SCHEMA_VERSION,
      watches,
      message: `Connected: PostgreSQL ${version}, Paymon schema ${PG_SCHEMA_VERSION}. You are ${team.agent}; the team watches ${watches} payment(s).`,
    };
  } catch (err) {
    return failed(err, where);
  } finally {
    await team.close();
  }
}

function failed(err: unknown, where: string): TeamTestView {
  const outcome = teamOutcome(err);
  // The detail for "failed" is the server's own words, already without the password (teamError).
  const detail = outcome === 'failed' && err instanceof PaymonError ? ` ${err.message}` : '';
  return { outcome, url: where, message: `${ADVICE[outcome]}${detail}` };
}
