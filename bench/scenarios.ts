/**
 * The scenarios of issue 11: the same workload under provider limits of different shapes, each
 * run by three policies (the engine, the naive round-robin, and the round-robin fed through an
 * AWS-style adaptive limiter), with the bound any policy could reach (bound.ts) beside them.
 * The limits are enforced by the bench's virtual provider (limits.ts); every policy starts with
 * the same user budget (120 requests a minute, the highest rate any scenario allows): the naive
 * poller keeps to it evenly (fixed-limiter.ts), the AWS-style limiter starts from it.
 */
import { blockTimeMs, DEFAULT_POLICY, requiredConfirmations, stalenessBoundMs, type PolicyOptions, type WatchState } from '../src/core/monitor/policy.ts';
import type { Provider } from '../src/shared/payment.ts';
import { AwsAdaptiveLimiter } from './aws-limiter.ts';
import { FixedRateLimiter } from './fixed-limiter.ts';
import { BoundTable } from './bound.ts';
import { allowedRequests, LimitGate, scenarioShapes, type LimitShape } from './limits.ts';
import { percentile } from './metrics.ts';
import type { Detection } from './metrics.ts';
import { runAdaptive, runNaive, type PolicyRun } from './policies.ts';
import { keyOf, type LoggedRequest } from './sim-env.ts';
import { DISTRIBUTIONS, planWorkload, type BenchConfig, type PlannedPayment, type Workload } from './workload.ts';

/** The policies each scenario runs. */
export const SCENARIO_POLICIES = ['adaptive', 'naive', 'aws'] as const;
export type ScenarioPolicy = (typeof SCENARIO_POLICIES)[number];

/** The user budget every policy starts from in the scenarios. */
export const SCENARIO_BUDGET = { perMinute: 120 };

/** One policy's figures in one scenario. */
export interface ScenarioPolicyResult {
  changes: number;
  undetected: number;
  meanDetectionSeconds: number;
  p95DetectionSeconds: number;
  maxDetectionSeconds: number;
  /** Longest time any payment went unchecked while not known final (watched from its creation, or the start). */
  longestUncheckedSeconds: number;
  /** The same over the payments created in the window (the stale ones have staleness bounds of hours). */
  longestUncheckedNewSeconds: number;
  /** Gaps between checks longer than the payment's staleness bound (policy.ts), with a 10 s grace. */
  overStalenessBound: number;
  requests: number;
  rateLimited: number;
  rateLimitedAfterFirstMinute: number;
  /** 429s after the first minute, as a percentage of the requests sent after it. */
  rateLimitedPercentAfterFirstMinute: number;
}

/** One scenario: its limit, the bound, the three policies, and the targets. */
export interface ScenarioResult {
  name: string;
  label: string;
  limit: { limit: number; windowMs: number; change: LimitShape['change'] | null };
  /** Requests the limit allows per account over the window. */
  allowedPerAccount: number;
  bound: { meanDetectionSeconds: number; lambdaSeconds: Record<Provider, number> };
  policies: Record<ScenarioPolicy, ScenarioPolicyResult>;
  /** Adaptive mean delay over the bound's (null when the bound is 0). */
  adaptiveOverBound: number | null;
  targets: {
    withinOneAndHalfBound: boolean;
    rateLimitedAtMostOnePercent: boolean;
    noneOverStalenessBound: boolean;
    beatsBaselines: boolean;
  };
}

const S = 1000;
const GRACE_MS = 10 * S;
const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

/** The scenario workload: the fixed workload's distributions and arrival rate over a shorter window. */
export function scenarioConfig(base: BenchConfig, windowMs: number): BenchConfig {
  const scale = windowMs / base.windowMs;
  return {
    ...base,
    windowMs,
    arrivalsPerProvider: Math.round(base.arrivalsPerProvider * scale),
    stalePerProvider: Math.round(base.stalePerProvider * Math.max(scale, 0.25)),
  };
}

/**
 * The policy whose staleness bounds the scenarios hold every policy to: the engine's once it has
 * learned the workload's chains (issue 11, follow-up: it learns them from answers; the workload's
 * deposits use the simulator's network defaults, which the policy's prior table matches).
 */
const BOUND_POLICY: PolicyOptions = {
  ...DEFAULT_POLICY,
  chains: { facts: (network) => ({ blockMs: blockTimeMs(network), required: requiredConfirmations(network) }) },
};

/** What the engine knows of a planned payment last checked at `lastCheckedAt` (for its staleness bound). */
function watchStateOf(p: PlannedPayment, lastCheckedAt: number): WatchState {
  return {
    key: keyOf(p),
    provider: p.provider,
    accountId: p.provider,
    status: 'pending',
    final: false,
    createdAt: p.createdAt,
    lastCheckedAt,
    expiresAt: p.provider === 'paycrypt' ? p.createdAt + DISTRIBUTIONS.paycrypt.expiresAfterMs : null,
    depositSeen: false,
    network: p.provider === 'paycrypt' ? p.network : null,
    failures: 0,
    retryAt: null,
    paused: false,
    urgent: false,
    focused: false,
    stopped: false,
  };
}

/** Longest gaps and staleness-bound overruns, from the provider's log of answered requests. */
function gaps(workload: Workload, log: readonly LoggedRequest[], found: readonly Detection[]): { longest: number; longestNew: number; over: number } {
  const checks = new Map<string, number[]>();
  for (const r of log) {
    if (r.status === 429) continue;
    const list = checks.get(r.id);
    if (list) list.push(r.at);
    else checks.set(r.id, [r.at]);
  }
  const doneAt = new Map<string, number>();
  for (const d of found) if (d.detectedAt !== null) doneAt.set(d.key, Math.min(doneAt.get(d.key) ?? Infinity, d.detectedAt));
  let longest = 0;
  let over = 0;
  const visit = (p: PlannedPayment, from: number, lastChecked: number | null): void => {
    const until = Math.min(workload.end, doneAt.get(keyOf(p)) ?? workload.end);
    let prev = from;
    let prevChecked = lastChecked ?? from;
    for (const at of [...(checks.get(p.id) ?? []).filter((t) => t <= until), until]) {
      longest = Math.max(longest, at - prev);
      const bound = stalenessBoundMs(watchStateOf(p, prevChecked), BOUND_POLICY);
      if (at - prevChecked > bound + GRACE_MS && at < until) over += 1;
      prev = at;
      prevChecked = at;
    }
  };
  for (const p of workload.arrivals) visit(p, p.createdAt, null);
  const longestNew = longest;
  for (const p of workload.stale) visit(p, workload.start, p.lastCheckedAt);
  return { longest, longestNew, over };
}

function summarize(workload: Workload, run: PolicyRun): ScenarioPolicyResult {
  const delays = run.detections.map((d) => ((d.detectedAt ?? workload.end) - d.changedAt) / S).sort((a, b) => a - b);
  const log = run.env.log;
  const afterMinute = log.filter((r) => r.at >= workload.start + 60 * S);
  const limitedAfter = afterMinute.filter((r) => r.status === 429).length;
  const { longest, longestNew, over } = gaps(workload, log, run.detections);
  return {
    changes: delays.length,
    undetected: run.detections.filter((d) => d.detectedAt === null).length,
    meanDetectionSeconds: round(delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : 0),
    p95DetectionSeconds: round(percentile(delays, 0.95)),
    maxDetectionSeconds: round(delays.at(-1) ?? 0),
    longestUncheckedSeconds: round(longest / S),
    longestUncheckedNewSeconds: round(longestNew / S),
    overStalenessBound: over,
    requests: log.length,
    rateLimited: log.filter((r) => r.status === 429).length,
    rateLimitedAfterFirstMinute: limitedAfter,
    rateLimitedPercentAfterFirstMinute: round(afterMinute.length ? (100 * limitedAfter) / afterMinute.length : 0, 2),
  };
}

/** The bound of a scenario: both accounts' best totals over the expected changes. */
function boundOf(table: BoundTable, workload: Workload, shape: LimitShape): ScenarioResult['bound'] {
  const budget = allowedRequests(shape, workload.end - workload.start);
  let total = 0;
  let changes = 0;
  const lambdaSeconds = { card2crypto: 0, paycrypt: 0 };
  for (const provider of ['card2crypto', 'paycrypt'] as const) {
    const a = table.account(provider, workload.arrivals.filter((p) => p.provider === provider), workload.end, budget);
    total += a.totalDelayMs;
    changes += a.expectedChanges;
    lambdaSeconds[provider] = round(a.lambdaMs / S, 3);
  }
  return { meanDetectionSeconds: round(changes ? total / changes / S : 0, 2), lambdaSeconds };
}

/** Runs every scenario (or those named in `only`) on one workload; `onProgress` hears each finished run. */
export async function runScenarios(config: BenchConfig, onProgress: (line: string) => void = () => {}, only?: readonly string[]): Promise<ScenarioResult[]> {
  const workload = planWorkload(config);
  const table = new BoundTable();
  const out: ScenarioResult[] = [];
  for (const shape of scenarioShapes(config.windowMs)) {
    if (only && only.length > 0 && !only.includes(shape.name)) continue;
    const gate = (): LimitGate => new LimitGate(shape, workload.start);
    const runs = {
      adaptive: await runAdaptive(workload, { gate, budget: SCENARIO_BUDGET }),
      naive: await runNaive(workload, { gate, limiter: (now) => new FixedRateLimiter(now, SCENARIO_BUDGET.perMinute) }),
      aws: await runNaive(workload, { gate, limiter: (now) => new AwsAdaptiveLimiter(now, SCENARIO_BUDGET.perMinute / 60) }),
    };
    const policies = {
      adaptive: summarize(workload, runs.adaptive),
      naive: summarize(workload, runs.naive),
      aws: summarize(workload, runs.aws),
    };
    const bound = boundOf(table, workload, shape);
    const a = policies.adaptive;
    const ratio = bound.meanDetectionSeconds > 0 ? a.meanDetectionSeconds / bound.meanDetectionSeconds : Infinity;
    out.push({
      name: shape.name,
      label: shape.label,
      limit: { limit: shape.limit, windowMs: shape.windowMs, change: shape.change ?? null },
      allowedPerAccount: allowedRequests(shape, config.windowMs),
      bound,
      policies,
      adaptiveOverBound: Number.isFinite(ratio) ? round(ratio, 2) : null,
      targets: {
        withinOneAndHalfBound: ratio <= 1.5,
        rateLimitedAtMostOnePercent: a.rateLimitedPercentAfterFirstMinute <= 1,
        noneOverStalenessBound: a.overStalenessBound === 0,
        beatsBaselines: a.meanDetectionSeconds < policies.naive.meanDetectionSeconds && a.meanDetectionSeconds < policies.aws.meanDetectionSeconds,
      },
    });
    onProgress(`scenario ${shape.name}: adaptive ${a.meanDetectionSeconds} s (p95 ${a.p95DetectionSeconds}, max ${a.maxDetectionSeconds}, over bound ${a.overStalenessBound}, 429s ${a.rateLimited}), naive ${policies.naive.meanDetectionSeconds} s, aws ${policies.aws.meanDetectionSeconds} s, bound ${bound.meanDetectionSeconds} s`);
  }
  return out;
}
