/**
 * `paymon team`: the team database from the command line (issue 15).
 *   paymon team test     connect, set up or check the schema, and say what this agent can poll
 *   paymon team import   copy this computer's watchlist into the team database ("move my watchlist")
 */
import { toErrorInfo } from '../shared/errors.ts';
import { PROVIDER_LABELS, type Provider } from '../shared/payment.ts';
import { providerSpecs } from '../shared/providers/index.ts';
import { dataDir } from '../core/data-dir.ts';
import { PaymentLookup } from '../core/lookup.ts';
import type { SecretStore } from '../core/secrets/types.ts';
import { openStore } from '../core/store/index.ts';
import { agentName } from '../core/team/agent.ts';
import { openTeamStore } from '../core/team/connect.ts';
import { importWatchlist } from '../core/team/import.ts';
import { PG_SCHEMA_VERSION } from '../core/team/migrations.ts';
import { redactUrl } from '../core/team/pg-errors.ts';
import type { TeamStore } from '../core/team/pg-store.ts';
import { line, UsageError, writeJsonLine, type CliIO } from './io.ts';

/** Usage text for `paymon team`. */
export const TEAM_USAGE = `Usage: paymon team test [--json]
       paymon team import [--json]

Team mode keeps the watchlist in the PostgreSQL database PAYMON_DATABASE_URL names.
  test     connect, create or check Paymon's tables, and show who you are and what you can poll
  import   copy this computer's watchlist (history, notes, tags, alerts already shown) into it

Exit status: 0 done, 1 the database could not be used, 2 usage error.`;

/** Runs `paymon team …`; returns the exit code. */
export async function runTeam(args: string[], io: CliIO, secrets: SecretStore): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === '-h') {
    io.stdout.write(`${TEAM_USAGE}\n`);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'test' && sub !== 'import') throw new UsageError(`unknown team command "${sub.slice(0, 40)}"`);
  const json = rest.includes('--json');
  const unknown = rest.filter((a) => a !== '--json');
  if (unknown.length > 0) throw new UsageError(`unexpected argument "${unknown[0]!.slice(0, 40)}"`);
  const url = io.env.PAYMON_DATABASE_URL?.trim();
  if (!url) throw new UsageError('set PAYMON_DATABASE_URL=postgres://… to the team database first');
  let team: TeamStore;
  try {
    team = await openTeamStore(url, { agent: agentName(io.env), poolSize: 2 });
  } catch (err) {
    io.stderr.write(line`paymon: ${toErrorInfo(err).message}\n`);
    return 1;
  }
  try {
    return sub === 'test' ? await teamTest(team, url, io, secrets, json) : await teamImport(team, io, json);
  } catch (err) {
    io.stderr.write(line`paymon: ${toErrorInfo(err).message}\n`);
    return 1;
  } finally {
    await team.close();
  }
}

async function teamTest(team: TeamStore, url: string, io: CliIO, secrets: SecretStore, json: boolean): Promise<number> {
  const [server] = await team.query<{ version: string }>("SELECT current_setting('server_version') AS version");
  const [count] = await team.query<{ n: number }>('SELECT count(*)::int AS n FROM watches');
  const lookup = new PaymentLookup({ env: io.env, secrets });
  const polls: Provider[] = [];
  for (const { id } of providerSpecs() as readonly { id: Provider }[]) {
    if ((await lookup.accounts(id).catch(() => [])).length > 0) polls.push(id);
  }
  const facts = { database: redactUrl(url), server: server?.version ?? '?', schema: PG_SCHEMA_VERSION, agent: team.agent, watches: count?.n ?? 0, polls };
  if (json) writeJsonLine(io.stdout, facts);
  else {
    io.stdout.write(line`Connected to ${facts.database} (PostgreSQL ${facts.server}, Paymon schema ${facts.schema}).\n`);
    io.stdout.write(line`You are ${facts.agent}; the team watches ${facts.watches} payment(s).\n`);
    const names = polls.map((p) => PROVIDER_LABELS[p]).join(', ');
    io.stdout.write(polls.length > 0 ? line`With your keys you poll ${names} payments.\n` : 'You have no provider key here, so you poll nothing; teammates with keys do.\n');
  }
  return 0;
}

async function teamImport(team: TeamStore, io: CliIO, json: boolean): Promise<number> {
  const { store, notices } = openStore(dataDir(io.env));
  for (const notice of notices) io.stderr.write(line`paymon: ${notice}\n`);
  try {
    const r = await importWatchlist(store, team);
    if (json) writeJsonLine(io.stdout, r);
    else io.stdout.write(line`Copied ${r.added} payment(s) to the team's watchlist; ${r.existing} were already on it. Your local watchlist was left as it was.\n`);
    return 0;
  } finally {
    store.close();
  }
}
