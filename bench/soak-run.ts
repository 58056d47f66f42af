/**
 * One soak run: the real Engine and a real SQLite store watching the soak workload in virtual
 * time against a simulator that fails often (5xx, cut bodies, dropped connections, slow answers,
 * a 429 storm), with a restart half-way that reopens the same data folder. Collects what the
 * checks need; soak-check.ts judges it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine, type EngineEvent } from '../src/core/monitor/engine.ts';
import { openStore, type PaymonStore } from '../src/core/store/index.ts';
import { mulberry32 } from '../src/simulator/random.ts';
import type { SimWorld } from '../src/simulator/world.ts';
import { collectGarbage } from './cost.ts';
import type { StatusReport } from './naive.ts';
import { scheduleArrivals } from './policies.ts';
import { createSimEnv, refOf } from './sim-env.ts';
import { createSoakNet, quiescent, type SoakNet } from './soak-net.ts';
import { planSoak, type SoakConfig } from './soak-workload.ts';
import type { Workload } from './workload.ts';

/** The faults of the run; phases are fractions of the window. */
export const SOAK_FAULTS = {
  /** 5% 5xx (4% JSON 500/503, 1% a proxy's HTML 502), 2% bodies cut in half, 1% dropped connections, 2% slow answers. */
  rates: { serverError: 0.04, htmlError: 0.01, malformedJson: 0.02, drop: 0.01, slow: 0.02, slowMs: 3_000 },
  /** The 429 storm: forced 429s, and the providers' limit cut from 60 to 5 a minute, for a twelfth of the window. */
  storm: { at: 1 / 4, forced: 10, limit: 5, length: 1 / 12 },
  /** A latency spike: 30% of answers take 8 s, for a eighteenth of the window. */
  spike: { at: 0.6, slow: 0.3, slowMs: 8_000, length: 1 / 18 },
  /** The app is closed and opened again (same data folder) here. */
  restartAt: 0.5,
} as const;

/** Heap in use after a full collection, every ten virtual minutes. */
export interface MemorySample {
  virtualMinute: number;
  heapMb: number;
}

/** Everything one run observed. */
export interface SoakRaw {
  workload: Workload;
  world: SimWorld;
  net: SoakNet;
  reports: StatusReport[];
  /** notify events per "key status". */
  notifies: Map<string, number>;
  notifiesBeforeRestart: number;
  /** Transitions into a final status the engine saw (from a known status): each deserves one notification. */
  seenFinalTransitions: Set<string>;
  errorsByKind: Map<string, number>;
  /** Final status per key in the store at the end. */
  storedStatus: Map<string, string | null>;
  /** Watches in the store, and in the restarted engine's scheduler, right after the restart. */
  reloaded: { stored: number; scheduled: number };
  memory: MemorySample[];
  unhandled: string[];
  wallSeconds: number;
}

const MB = 1024 * 1024;
const M = 60_000;

/** Called every virtual minute with the virtual minutes done (for a progress line). */
export type SoakProgress = (virtualMinutesDone: number) => void;

/** Runs the soak; never throws for what the engine does wrong, only for a broken harness. */
export async function runSoak(config: SoakConfig, onProgress?: SoakProgress): Promise<SoakRaw> {
  const started = performance.now();
  const unhandled: string[] = [];
  const onUnhandled = (err: unknown): void => void unhandled.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
  const workload = planSoak(config);
  const { clock, world } = createSimEnv(workload, workload.arrivals);
  world.setFaults(SOAK_FAULTS.rates);
  const net = createSoakNet(clock, world);
  const dir = mkdtempSync(join(tmpdir(), 'paymon-soak-'));
  const raw: SoakRaw = {
    workload, world, net, reports: [], notifies: new Map(), notifiesBeforeRestart: 0, seenFinalTransitions: new Set(),
    errorsByKind: new Map(), storedStatus: new Map(), reloaded: { stored: 0, scheduled: 0 }, memory: [], unhandled, wallSeconds: 0,
  };
  const onEvent = (e: EngineEvent): void => {
    if (e.type === 'status-changed') {
      raw.reports.push({ key: e.key, status: e.to, at: clock.now() });
      if (e.payment.final && e.from !== null) raw.seenFinalTransitions.add(`${e.key} ${e.to}`);
    } else if (e.type === 'notify') {
      raw.notifies.set(`${e.key} ${e.to}`, (raw.notifies.get(`${e.key} ${e.to}`) ?? 0) + 1);
    } else if (e.type === 'payment-error' || e.type === 'account-problem') {
      raw.errorsByKind.set(e.error.kind, (raw.errorsByKind.get(e.error.kind) ?? 0) + 1);
    }
  };
  // The running app: replaced wholesale by the restart.
  const live = {} as { store: PaymonStore; engine: Engine };
  const boot = async (seed: number): Promise<void> => {
    live.store = openStore(dir).store;
    live.engine = new Engine({ store: live.store, lookup: net.lookup, clock, random: mulberry32(seed) });
    live.engine.on(onEvent);
    await live.engine.start();
  };
  const settled = () => quiescent(net, () => live.engine.scheduler.whenIdle());
  /** Stops the engine and moves time on until its last requests (some sleeping) have answered. */
  const drain = async (): Promise<void> => {
    live.engine.stop();
    let idle = false;
    void live.engine.scheduler.whenIdle().then(() => (idle = true));
    while (!idle) await clock.advanceBy(1_000, settled);
  };

  const at = (fraction: number, fn: () => void) => clock.setTimer(fn, Math.round(fraction * config.windowMs));
  const { storm, spike } = SOAK_FAULTS;
  at(storm.at, () => {
    world.injectFaults('rate_limit', storm.forced);
    world.setRateLimit({ limit: storm.limit });
  });
  at(storm.at + storm.length, () => world.setRateLimit({ limit: workload.config.rateLimit.limit }));
  at(spike.at, () => world.setFaults({ slow: spike.slow, slowMs: spike.slowMs }));
  at(spike.at + spike.length, () => world.setFaults({ slow: SOAK_FAULTS.rates.slow, slowMs: SOAK_FAULTS.rates.slowMs }));
  const tick = (): void => {
    onProgress?.(Math.round((clock.now() - workload.start) / M));
    if (clock.now() < workload.end) clock.setTimer(tick, M);
  };
  if (onProgress) clock.setTimer(tick, M);
  let sampling = true;
  const sample = (): void => {
    if (!sampling) return;
    collectGarbage();
    raw.memory.push({ virtualMinute: Math.round((clock.now() - workload.start) / M), heapMb: process.memoryUsage().heapUsed / MB });
    clock.setTimer(sample, 10 * M);
  };

  try {
    await boot(config.seed);
    sample();
    scheduleArrivals(clock, workload.arrivals, (batch) => live.engine.add(batch.map(refOf)));
    await clock.advanceTo(workload.start + SOAK_FAULTS.restartAt * config.windowMs, settled);
    raw.notifiesBeforeRestart = [...raw.notifies.values()].reduce((a, b) => a + b, 0);
    await drain();
    live.store.close();
    await boot(config.seed + 1);
    raw.reloaded = { stored: live.store.listWatches().length, scheduled: live.engine.scheduler.size };
    await clock.advanceTo(workload.end, settled);
    sampling = false;
    await drain();
    for (const row of live.store.listWatches()) raw.storedStatus.set(row.key, row.status);
  } finally {
    live.store?.close();
    rmSync(dir, { recursive: true, force: true });
    // Anything left over would surface on the next turns of the event loop: give it the chance.
    await new Promise((resolve) => setTimeout(resolve, 50));
    process.off('unhandledRejection', onUnhandled);
    process.off('uncaughtException', onUnhandled);
  }
  raw.wallSeconds = (performance.now() - started) / 1000;
  return raw;
}
