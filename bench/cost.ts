/**
 * What watching many payments costs the machine (issue 4): an engine loaded with
 * 10,000 idle, non-final payments from its store, left running for a stretch of
 * virtual time. Reports the time start() takes to load them, CPU per virtual hour,
 * timers, and memory.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Engine } from '../src/core/monitor/engine.ts';
import type { Clock } from '../src/core/monitor/clock.ts';
import { openStore } from '../src/core/store/index.ts';
import { mulberry32, Rng } from '../src/simulator/random.ts';
import { createSimEnv, seedStore } from './sim-env.ts';
import { FULL_CONFIG, T0, type PlannedPayment, type Workload } from './workload.ts';

/** The cost figures, rounded for reading. */
export interface CostResult {
  payments: number;
  /** How long engine.start() took to load the watchlist from the store, wall ms. */
  startMs: number;
  virtualMinutes: number;
  /** Process CPU (user + system) while the engine ran, per virtual hour. */
  cpuMsPerVirtualHour: number;
  /** Checks the engine made meanwhile (payments that came due). */
  requests: number;
  /** Timers the engine set while start() loaded the watchlist, then while it ran, and those pending at the end. */
  timersSetLoading: number;
  timersSetRunning: number;
  timersPending: number;
  /** Heap in use with the engine loaded (after a full GC), and its growth over the empty process. */
  heapUsedMb: number;
  heapGrowthMb: number;
  /** Largest resident set size seen while the engine was loaded. */
  rssPeakMb: number;
}

const MB = 1024 * 1024;
const M = 60_000;
const H = 60 * M;

/** A full garbage collection when the runtime allows one, so heap figures are live objects only. */
export function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  gc?.();
}

/**
 * Old abandoned checkouts, half per provider, each checked by the monitor a minute or a few ago;
 * with `completedShare`, that share are instead Card2Crypto payments completed 0–60 days ago (a
 * long-lived watchlist: refund watch fading with age, the oldest archived out of the schedule).
 */
function idlePayments(count: number, seed: number, completedShare = 0): PlannedPayment[] {
  const rng = new Rng(seed ^ 0xc057);
  const completed = Math.round(count * completedShare);
  return Array.from({ length: count }, (_, i): PlannedPayment => {
    const n = String(i).padStart(8, '0');
    const lastCheckedAt = Math.round(T0 - M - rng.next() * 4 * M);
    if (i < completed) {
      const createdAt = Math.round(T0 - H - rng.next() * 60 * 24 * H);
      return { provider: 'card2crypto', id: `pay_done${n}`, createdAt, amount: 1000, lastCheckedAt, outcome: { complete: createdAt + M } };
    }
    const createdAt = Math.round(T0 - H - rng.next() * 47 * H);
    return i % 2 === 0
      ? { provider: 'card2crypto', id: `pay_idle${n}`, createdAt, amount: 1000, lastCheckedAt, outcome: 'pending' }
      : { provider: 'paycrypt', id: `00000000-0000-4000-8000-0000${n}`, createdAt, amount: 50, network: 'ethereum', lastCheckedAt, outcome: 'pending' };
  });
}

/** A clock that counts the timers set through it and those still pending. */
function countingClock(inner: Clock): { clock: Clock; created: () => number; pending: () => number } {
  let created = 0;
  let pending = 0;
  const clock: Clock = {
    now: () => inner.now(),
    setTimer(fn, delayMs) {
      created += 1;
      pending += 1;
      let live = true;
      const end = (): void => {
        if (live) pending -= 1;
        live = false;
      };
      const handle = inner.setTimer(() => {
        end();
        fn();
      }, delayMs);
      return {
        cancel: () => {
          end();
          handle.cancel();
        },
      };
    },
  };
  return { clock, created: () => created, pending: () => pending };
}

/** Loads `count` idle payments into an engine and runs it for `virtualMs` of virtual time. */
export async function measureCost(opts: { seed: number; count?: number; virtualMs?: number; completedShare?: number }): Promise<CostResult> {
  const count = opts.count ?? 10_000;
  const virtualMs = opts.virtualMs ?? 10 * M;
  const payments = idlePayments(count, opts.seed, opts.completedShare);
  const workload: Workload = { config: { ...FULL_CONFIG, seed: opts.seed }, start: T0, end: T0 + virtualMs, stale: payments, arrivals: [] };
  const env = createSimEnv(workload, payments);
  const dir = mkdtempSync(join(tmpdir(), 'paymon-bench-cost-'));
  const { store } = openStore(dir);
  try {
    await seedStore(env, store, payments);
    collectGarbage();
    const heapBefore = process.memoryUsage().heapUsed;
    const counting = countingClock(env.clock);
    const engine = new Engine({ store, lookup: env.lookup, clock: counting.clock, random: mulberry32(opts.seed) });
    const started = performance.now();
    await engine.start();
    const startMs = performance.now() - started;
    const setLoading = counting.created();
    collectGarbage();
    const loaded = process.memoryUsage();
    let rssPeak = loaded.rss;
    const cpu = process.cpuUsage();
    // One-minute steps, to sample the resident set size along the way.
    for (let t = 0; t < virtualMs; t += M) {
      await env.clock.advanceBy(Math.min(M, virtualMs - t), () => engine.scheduler.whenIdle());
      rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
    }
    const used = process.cpuUsage(cpu);
    const result: CostResult = {
      payments: engine.scheduler.size,
      startMs: Math.round(startMs),
      virtualMinutes: virtualMs / M,
      cpuMsPerVirtualHour: Math.round(((used.user + used.system) / 1000) * (H / virtualMs) * 10) / 10,
      requests: env.log.length,
      timersSetLoading: setLoading,
      timersSetRunning: counting.created() - setLoading,
      timersPending: counting.pending(),
      heapUsedMb: Math.round((loaded.heapUsed / MB) * 10) / 10,
      heapGrowthMb: Math.round(((loaded.heapUsed - heapBefore) / MB) * 10) / 10,
      rssPeakMb: Math.round(rssPeak / MB),
    };
    engine.stop();
    await engine.scheduler.whenIdle();
    return result;
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
