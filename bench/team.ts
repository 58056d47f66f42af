/**
 * `npm run team -- [--agents N] [--payments N] [--seconds N]`: a team of agents on one PostgreSQL
 * (issue 15). Starts a throwaway cluster and a simulated Card2Crypto allowing 10 requests per 5 s,
 * adds payments that complete over the run, and runs 1 agent alone, then N agents (default 10) at
 * once, each with its own connection pool, poller and copy of the same key. Prints the requests
 * sent, the 429s drawn, how long after each completion the team's watchlist showed it, and how the
 * checks were spread over the agents. The shared budget (burst 3, then 0.9 a second) is what binds:
 * one agent or ten, the team sends what the budget allows. Real time, loopback only; nothing is asserted.
 */
import { parseArgs } from 'node:util';
import { PaymentLookup } from '../src/core/lookup.ts';
import { MemoryStore } from '../src/core/secrets/memory-store.ts';
import { SharedBudgets } from '../src/core/team/budget.ts';
import { ChangeFeed } from '../src/core/team/changes.ts';
import { openTeamStore } from '../src/core/team/connect.ts';
import { Leases } from '../src/core/team/leases.ts';
import type { TeamStore } from '../src/core/team/pg-store.ts';
import { TeamPoller } from '../src/core/team/poller.ts';
import { startSimulator } from '../src/simulator/server.ts';
import { SimWorld } from '../src/simulator/world.ts';
import { pgMissingReason, startPostgres, type PgCluster } from '../test/helpers/postgres.ts';

const { values } = parseArgs({ options: { agents: { type: 'string', default: '10' }, payments: { type: 'string', default: '15' }, seconds: { type: 'string', default: '45' } } });
const AGENTS = Number(values.agents);
const PAYMENTS = Number(values.payments);
const SECONDS = Number(values.seconds);

async function run(cluster: PgCluster, db: string, agents: number): Promise<void> {
  cluster.psql(`CREATE DATABASE ${db};`);
  const url = cluster.urlFor('paymon', cluster.password, db);
  const T0 = Date.now();
  const world = new SimWorld({ now: () => Date.now() });
  world.setRateLimit({ limit: 10, windowMs: 5_000, blockSeconds: 3, style: 'message' });
  const sim = await startSimulator({ world });
  // Completions spread over the first two thirds of the run.
  const completeAt = (i: number) => T0 + 2_000 + Math.floor(((SECONDS * 1000 * 2) / 3 / PAYMENTS) * i);
  const ids = Array.from({ length: PAYMENTS }, (_, i) => world.addCard2Crypto({ amount: 100 + i, createdAt: T0, outcome: { complete: completeAt(i) } }));
  const env = { PAYMON_CARD2CRYPTO_URL: sim.card2cryptoUrl, CARD2CRYPTO_API_KEY: sim.keys.card2crypto };
  const stores: TeamStore[] = [];
  const pollers: TeamPoller[] = [];
  const checks = new Map<string, number>();
  for (let a = 0; a < agents; a++) {
    const store = await openTeamStore(url, { agent: `agent${a}`, poolSize: 3 });
    stores.push(store);
    const poller = new TeamPoller({
      store,
      leases: new Leases(store),
      budgets: new SharedBudgets(store),
      lookup: new PaymentLookup({ env, secrets: new MemoryStore() }),
      onEvent: (e) => {
        if (e.type === 'checked') checks.set(store.agent, (checks.get(store.agent) ?? 0) + 1);
      },
    });
    pollers.push(poller);
  }
  for (const id of ids) await stores[0]!.addWatch({ provider: 'card2crypto', kind: 'payment', value: id });
  await Promise.all(pollers.map((p) => p.start()));
  const seenAt = new Map<string, number>();
  while (Date.now() - T0 < SECONDS * 1000 && seenAt.size < PAYMENTS) {
    for (const row of await stores[0]!.listWatches({ final: true })) if (!seenAt.has(row.ref.value)) seenAt.set(row.ref.value, Date.now());
    await new Promise((r) => setTimeout(r, 100));
  }
  await Promise.all(pollers.map((p) => p.stop()));
  await Promise.all(stores.map((s) => s.close()));
  const stats = world.stats()[sim.keys.card2crypto] ?? { requests: 0, rateLimited: 0, faults: 0 };
  await sim.close();
  const lags = ids.map((id, i) => (seenAt.has(id) ? (seenAt.get(id)! - completeAt(i)) / 1000 : Infinity)).sort((x, y) => x - y);
  const pct = (p: number) => lags[Math.min(lags.length - 1, Math.floor(p * lags.length))]!.toFixed(1);
  const spread = [...checks.values()].sort((x, y) => y - x);
  console.log(
    `${String(agents).padStart(2)} agent(s): ${stats.requests} requests, ${stats.rateLimited} × 429, ${seenAt.size}/${PAYMENTS} completions seen; ` +
      `completion → team watchlist median ${pct(0.5)} s, p90 ${pct(0.9)} s, max ${pct(0.999)} s; checks per agent ${spread.join('/')}`,
  );
}

/** How soon another agent hears of a change: through NOTIFY, and through the fallback poll alone. */
async function liveness(cluster: PgCluster, db: string): Promise<void> {
  cluster.psql(`CREATE DATABASE ${db};`);
  const url = cluster.urlFor('paymon', cluster.password, db);
  const [ana, bo] = [await openTeamStore(url, { agent: 'ana' }), await openTeamStore(url, { agent: 'bo' })];
  await ana.addWatch({ provider: 'card2crypto', kind: 'payment', value: 'pay_live1' });
  for (const listen of [true, false]) {
    let heard: (() => void) | null = null;
    const feed = new ChangeFeed(bo, { listen, pollMs: 1_000, onChange: () => heard?.() });
    await feed.start();
    const lags: number[] = [];
    for (let i = 0; i < 20; i++) {
      const got = new Promise<void>((resolve) => (heard = resolve));
      const t = performance.now();
      await ana.setNote('card2crypto:payment:pay_live1', `note ${i}`, []);
      await got;
      lags.push(performance.now() - t);
    }
    await feed.stop();
    lags.sort((x, y) => x - y);
    console.log(`change seen by another agent (${listen ? 'LISTEN/NOTIFY' : 'fallback poll every 1 s'}): median ${lags[10]!.toFixed(1)} ms, max ${lags[19]!.toFixed(1)} ms`);
  }
  await ana.close();
  await bo.close();
}

const missing = pgMissingReason();
if (missing) {
  console.log(`npm run team: skipped (${missing})`);
} else {
  const cluster = await startPostgres();
  try {
    console.log(`${PAYMENTS} Card2Crypto payments on one key, provider limit 10 per 5 s, up to ${SECONDS} s`);
    await run(cluster, 'team_one', 1);
    await run(cluster, 'team_many', AGENTS);
    await liveness(cluster, 'team_live');
  } finally {
    cluster.stop();
  }
}
