/**
 * The whole monitor benchmark as one function: the cost measurement, then both
 * policies on the same workload and budget, then the targets. The CLI
 * (monitor.bench.ts) prints it; the test runs a short version of it.
 */
import { measureCost, type CostResult } from './cost.ts';
import type { PolicyResult } from './metrics.ts';
import { runAdaptive, runNaive, type AdaptiveOptions, type PolicyName, type PolicyRun } from './policies.ts';
import { runScenarios, scenarioConfig, type ScenarioResult } from './scenarios.ts';
import { planWorkload, type BenchConfig, type Workload } from './workload.ts';

/** The targets and whether the adaptive engine meets them. */
export interface Targets {
  /** Adaptive mean delay divided by naive's. */
  meanRatio: number;
  /** Required: adaptive mean delay at most a fifth of naive's. */
  meanAtMostFifth: boolean;
  /** The aim: at most a tenth. */
  meanAtMostTenth: boolean;
  /** Required: no more requests than naive. */
  requestsNotAboveNaive: boolean;
  /** Required: no 429 answers. */
  zeroRateLimited: boolean;
  /** All required targets met. */
  met: boolean;
}

/** What `npm run bench -- --json` prints. */
export interface BenchResult {
  seed: number;
  config: { windowMinutes: number; arrivalsPerProvider: number; stalePerProvider: number; rateLimit: BenchConfig['rateLimit'] };
  /** How a change missed by the end of the window is counted. */
  undetectedRule: string;
  naive: PolicyResult;
  adaptive: PolicyResult;
  targets: Targets;
  cost: CostResult;
  /** Issue 11: the workload's distributions and arrival rate under limits of other shapes (absent with --no-scenarios). */
  scenarios?: { windowMinutes: number; arrivalsPerProvider: number; stalePerProvider: number; results: ScenarioResult[] };
  wallSeconds: number;
}

/** The result plus the runs behind it (for tests and tuning). */
export interface BenchRun {
  result: BenchResult;
  workload: Workload;
  runs: Record<PolicyName, PolicyRun>;
}

/** Sizes of the cost measurement. */
export interface CostOptions {
  payments?: number;
  virtualMs?: number;
  /** Share of the payments completed days ago (refund watch, archive). */
  completedShare?: number;
}

/** Checks the targets. */
export function targetsOf(naive: PolicyResult, adaptive: PolicyResult): Targets {
  const meanRatio = naive.meanDetectionSeconds > 0 ? adaptive.meanDetectionSeconds / naive.meanDetectionSeconds : 0;
  const meanAtMostFifth = adaptive.meanDetectionSeconds <= naive.meanDetectionSeconds / 5;
  const requestsNotAboveNaive = adaptive.requests <= naive.requests;
  const zeroRateLimited = adaptive.rateLimited === 0;
  return {
    meanRatio: Math.round(meanRatio * 1000) / 1000,
    meanAtMostFifth,
    meanAtMostTenth: adaptive.meanDetectionSeconds <= naive.meanDetectionSeconds / 10,
    requestsNotAboveNaive,
    zeroRateLimited,
    met: meanAtMostFifth && requestsNotAboveNaive && zeroRateLimited,
  };
}

/** Sizes of the scenario runs: their window (0: none). */
export interface ScenarioOptions {
  windowMs: number;
  onProgress?: (line: string) => void;
  /** Only these scenarios (by name); all when absent or empty. */
  only?: readonly string[];
}

/** Runs the benchmark: cost first (on a quiet heap), then naive, then adaptive, then the scenarios. */
export async function runBench(
  config: BenchConfig,
  opts: { cost?: CostOptions; adaptive?: AdaptiveOptions; scenarios?: ScenarioOptions } = {},
): Promise<BenchRun> {
  const started = performance.now();
  const cost = await measureCost({
    seed: config.seed,
    ...(opts.cost?.payments !== undefined ? { count: opts.cost.payments } : {}),
    ...(opts.cost?.virtualMs !== undefined ? { virtualMs: opts.cost.virtualMs } : {}),
    ...(opts.cost?.completedShare !== undefined ? { completedShare: opts.cost.completedShare } : {}),
  });
  const workload = planWorkload(config);
  const naive = await runNaive(workload);
  const adaptive = await runAdaptive(workload, opts.adaptive);
  const sc = opts.scenarios && opts.scenarios.windowMs > 0 ? scenarioConfig(config, opts.scenarios.windowMs) : null;
  const scenarios = sc
    ? {
        windowMinutes: sc.windowMs / 60_000,
        arrivalsPerProvider: sc.arrivalsPerProvider,
        stalePerProvider: sc.stalePerProvider,
        results: await runScenarios(sc, opts.scenarios?.onProgress, opts.scenarios?.only),
      }
    : undefined;
  const result: BenchResult = {
    seed: config.seed,
    config: {
      windowMinutes: config.windowMs / 60_000,
      arrivalsPerProvider: config.arrivalsPerProvider,
      stalePerProvider: config.stalePerProvider,
      rateLimit: config.rateLimit,
    },
    undetectedRule: 'a status change not reported by the end of the window counts with delay = window end - change time',
    naive: naive.result,
    adaptive: adaptive.result,
    targets: targetsOf(naive.result, adaptive.result),
    cost,
    ...(scenarios ? { scenarios } : {}),
    wallSeconds: Math.round((performance.now() - started) / 100) / 10,
  };
  return { result, workload, runs: { naive, adaptive } };
}
