/**
 * Issue 15's team simulation, small (bench/team.ts runs the full one): three real `paymon watch`
 * processes on one key, one PostgreSQL and 100 payments completing over 20 s, one agent killed
 * (SIGKILL) while it holds a lease. The survivors see every payment final and are told of every
 * completion exactly once, the team stays within the key's limit with no 429, and the killed
 * agent's leases are taken over within their 15 s expiry (plus the claim loop's slack).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figures, missedTargets } from '../../bench/team-report.ts';
import { runTeamSim } from '../../bench/team-sim.ts';
import { pgMissingReason, startPostgres, type PgCluster } from '../helpers/postgres.ts';

const missing = pgMissingReason();
let cluster: PgCluster;

describe.skipIf(missing !== null)(`the team simulation${missing ? ` (skipped: ${missing})` : ''}`, () => {
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(() => cluster?.stop());

  it('three agents, 100 payments, one killed mid-run: every survivor sees every payment final and every alert once', async () => {
    const run = await runTeamSim(cluster, 'sim_small', {
      agents: 3,
      payments: 100,
      spreadSeconds: 20,
      leadSeconds: 12,
      ageSeconds: 60,
      limit: 60,
      windowMs: 5_000,
      bucket: { capacity: 5, perSecond: 10 },
      killAt: 0.3,
    });
    const f = figures(run);
    console.log(`team sim: ${f.requests} requests (max ${f.maxInWindow} per 5 s of 60), takeover ${JSON.stringify(f.takeovers)}`);
    expect(missedTargets(f, run, null)).toEqual([]);
    const survivors = f.perAgent.filter((a) => a.fate !== 'killed');
    expect(survivors).toHaveLength(2);
    for (const a of survivors) {
      expect(a.finals).toBe(100);
      expect(a.expected).toBeGreaterThanOrEqual(90);
    }
    expect(f.takeovers).toHaveLength(1);
    expect(f.takeovers[0]!.leases).toBeGreaterThanOrEqual(1);
    expect(f.takeovers[0]!.maxTakenMs).toBeLessThanOrEqual(15_000 + 2_000);
  }, 120_000);
});
