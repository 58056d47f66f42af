/**
 * Runs one policy over the workload in virtual time: the naive round-robin, or the
 * real Engine with a real SQLite store in a temporary folder. Both start with the
 * stale payments watched and learn of each new payment at its creation time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../src/core/monitor/engine.ts';
import type { VirtualClock } from '../src/core/monitor/virtual-clock.ts';
import type { PolicyOptions } from '../src/core/monitor/policy.ts';
import { openStore } from '../src/core/store/index.ts';
import { mulberry32 } from '../src/simulator/random.ts';
import { detections, policyResult, type Detection, type PolicyResult } from './metrics.ts';
import type { BudgetOptions } from '../src/core/monitor/budget.ts';
import type { RequestLimiter } from './aws-limiter.ts';
import type { LimitGate } from './limits.ts';
import { NaiveMonitor, type StatusReport } from './naive.ts';
import { createSimEnv, refOf, seedStore, type SimEnv } from './sim-env.ts';
import type { PlannedPayment, Workload } from './workload.ts';

/** What one policy did. */
export interface PolicyRun {
  result: PolicyResult;
  detections: Detection[];
  env: SimEnv;
}

/** A scenario's surroundings: the provider's limit in front of the simulator, the user's budget. */
export interface ScenarioOptions {
  gate?: () => LimitGate;
  budget?: BudgetOptions;
}

/** The policies the benchmark compares. */
export type PolicyName = 'naive' | 'adaptive';

/** Calls `add` for each arrival at its creation time, one timer at a time. */
export function scheduleArrivals(clock: VirtualClock, arrivals: readonly PlannedPayment[], add: (batch: PlannedPayment[]) => void): void {
  let next = 0;
  const arm = (): void => {
    const first = arrivals[next];
    if (!first) return;
    clock.setTimer(() => {
      const batch: PlannedPayment[] = [];
      for (let p = arrivals[next]; p && p.createdAt <= clock.now(); p = arrivals[++next]) batch.push(p);
      add(batch);
      arm();
    }, first.createdAt - clock.now());
  };
  arm();
}

function finish(workload: Workload, env: SimEnv, reports: StatusReport[]): PolicyRun {
  const all = [...workload.stale, ...workload.arrivals];
  const found = detections(workload, env.world, all, reports);
  return { result: policyResult(found, workload.end, env.world, env.log), detections: found, env };
}

/** The naive baseline over the workload (fed through `limiter`, e.g. the AWS-style one, if given). */
export async function runNaive(workload: Workload, opts: ScenarioOptions & { limiter?: (now: number) => RequestLimiter } = {}): Promise<PolicyRun> {
  const env = createSimEnv(workload, [...workload.stale, ...workload.arrivals], opts.gate ? { gate: opts.gate() } : {});
  const reports: StatusReport[] = [];
  const naive = new NaiveMonitor({
    clock: env.clock,
    lookup: env.lookup,
    onStatus: (r) => reports.push(r),
    ...(opts.budget ? { budget: opts.budget } : {}),
    ...(opts.limiter ? { limiter: opts.limiter } : {}),
  });
  // What the earlier session knew: every stale payment was last seen pending.
  for (const p of workload.stale) naive.add(refOf(p), 'pending');
  naive.start();
  scheduleArrivals(env.clock, workload.arrivals, (batch) => batch.forEach((p) => naive.add(refOf(p))));
  await env.clock.advanceTo(workload.end, () => naive.whenIdle());
  naive.stop();
  return finish(workload, env, reports);
}

/** How to run the engine: its default policy unless tuning says otherwise; `onEngine` may inspect it. */
export interface AdaptiveOptions extends ScenarioOptions {
  policy?: PolicyOptions;
  onEngine?: (engine: Engine, env: SimEnv) => void;
}

/** The real engine over the workload, with the stale payments in its store from an earlier session. */
export async function runAdaptive(workload: Workload, opts: AdaptiveOptions = {}): Promise<PolicyRun> {
  const env = createSimEnv(workload, [...workload.stale, ...workload.arrivals], opts.gate ? { gate: opts.gate() } : {});
  const dir = mkdtempSync(join(tmpdir(), 'paymon-bench-'));
  const { store } = openStore(dir);
  try {
    await seedStore(env, store, workload.stale);
    const engine = new Engine({
      store,
      lookup: env.lookup,
      clock: env.clock,
      random: mulberry32(workload.config.seed ^ 0x5eed),
      ...(opts.policy ? { policy: opts.policy } : {}),
      ...(opts.budget ? { budgetFor: () => opts.budget ?? {} } : {}),
    });
    const reports: StatusReport[] = [];
    engine.on((e) => {
      if (e.type === 'status-changed') reports.push({ key: e.key, status: e.to, at: env.clock.now() });
    });
    opts.onEngine?.(engine, env);
    await engine.start();
    scheduleArrivals(env.clock, workload.arrivals, (batch) => engine.add(batch.map(refOf)));
    await env.clock.advanceTo(workload.end, () => engine.scheduler.whenIdle());
    engine.stop();
    await engine.scheduler.whenIdle();
    return finish(workload, env, reports);
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
