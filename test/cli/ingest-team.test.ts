/**
 * Webhooks as hints in team mode, end to end over real processes (issue 15): two `paymon watch`
 * agents on one throwaway PostgreSQL and the loopback simulator, a webhook body piped into
 * `paymon ingest` with PAYMON_DATABASE_URL; one agent checks by GET at once and both show the
 * provider's answer. A forged body changes nothing the provider does not confirm.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../src/simulator/server.ts';
import { SimWorld } from '../../src/simulator/world.ts';
import { runPaymon } from '../helpers/cli.ts';
import { card2cryptoBody, isStatus, LiveWatch, statusOf } from '../helpers/live-watch.ts';
import { pgMissingReason, startPostgres, type PgCluster } from '../helpers/postgres.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

const missing = pgMissingReason();
let cluster: PgCluster;
let sim: SimulatorHandle;
let world: SimWorld;
/** The provider's clock runs ahead of ours by this much: a test moves time at the provider. */
let ahead = 0;
const requests = new Map<string, number>();
const dirs: string[] = [];
let n = 0;

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'paymon-ingest-team-'));
  dirs.push(dir);
  return dir;
}

function newDatabase(): string {
  const name = `ingest_${++n}`;
  cluster.psql(`CREATE DATABASE ${name};`);
  return cluster.urlFor('paymon', cluster.password, name);
}

function envFor(url: string, agent: string): Record<string, string> {
  return {
    PAYMON_CARD2CRYPTO_URL: sim.card2cryptoUrl,
    CARD2CRYPTO_API_KEY: sim.keys.card2crypto,
    PAYMON_DATA_DIR: tempDir(),
    PAYMON_DATABASE_URL: url,
    PAYMON_AGENT: agent,
  };
}

/** A long-running `paymon watch --json` agent, its JSON lines each with when it arrived. */
async function sql<R>(url: string, text: string, values: unknown[] = []): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as R[];
  } finally {
    await client.end();
  }
}

/** Two agents following `id`, once each has printed its first status (pending). */
async function twoAgents(url: string, id: string): Promise<LiveWatch[]> {
  const agents = ['ana', 'bo'].map((agent) => new LiveWatch(envFor(url, agent), ['--timeout', '60', id]));
  for (const agent of agents) await agent.waitFor(isStatus(id, 'pending'), 20_000);
  return agents;
}

describe.skipIf(missing !== null)(`paymon ingest in team mode${missing ? ` (skipped: ${missing})` : ''}`, () => {
  beforeAll(async () => {
    cluster = await startPostgres();
    world = new SimWorld({ now: () => Date.now() + ahead });
    const handle = world.handle.bind(world);
    world.handle = (req) => {
      const id = /pay_[A-Za-z0-9]+/.exec(req.path)?.[0];
      if (id) requests.set(id, (requests.get(id) ?? 0) + 1);
      return handle(req);
    };
    sim = await startSimulator({ world });
  });
  afterAll(async () => {
    await sim?.close();
    cluster?.stop();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('a webhook makes one agent check at once, and both agents show the verified final status', async () => {
    const url = newDatabase();
    const t0 = Date.now();
    // A day old at its first check: its next regular check is hours away.
    const id = world.addCard2Crypto({ amount: 2500, createdAt: t0 - DAY, outcome: { complete: t0 + HOUR } });
    const key = `card2crypto:payment:${id}`;
    const agents = await twoAgents(url, id);
    try {
      const before = requests.get(id)!;
      expect(before).toBe(1);
      const [due] = await sql<{ ms: number }>(url, 'SELECT (extract(epoch FROM due_at - now()) * 1000)::float8 AS ms FROM watches WHERE key = $1', [key]);
      expect(due!.ms).toBeGreaterThan(10 * 60_000);

      // The payment completes at the provider; the merchant's server receives the webhook.
      ahead = 2 * HOUR;
      const ingest = await runPaymon(['ingest', '--json'], { env: envFor(url, 'shop'), stdin: card2cryptoBody(id, 'completed') });
      const ingestedAt = Date.now();
      expect(ingest.code, ingest.stderr).toBe(0);
      expect(ingest.lines).toEqual([{ event: 'hinted', at: expect.any(String), hinted: [{ provider: 'card2crypto', id, key, added: false }], held: [] }]);
      const latencies: number[] = [];
      for (const agent of agents) {
        const done = await agent.waitFor(isStatus(id, 'completed'), 10_000);
        latencies.push(done.at - ingestedAt);
      }
      console.log(`team ingest exit -> verified final status shown by ana: ${latencies[0]} ms, by bo: ${latencies[1]} ms`);
      for (const latency of latencies) expect(latency).toBeLessThan(2_000);
      for (const agent of agents) {
        expect(await agent.exited, agent.stderr).toBe(0);
        expect(agent.lines.some((l) => l.line['event'] === 'hint')).toBe(true);
        // Each agent is told of the completion once, whoever's request saw it.
        expect(agent.lines.filter((l) => l.line['event'] === 'alert').map((l) => l.line['to'])).toEqual(['completed']);
      }
      // Exactly one extra request: one agent checked for the hint, the other read its answer.
      expect(requests.get(id)).toBe(before + 1);
      const changes = await sql<{ from_status: string | null; to_status: string; seen_by: string }>(
        url, 'SELECT from_status, to_status, seen_by FROM status_changes WHERE key = $1 ORDER BY id', [key],
      );
      expect(changes.map((c) => [c.from_status, c.to_status])).toEqual([[null, 'pending'], ['pending', 'completed']]);
      expect(['ana', 'bo']).toContain(changes[1]!.seen_by);
      expect(await sql(url, 'SELECT hinted_at FROM watches WHERE key = $1', [key])).toEqual([{ hinted_at: null }]);
    } finally {
      for (const agent of agents) agent.kill();
      ahead = 0;
    }
  }, 60_000);

  it('a forged body (completed while the provider says pending) changes nothing and raises no alert on either agent', async () => {
    const url = newDatabase();
    const id = world.addCard2Crypto({ amount: 2500, createdAt: Date.now() - DAY, outcome: 'pending' });
    const key = `card2crypto:payment:${id}`;
    const agents = await twoAgents(url, id);
    try {
      const before = requests.get(id)!;
      const ingest = await runPaymon(['ingest'], { env: envFor(url, 'shop'), stdin: card2cryptoBody(id, 'completed') });
      const ingestedAt = Date.now();
      expect(ingest.code, ingest.stderr).toBe(0);
      expect(ingest.stdout).toContain(`hinted Card2Crypto ${id}`);
      for (const agent of agents) await agent.waitFor((l) => l['event'] === 'hint', 10_000);
      // The hint's check happened: one more request, answered "pending", recorded by one agent.
      for (let i = 0; i < 200 && requests.get(id) !== before + 1; i++) await new Promise((r) => setTimeout(r, 25));
      expect(requests.get(id)).toBe(before + 1);
      const checked = async (): Promise<boolean> =>
        (await sql<{ n: number }>(url, `SELECT count(*)::int AS n FROM changes WHERE key = $1 AND what = 'checked' AND id > (SELECT max(id) FROM changes WHERE key = $1 AND what = 'hint')`, [key]))[0]!.n > 0;
      for (let i = 0; i < 200 && !(await checked()); i++) await new Promise((r) => setTimeout(r, 25));
      expect(await checked()).toBe(true);
      console.log(`team ingest exit -> forged hint's check recorded: ${Date.now() - ingestedAt} ms (upper bound)`);
      // Both agents read that answer (the change feed): give them a moment to print anything they would.
      await new Promise((r) => setTimeout(r, 1_500));
      for (const agent of agents) {
        agent.kill();
        await agent.exited;
        expect(agent.lines.filter((l) => l.line['event'] === 'status').map((l) => statusOf(l.line))).toEqual(['pending']);
        expect(agent.lines.filter((l) => l.line['event'] === 'alert')).toEqual([]);
      }
      expect(await sql(url, 'SELECT status, final FROM watches WHERE key = $1', [key])).toEqual([{ status: 'pending', final: 0 }]);
      expect((await sql<{ to_status: string }>(url, 'SELECT to_status FROM status_changes WHERE key = $1', [key])).map((r) => r.to_status)).toEqual(['pending']);
      expect(await sql(url, 'SELECT agent FROM announcements WHERE key = $1', [key])).toEqual([]);
    } finally {
      for (const agent of agents) agent.kill();
    }
  }, 60_000);

  it("adds a payment the team does not watch under the ingesting agent's name, due now; queues it when the database is unreachable", async () => {
    const url = newDatabase();
    const id = world.addCard2Crypto({ amount: 100, outcome: 'pending' });
    const run = await runPaymon(['ingest'], { env: envFor(url, 'shop'), stdin: `payment_id=${id}&status=completed` });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('(added to the watchlist)');
    const rows = await sql<{ added_by: string; status: string | null; due: boolean; hinted: boolean }>(
      url, 'SELECT added_by, status, due_at <= now() AS due, hinted_at IS NOT NULL AS hinted FROM watches WHERE value = $1', [id],
    );
    expect(rows).toEqual([{ added_by: 'shop', status: null, due: true, hinted: true }]);
    // Nothing was asked of the provider: ingest makes no request.
    expect(requests.get(id)).toBeUndefined();

    const env = envFor('postgres://paymon:pw@127.0.0.1:1/paymon', 'shop');
    const down = await runPaymon(['ingest', '--json'], { env, stdin: card2cryptoBody(id, 'completed') });
    expect(down.code).toBe(1);
    expect(down.stdout).toBe('');
    expect(down.stderr).toMatch(/unreachable/);
    expect(down.stderr).toMatch(/1 payment\(s\) were queued in .*team-queue\.jsonl/);
  });
});
