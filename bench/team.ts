/**
 * `npm run team -- [--agents N] [--payments N] [--seconds N] [--age N] [--lead N]`: issue 15's team
 * simulation in real time on loopback. N real `paymon watch --json` processes (default 10) on one
 * key, one throwaway PostgreSQL and a simulated Card2Crypto allowing 500 requests per 5 s per key;
 * the team's shared budget is set to a burst of 20, then 80 a second. The payments (default 2,000)
 * are open checkouts created `--age` s before the start (default 180) that complete one by one over
 * `--seconds` (default 90) after `--lead` s (default 45, for the agents to start and check each
 * once). The same workload runs first with one agent alone, then with the team, where agent2 is
 * killed (SIGKILL) at 30% of the completions and agent3 paused (SIGSTOP) at 50% for 20 s.
 * Prints per agent the final statuses and alerts against the simulator's truth, requests against
 * the key's limit, detection delay against the single agent's, lease takeovers; exits 1 when a
 * target is missed (team-report.ts).
 */
import { parseArgs } from 'node:util';
import { ChangeFeed } from '../src/core/team/changes.ts';
import { openTeamStore } from '../src/core/team/connect.ts';
import { pgMissingReason, startPostgres, type PgCluster } from '../test/helpers/postgres.ts';
import { figures, missedTargets, printFigures } from './team-report.ts';
import { runTeamSim, type SimOptions } from './team-sim.ts';

const { values } = parseArgs({
  options: {
    agents: { type: 'string', default: '10' },
    payments: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '90' },
    age: { type: 'string', default: '180' },
    lead: { type: 'string', default: '45' },
  },
});
const workload: Omit<SimOptions, 'agents'> = {
  payments: Number(values.payments),
  spreadSeconds: Number(values.seconds),
  leadSeconds: Number(values.lead),
  ageSeconds: Number(values.age),
  limit: 500,
  windowMs: 5_000,
  bucket: { capacity: 20, perSecond: 80 },
  log: (t) => console.log(t),
};
const AGENTS = Number(values.agents);

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
  const cluster: PgCluster = await startPostgres({ maxConnections: 20 + 6 * AGENTS });
  let failed: string[] = [];
  try {
    console.log(
      `${workload.payments} Card2Crypto payments on one key (created ${workload.ageSeconds} s before, completing over ${workload.spreadSeconds} s after ${workload.leadSeconds} s); ` +
        `the key allows ${workload.limit} per ${workload.windowMs / 1000} s, the team's budget a burst of ${workload.bucket.capacity} then ${workload.bucket.perSecond}/s`,
    );
    const soloRun = await runTeamSim(cluster, 'team_one', { ...workload, agents: 1 });
    const solo = figures(soloRun);
    printFigures('1 agent', solo, soloRun, console.log);
    const teamRun = await runTeamSim(cluster, 'team_many', { ...workload, agents: AGENTS, killAt: 0.3, pauseAt: 0.5, pauseSeconds: 20 });
    const team = figures(teamRun);
    printFigures(`${AGENTS} agents`, team, teamRun, console.log);
    console.log(`detection delay, team / one agent: mean ${(team.meanDelay / solo.meanDelay).toFixed(2)}, p95 ${(team.p95Delay / solo.p95Delay).toFixed(2)} (target ≤ 1.2)`);
    failed = [...missedTargets(solo, soloRun, null).map((m) => `1 agent: ${m}`), ...missedTargets(team, teamRun, solo)];
    await liveness(cluster, 'team_live');
  } finally {
    cluster.stop();
  }
  if (failed.length > 0) {
    console.log(`targets missed:\n  ${failed.join('\n  ')}`);
    process.exitCode = 1;
  } else console.log('all targets met');
}
