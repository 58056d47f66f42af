/**
 * One team-mode run in real time (issue 15): N real `paymon watch --json` processes on one key and
 * one throwaway PostgreSQL database, against a loopback simulated Card2Crypto with a rate limit.
 * Payments are open checkouts created `ageSeconds` before the start, completing one by one over
 * the run. Optionally one agent is killed (SIGKILL) and one paused (SIGSTOP, later SIGCONT) mid-run;
 * a probe watches the leases they held. Returns what happened; team-report.ts judges it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openTeamStore } from '../src/core/team/connect.ts';
import { startSimulator } from '../src/simulator/server.ts';
import { SimWorld } from '../src/simulator/world.ts';
import type { PgCluster } from '../test/helpers/postgres.ts';

const ROOT = join(import.meta.dirname, '..');
const NODE = join(ROOT, 'node_modules', '.bin', 'node');
const BIN = join(ROOT, 'bin', 'paymon.js');

/** What to run. */
export interface SimOptions {
  agents: number;
  payments: number;
  /** Completions are spread over this many seconds, after `leadSeconds`. */
  spreadSeconds: number;
  /** Time for the agents to start and check every payment once before the first completion. */
  leadSeconds: number;
  /** Age of the payments when the run starts (older payments are checked less often). */
  ageSeconds: number;
  /** The provider's limit per key: `limit` requests per `windowMs`. */
  limit: number;
  windowMs: number;
  /** The team's shared budget for the account (set in the database before the agents start). */
  bucket: { capacity: number; perSecond: number };
  /** Kill one agent (the second) at this share of the spread; pause one (the third) at `pauseAt` for `pauseSeconds`. */
  killAt?: number;
  pauseAt?: number;
  pauseSeconds?: number;
  log?: (text: string) => void;
}

/** What one agent printed, with the time each line arrived. */
export interface AgentRun {
  name: string;
  code: number | null;
  signal: string | null;
  stderr: string;
  /** Key → first time (epoch ms) the agent printed it completed. */
  completedAt: Map<string, number>;
  /** Key → number of alerts printed for it. */
  alerts: Map<string, number>;
  statuses: number;
}

/** Leases an interrupted agent held, and when someone else took each. */
export interface Takeover {
  agent: string;
  how: 'killed' | 'paused';
  at: number;
  /** Per held key: lease expiry and takeover, ms after `at` (takenMs null: never taken). */
  leases: Array<{ key: string; expiresMs: number; takenMs: number | null }>;
}

/** The whole run. */
export interface SimResult {
  opts: SimOptions;
  ids: string[];
  completeAt: Map<string, number>;
  /** Key → time of the simulator's first answer about it. */
  firstAsked: Map<string, number>;
  requestTimes: number[];
  rateLimited: number;
  agents: AgentRun[];
  takeovers: Takeover[];
  killed: string | null;
  paused: string | null;
  startedAt: number;
  endedAt: number;
}

function spawnAgent(name: string, ids: string[], env: Record<string, string>, timeoutS: number): { child: ChildProcess; done: Promise<AgentRun> } {
  const child = spawn(NODE, [BIN, 'watch', '--json', '--timeout', String(timeoutS), ...ids], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...env, PAYMON_AGENT: name },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const run: AgentRun = { name, code: null, signal: null, stderr: '', completedAt: new Map(), alerts: new Map(), statuses: 0 };
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    const now = Date.now();
    buf += d.toString();
    const lines = buf.split('\n');
    buf = lines.pop() ?? '';
    for (const l of lines) {
      if (!l.startsWith('{')) continue;
      const e = JSON.parse(l) as { event: string; key?: string; to?: string; payment?: { id: string; status: string } };
      if (e.event === 'status' && e.payment) {
        run.statuses++;
        const key = `card2crypto:payment:${e.payment.id}`;
        if (e.payment.status === 'completed' && !run.completedAt.has(key)) run.completedAt.set(key, now);
      } else if (e.event === 'alert' && e.key) run.alerts.set(e.key, (run.alerts.get(e.key) ?? 0) + 1);
    }
  });
  child.stderr!.on('data', (d: Buffer) => (run.stderr = (run.stderr + d.toString()).slice(-4000)));
  const done = new Promise<AgentRun>((resolve) =>
    child.on('close', (code, signal) => {
      run.code = code;
      run.signal = signal;
      resolve(run);
    }),
  );
  return { child, done };
}

/** Watches the leases `agent` held at the moment it was stopped until each is taken by another agent. */
async function watchTakeover(probe: pg.Client, agent: string, how: 'killed' | 'paused', until: () => boolean): Promise<Takeover> {
  const at = Date.now();
  const held = await probe.query<{ key: string; left: number }>(
    `SELECT key, (extract(epoch FROM lease_until - now()) * 1000)::float8 AS left FROM watches WHERE lease_holder = $1 AND lease_until > now() AND final = 0`,
    [agent],
  );
  const leases = held.rows.map((r) => ({ key: r.key, expiresMs: Date.now() - at + r.left, takenMs: null as number | null }));
  const since = new Date(at).toISOString();
  while (leases.some((l) => l.takenMs === null) && !until()) {
    const open = leases.filter((l) => l.takenMs === null).map((l) => l.key);
    const rows = await probe.query<{ key: string }>(
      `SELECT key FROM watches WHERE key = ANY($1) AND ((lease_holder IS NOT NULL AND lease_holder <> $2)
         OR (lease_holder IS NULL AND last_checked_at::timestamptz > $3::timestamptz))`,
      [open, agent, since],
    );
    const now = Date.now() - at;
    for (const r of rows.rows) leases.find((l) => l.key === r.key)!.takenMs = now;
    await new Promise((r) => setTimeout(r, 100));
  }
  return { agent, how, at, leases };
}

/** Runs the team in database `db` of `cluster`. */
export async function runTeamSim(cluster: PgCluster, db: string, o: SimOptions): Promise<SimResult> {
  const log = o.log ?? (() => undefined);
  cluster.psql(`CREATE DATABASE ${db};`);
  const url = cluster.urlFor('paymon', cluster.password, db);
  // The schema and the team's budget for the account, as whoever set up the team would.
  const setup = await openTeamStore(url, { agent: 'setup', poolSize: 1 });
  await setup.query(`INSERT INTO budgets (account_id, capacity, refill_per_second, tokens) VALUES ('card2crypto:env', $1, $2, $1)`, [o.bucket.capacity, o.bucket.perSecond]);
  await setup.close();

  const world = new SimWorld({ now: () => Date.now() });
  world.setRateLimit({ limit: o.limit, windowMs: o.windowMs, blockSeconds: 2, style: 'message' });
  const requestTimes: number[] = [];
  const firstAsked = new Map<string, number>();
  const handle = world.handle.bind(world);
  world.handle = (req) => {
    const now = Date.now();
    requestTimes.push(now);
    const id = /pay_[A-Za-z0-9]+/.exec(req.path)?.[0];
    if (id && !firstAsked.has(`card2crypto:payment:${id}`)) firstAsked.set(`card2crypto:payment:${id}`, now);
    return handle(req);
  };
  const sim = await startSimulator({ world });
  const startedAt = Date.now();
  const completeAt = new Map<string, number>();
  const ids: string[] = [];
  for (let i = 0; i < o.payments; i++) {
    const at = startedAt + o.leadSeconds * 1000 + Math.floor((o.spreadSeconds * 1000 * i) / o.payments);
    const id = world.addCard2Crypto({ amount: 100 + i, createdAt: startedAt - o.ageSeconds * 1000, outcome: { complete: at } });
    ids.push(id);
    completeAt.set(`card2crypto:payment:${id}`, at);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'paymon-teamsim-'));
  const env = { PAYMON_CARD2CRYPTO_URL: sim.card2cryptoUrl, CARD2CRYPTO_API_KEY: sim.keys.card2crypto, PAYMON_DATABASE_URL: url, PAYMON_DATA_DIR: dataDir };
  // Generous: checks of old payments are spaced by their age, so the last completions are seen late.
  const timeoutS = o.leadSeconds + o.spreadSeconds + 400;
  const agents = Array.from({ length: o.agents }, (_, a) => spawnAgent(`agent${a + 1}`, ids, env, timeoutS));
  const all = Promise.all(agents.map((a) => a.done));
  let finished = false;
  void all.then(() => (finished = true));

  const probe = new pg.Client({ connectionString: url });
  probe.on('error', () => undefined);
  await probe.connect();
  const takeovers: Promise<Takeover>[] = [];
  const at = (share: number) => startedAt + (o.leadSeconds + o.spreadSeconds * share) * 1000 - Date.now();
  const timers: NodeJS.Timeout[] = [];
  const killed = o.killAt !== undefined && o.agents >= 2 ? agents[1]! : null;
  const paused = o.pauseAt !== undefined && o.agents >= 3 ? agents[2]! : null;
  // Stops an agent (SIGSTOP) at a moment it holds a lease, so there is something to take over:
  // frozen holding none, it is let go on (SIGCONT) and tried again a moment later.
  const stopHolding = async (child: ChildProcess, agent: string): Promise<void> => {
    for (let tries = 0; tries < 2_000 && !finished; tries++) {
      child.kill('SIGSTOP');
      const held = await probe.query<{ n: number }>(`SELECT count(*)::int AS n FROM watches WHERE lease_holder = $1 AND lease_until > now() AND final = 0`, [agent]);
      if (held.rows[0]!.n > 0) return;
      child.kill('SIGCONT');
      await new Promise((r) => setTimeout(r, 3 + Math.random() * 20));
    }
  };
  if (killed) {
    timers.push(
      setTimeout(() => {
        takeovers.push(
          stopHolding(killed.child, 'agent2').then(() => {
            const t = watchTakeover(probe, 'agent2', 'killed', () => finished);
            killed.child.kill('SIGKILL');
            log(`killed agent2 at ${((Date.now() - startedAt) / 1000).toFixed(0)} s`);
            return t;
          }),
        );
      }, at(o.killAt!)),
    );
  }
  if (paused) {
    timers.push(
      setTimeout(() => {
        takeovers.push(
          stopHolding(paused.child, 'agent3').then(() => {
            log(`paused agent3 at ${((Date.now() - startedAt) / 1000).toFixed(0)} s for ${o.pauseSeconds ?? 20} s`);
            timers.push(setTimeout(() => paused.child.kill('SIGCONT'), (o.pauseSeconds ?? 20) * 1000));
            return watchTakeover(probe, 'agent3', 'paused', () => finished);
          }),
        );
      }, at(o.pauseAt!)),
    );
  }
  const progress = setInterval(() => {
    log(`  ${((Date.now() - startedAt) / 1000).toFixed(0)} s: ${requestTimes.length} requests`);
  }, 30_000);
  const runs = await all;
  clearInterval(progress);
  for (const t of timers) clearTimeout(t);
  const done = await Promise.all(takeovers);
  await probe.end();
  const stats = world.stats()[sim.keys.card2crypto] ?? { requests: 0, rateLimited: 0, faults: 0 };
  await sim.close();
  rmSync(dataDir, { recursive: true, force: true });
  return {
    opts: o,
    ids,
    completeAt,
    firstAsked,
    requestTimes,
    rateLimited: stats.rateLimited,
    agents: runs,
    takeovers: done,
    killed: killed ? 'agent2' : null,
    paused: paused ? 'agent3' : null,
    startedAt,
    endedAt: Date.now(),
  };
}
