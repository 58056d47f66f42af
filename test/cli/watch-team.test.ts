/**
 * Issue 15's repro, fixed: two `paymon watch` processes on the same key and the same ten payments,
 * in team mode on one real PostgreSQL, send about as many requests together as one alone and draw
 * no 429s, because one agent polls each payment (leases) and the account has one budget. Each
 * agent still prints every status and claims every alert once in its own ledger.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from '../../src/simulator/server.ts';
import { SimWorld } from '../../src/simulator/world.ts';
import { pgMissingReason, startPostgres, type PgCluster } from '../helpers/postgres.ts';
import { runPaymon, type CliRun } from '../helpers/cli.ts';

const missing = pgMissingReason();
let cluster: PgCluster;
let n = 0;
const dirs: string[] = [];

/** A simulator whose clock starts at the first request, with ten payments completing over 2–11 s and a limit of 10 per 5 s. */
async function scenario() {
  const T0 = Date.now();
  let firstRequestAt: number | null = null;
  const world = new SimWorld({ now: () => (firstRequestAt === null ? T0 : T0 + Date.now() - firstRequestAt) });
  world.setRateLimit({ limit: 10, windowMs: 5_000, blockSeconds: 3, style: 'message' });
  const handle = world.handle.bind(world);
  world.handle = (req) => {
    firstRequestAt ??= Date.now();
    return handle(req);
  };
  const sim = await startSimulator({ world });
  const ids = Array.from({ length: 10 }, (_, i) => world.addCard2Crypto({ amount: 100 + i, createdAt: T0, outcome: { complete: T0 + 2_000 + 1_000 * i } }));
  const dir = mkdtempSync(join(tmpdir(), 'paymon-team-watch-'));
  dirs.push(dir);
  const env = {
    PAYMON_CARD2CRYPTO_URL: sim.card2cryptoUrl,
    PAYMON_PAYCRYPT_URL: sim.paycryptUrl,
    CARD2CRYPTO_API_KEY: sim.keys.card2crypto,
    PAYMON_DATA_DIR: dir,
  };
  const stats = () => world.stats()[sim.keys.card2crypto] ?? { requests: 0, rateLimited: 0, faults: 0 };
  return { sim, ids, env, stats };
}

function newDatabase(): string {
  const name = `watch_${++n}`;
  cluster.psql(`CREATE DATABASE ${name};`);
  return cluster.urlFor('paymon', cluster.password, name);
}

function completed(run: CliRun, id: string): boolean {
  return run.lines.some((l) => l['event'] === 'status' && (l['payment'] as { id: string; status: string }).id === id && (l['payment'] as { status: string }).status === 'completed');
}

describe.skipIf(missing !== null)(`paymon watch and check in team mode${missing ? ` (skipped: ${missing})` : ''}`, () => {
  beforeAll(async () => {
    cluster = await startPostgres();
  });
  afterAll(() => {
    cluster?.stop();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('two agents on one key and ten payments send about what one sends alone, with no 429', async () => {
    // One agent alone.
    const solo = await scenario();
    const soloUrl = newDatabase();
    const one = await runPaymon(['watch', '--json', '--timeout', '60', ...solo.ids], {
      env: { ...solo.env, PAYMON_DATABASE_URL: soloUrl, PAYMON_AGENT: 'ana' },
      timeoutMs: 70_000,
    }).finally(() => solo.sim.close());
    expect(one.code, one.stderr).toBe(0);
    const alone = solo.stats();

    // Two agents, same key, same ten payments, started together.
    const team = await scenario();
    const url = newDatabase();
    const runs = await Promise.all(
      ['ana', 'bo'].map((agent) =>
        runPaymon(['watch', '--json', '--timeout', '60', ...team.ids], { env: { ...team.env, PAYMON_DATABASE_URL: url, PAYMON_AGENT: agent }, timeoutMs: 70_000 }),
      ),
    ).finally(() => team.sim.close());
    const together = team.stats();
    console.log(`team watch: one agent ${alone.requests} requests (${alone.rateLimited} 429), two agents ${together.requests} requests (${together.rateLimited} 429)`);

    // Completions some check saw happen (pending before): every agent must be told of each. One whose
    // first answer was already final is news only if it completed after it was added (as alone).
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const seen = await client.query(`SELECT key FROM status_changes WHERE from_status = 'pending' AND to_status = 'completed'`);
    const mustAlert = seen.rows.map((r: { key: string }) => r.key).sort();
    expect(mustAlert.length).toBeGreaterThanOrEqual(3);
    const alertKeys: string[][] = [];
    for (const run of runs) {
      expect(run.code, run.stderr).toBe(0);
      for (const id of team.ids) expect(completed(run, id), `${id} printed completed`).toBe(true);
      const alerts = run.lines.filter((l) => l['event'] === 'alert');
      alertKeys.push(alerts.map((l) => l['key'] as string).sort());
      expect(alerts.every((l) => l['to'] === 'completed' && ['ana', 'bo'].includes(l['seenBy'] as string))).toBe(true);
      for (const key of mustAlert) expect(alerts.filter((l) => l['key'] === key), `${key} announced once`).toHaveLength(1);
    }
    // Whoever's request saw it, both agents were told of the same completions, each once.
    expect(alertKeys[0]).toEqual(alertKeys[1]);
    expect(new Set(alertKeys[0]).size).toBe(alertKeys[0]!.length);
    expect(alone.rateLimited).toBe(0);
    expect(together.rateLimited).toBe(0);
    expect(together.requests).toBeLessThanOrEqual(Math.ceil(alone.requests * 1.3) + 3);

    // The database: each payment once, who added it, both agents in each ledger, no key material.
    try {
      const watches = await client.query('SELECT added_by, final FROM watches');
      expect(watches.rows).toHaveLength(10);
      expect(watches.rows.every((r: { added_by: string; final: number }) => ['ana', 'bo'].includes(r.added_by) && r.final === 1)).toBe(true);
      const ledger = await client.query('SELECT agent, count(*)::int AS n FROM announcements GROUP BY agent ORDER BY agent');
      const n = alertKeys[0]!.length;
      expect(ledger.rows).toEqual([{ agent: 'ana', n }, { agent: 'bo', n }]);
      const dump = await client.query(`SELECT string_agg(t::text, ' ') AS all FROM (SELECT * FROM watches) t`);
      expect(String(dump.rows[0].all)).not.toContain(team.env.CARD2CRYPTO_API_KEY);
    } finally {
      await client.end();
    }
  }, 160_000);

  it("takes over a paused agent's payments once its leases expire, and the agent catches up when resumed", async () => {
    const team = await scenario();
    const url = newDatabase();
    let paused = false;
    let heldWhenPaused = -1;
    const probe = new pg.Client({ connectionString: url });
    probe.on('error', () => undefined);
    const bo = runPaymon(['watch', '--json', '--timeout', '90', ...team.ids], {
      env: { ...team.env, PAYMON_DATABASE_URL: url, PAYMON_AGENT: 'bo' },
      timeoutMs: 100_000,
      onStdout: (text, child) => {
        // Bo stops (SIGSTOP, a closed laptop) once he has printed a status: he holds leases by then.
        if (paused || !text.includes('"event":"status"')) return;
        paused = true;
        child.kill('SIGSTOP');
        void (async () => {
          await probe.connect();
          const held = await probe.query(`SELECT count(*)::int AS n FROM watches WHERE lease_holder = 'bo' AND lease_until > now()`);
          heldWhenPaused = held.rows[0].n as number;
        })();
        setTimeout(() => child.kill('SIGCONT'), 30_000).unref();
      },
    });
    const ana = await runPaymon(['watch', '--json', '--timeout', '80', ...team.ids], {
      env: { ...team.env, PAYMON_DATABASE_URL: url, PAYMON_AGENT: 'ana' },
      timeoutMs: 90_000,
    });
    expect(ana.code, ana.stderr).toBe(0);
    for (const id of team.ids) expect(completed(ana, id), `${id} printed completed by ana`).toBe(true);
    const boRun = await bo.finally(() => team.sim.close());
    await probe.end();
    expect(paused).toBe(true);
    expect(heldWhenPaused).toBeGreaterThanOrEqual(1);
    // Resumed, Bo drops what his stale leases would have written and prints every completion.
    expect(boRun.code, boRun.stderr).toBe(0);
    for (const id of team.ids) expect(completed(boRun, id), `${id} printed completed by bo`).toBe(true);
    expect(team.stats().rateLimited).toBe(0);
  }, 120_000);

  it('paymon check waits for the shared budget a teammate exhausted, and checks alone without the database', async () => {
    const sim = await startSimulator();
    let firstRequestAt: number | null = null;
    const handle = sim.world.handle.bind(sim.world);
    sim.world.handle = (req) => {
      firstRequestAt ??= Date.now();
      return handle(req);
    };
    const ids = [sim.world.addCard2Crypto({ amount: 100, outcome: 'pending' }), sim.world.addCard2Crypto({ amount: 200, outcome: 'pending' })];
    const env = { PAYMON_CARD2CRYPTO_URL: sim.card2cryptoUrl, CARD2CRYPTO_API_KEY: sim.keys.card2crypto, PAYMON_DATA_DIR: tmpdir() };
    try {
      const url = newDatabase();
      // Create the schema, then block the account for 2 s as a teammate's 429 would.
      expect((await runPaymon(['check', '--json', ids[0]!], { env: { ...env, PAYMON_DATABASE_URL: url } })).code).toBe(0);
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`UPDATE budgets SET blocked_until = now() + interval '2 seconds'`);
      const blockedAt = Date.now();
      firstRequestAt = null;
      const run = await runPaymon(['check', '--json', ...ids], { env: { ...env, PAYMON_DATABASE_URL: url } });
      expect(run.code, run.stderr).toBe(0);
      expect(firstRequestAt! - blockedAt).toBeGreaterThanOrEqual(1_900);
      const rows = await client.query('SELECT account_id FROM budgets');
      await client.end();
      expect(rows.rows).toEqual([{ account_id: 'card2crypto:env' }]);

      const alone = await runPaymon(['check', '--json', ids[0]!], { env: { ...env, PAYMON_DATABASE_URL: 'postgres://x:y@127.0.0.1:1/paymon' } });
      expect(alone.code).toBe(0);
      expect(alone.stderr).toMatch(/checking without the team's shared budget: .*unreachable/);
    } finally {
      await sim.close();
    }
  });

  it('queues payments added while the database is unreachable and adds them when it is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paymon-team-queue-'));
    dirs.push(dir);
    const env = { CARD2CRYPTO_API_KEY: 'c2c_test_x', PAYMON_DATA_DIR: dir, PAYMON_AGENT: 'ana' };
    const down = await runPaymon(['watch', '--json', 'pay_queued1', 'pay_queued2'], { env: { ...env, PAYMON_DATABASE_URL: 'postgres://paymon:pw@127.0.0.1:1/paymon' } });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/unreachable/);
    expect(down.stderr).toMatch(/2 payment\(s\) were queued in .*team-queue\.jsonl/);

    const url = newDatabase();
    const sim = await startSimulator();
    const id = sim.world.addCard2Crypto({ amount: 100, createdAt: Date.now() - 5_000, outcome: { complete: Date.now() - 1_000 } });
    const up = await runPaymon(['watch', '--timeout', '30', id], {
      env: { ...env, PAYMON_DATABASE_URL: url, PAYMON_CARD2CRYPTO_URL: sim.card2cryptoUrl, CARD2CRYPTO_API_KEY: sim.keys.card2crypto },
    }).finally(() => sim.close());
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).toMatch(/added 2 payment\(s\) queued/);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = await client.query('SELECT value, added_by FROM watches ORDER BY value');
    await client.end();
    expect(rows.rows).toEqual([
      { value: id, added_by: 'ana' },
      { value: 'pay_queued1', added_by: 'ana' },
      { value: 'pay_queued2', added_by: 'ana' },
    ]);
  });

  it('says plainly when the team database refuses the credentials, and exits 1', async () => {
    const run = await runPaymon(['watch', '--json', 'pay_abc12345'], {
      env: { PAYMON_DATABASE_URL: cluster.urlFor('paymon', 'wrong-password-123'), CARD2CRYPTO_API_KEY: 'c2c_test_x', PAYMON_DATA_DIR: tmpdir() },
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/user name or password .* was refused/);
    expect(run.stderr).not.toContain('wrong-password-123');
  });
});
