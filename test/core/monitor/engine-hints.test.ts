/**
 * Hints through the engine (issue 15, webhooks as hints): a hint another connection records (as
 * `paymon ingest` does) is taken within a poll and checked by GET at once; a hint that arrives while
 * that payment's request is out is checked again after it, and the app adopts a payment another
 * process added. Real loopback HTTP, real SQLite, real time (the hint poll is real time).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, type EngineEvent } from '../../../src/core/monitor/engine.ts';
import { PaymentLookup } from '../../../src/core/lookup.ts';
import { MemoryStore } from '../../../src/core/secrets/memory-store.ts';
import { openStore, type PaymonStore } from '../../../src/core/store/index.ts';
import { parsePaymentId, refKey } from '../../../src/shared/refs.ts';
import { startSimulator, type SimulatorHandle } from '../../../src/simulator/server.ts';
import { SimWorld } from '../../../src/simulator/world.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

interface HintRig {
  world: SimWorld;
  engine: Engine;
  store: PaymonStore;
  /** A second connection, as `paymon ingest` is. */
  ingest: PaymonStore;
  events: EngineEvent[];
  requests: Map<string, number>;
  /** While set, answers wait for it before the engine sees them. */
  hold: Promise<void> | null;
  ahead: number;
}

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function startHintRig(opts: { loadWatchlist: boolean }): Promise<HintRig> {
  const rig = { events: [], requests: new Map(), hold: null, ahead: 0 } as unknown as HintRig;
  rig.world = new SimWorld({ now: () => Date.now() + rig.ahead });
  const handle = rig.world.handle.bind(rig.world);
  rig.world.handle = (req) => {
    const id = /pay_[A-Za-z0-9]+/.exec(req.path)?.[0];
    if (id) rig.requests.set(id, (rig.requests.get(id) ?? 0) + 1);
    return handle(req);
  };
  const sim: SimulatorHandle = await startSimulator({ world: rig.world });
  const dir = mkdtempSync(join(tmpdir(), 'paymon-hints-'));
  rig.store = openStore(dir).store;
  rig.ingest = openStore(dir).store;
  const env = { PAYMON_CARD2CRYPTO_URL: sim.card2cryptoUrl, CARD2CRYPTO_API_KEY: sim.keys.card2crypto };
  const fetch: typeof globalThis.fetch = async (...args) => {
    const res = await globalThis.fetch(...args);
    const body = await res.text();
    if (rig.hold) await rig.hold;
    return new Response(body, { status: res.status, headers: res.headers });
  };
  rig.engine = new Engine({ store: rig.store, lookup: new PaymentLookup({ env, secrets: new MemoryStore(), fetch }), hints: rig.store.hints });
  rig.engine.on((e) => rig.events.push(e));
  await rig.engine.start({ loadWatchlist: opts.loadWatchlist });
  cleanup.push(async () => {
    rig.engine.stop();
    await rig.engine.scheduler.whenIdle();
    rig.store.close();
    rig.ingest.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return rig;
}

async function until(what: string, test: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const statuses = (rig: HintRig, key: string): string[] =>
  rig.events.flatMap((e) => (e.type === 'status-changed' && e.key === key ? [e.to] : []));

describe('engine hints', () => {
  it('a hint that arrives while the payment is being checked makes a second check after it', async () => {
    const rig = await startHintRig({ loadWatchlist: true });
    const id = rig.world.addCard2Crypto({ amount: 2500, createdAt: Date.now() - DAY, outcome: { complete: Date.now() + HOUR } });
    const key = refKey(parsePaymentId(id));
    let release!: () => void;
    rig.hold = new Promise((resolve) => (release = resolve));
    rig.engine.add([parsePaymentId(id)]);
    await until('the first request', () => rig.requests.get(id) === 1);
    // The answer ("pending") is on its way when the payment completes and the webhook's hint lands.
    rig.ahead = 2 * HOUR;
    expect(rig.ingest.hints.add([key], new Date().toISOString())).toEqual([key]);
    await until('the hint taken', () => rig.events.some((e) => e.type === 'hinted'));
    rig.hold = null;
    release();
    await until('the verified completion', () => statuses(rig, key).includes('completed'));
    expect(statuses(rig, key)).toEqual(['pending', 'completed']);
    expect(rig.requests.get(id)).toBe(2);
    expect(rig.store.hints.pending()).toBe(0);
  });

  it('the app adopts a payment another process added with its hint, and checks it at once', async () => {
    const rig = await startHintRig({ loadWatchlist: true });
    const id = rig.world.addCard2Crypto({ amount: 100, createdAt: Date.now() - DAY, outcome: 'pending' });
    const key = refKey(parsePaymentId(id));
    rig.ingest.transaction(() => {
      rig.ingest.addWatch(parsePaymentId(id));
      rig.ingest.hints.add([key], new Date().toISOString());
    });
    await until('the check', () => statuses(rig, key).includes('pending'));
    expect(rig.events.some((e) => e.type === 'watch-changed' && e.keys.includes(key))).toBe(true);
    expect(rig.engine.scheduler.get(key)?.status).toBe('pending');
    expect(rig.requests.get(id)).toBe(1);
  });

  it('a watch that follows only its own payments leaves other hints for the app', async () => {
    const rig = await startHintRig({ loadWatchlist: false });
    const mine = rig.world.addCard2Crypto({ amount: 100, createdAt: Date.now() - DAY, outcome: 'pending' });
    const other = rig.world.addCard2Crypto({ amount: 100, createdAt: Date.now() - DAY, outcome: 'pending' });
    rig.engine.add([parsePaymentId(mine)]);
    await until('the first check', () => rig.requests.get(mine) === 1);
    const [mineKey, otherKey] = [mine, other].map((id) => refKey(parsePaymentId(id)));
    rig.ingest.addWatch(parsePaymentId(other));
    rig.ingest.hints.add([mineKey!, otherKey!], new Date().toISOString());
    await until('the hinted check', () => rig.requests.get(mine) === 2);
    expect(rig.requests.get(other)).toBeUndefined();
    expect(rig.store.hints.take(() => true).map((h) => h.key)).toEqual([otherKey]);
  });
});
