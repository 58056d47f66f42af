/**
 * What the benchmark measures: how long after a status changed at the provider the
 * monitor first reported it, and what that cost in requests. A change the monitor
 * had not reported by the end of the window counts with its delay so far
 * (end − change), so missing changes never makes a policy look better.
 */
import type { Provider } from '../src/shared/payment.ts';
import type { KeyStats, SimWorld } from '../src/simulator/world.ts';
import { DEFAULT_KEYS } from '../src/simulator/world.ts';
import type { StatusReport } from './naive.ts';
import type { LoggedRequest } from './sim-env.ts';
import { keyOf } from './sim-env.ts';
import type { PlannedPayment, Workload } from './workload.ts';

/** One status change inside the window and when the monitor first reported it (null: not by the end). */
export interface Detection {
  provider: Provider;
  key: string;
  status: string;
  changedAt: number;
  detectedAt: number | null;
}

/** Delay statistics and request counts of one provider, or of all. */
export interface Summary {
  changes: number;
  undetected: number;
  meanDetectionSeconds: number;
  p50DetectionSeconds: number;
  p95DetectionSeconds: number;
  maxDetectionSeconds: number;
  requests: number;
  rateLimited: number;
  /** Most requests sent in any 60-second window (the provider allows 60). */
  maxRequestsPerMinute: number;
}

/** A policy's results: totals, then per provider. */
export interface PolicyResult extends Summary {
  providers: Record<Provider, Summary>;
}

/** Matches each in-window status change of `payments` with the monitor's first report of it (or of a later status). */
export function detections(workload: Workload, world: SimWorld, payments: readonly PlannedPayment[], reports: readonly StatusReport[]): Detection[] {
  const byKey = new Map<string, StatusReport[]>();
  for (const r of reports) {
    const list = byKey.get(r.key);
    if (list) list.push(r);
    else byKey.set(r.key, [r]);
  }
  const out: Detection[] = [];
  for (const p of payments) {
    const key = keyOf(p);
    // The first entry is `pending` at creation: being created is not a change to detect.
    const changes = world.changeTimes(p.id).slice(1);
    changes.forEach((change, i) => {
      if (change.at < workload.start || change.at > workload.end) return;
      const laterStatuses = new Set(changes.slice(i).map((c) => c.status));
      const seen = byKey.get(key)?.find((r) => r.at >= change.at && laterStatuses.has(r.status));
      out.push({ provider: p.provider, key, status: change.status, changedAt: change.at, detectedAt: seen && seen.at <= workload.end ? seen.at : null });
    });
  }
  return out;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Most entries of sorted times inside any window of `windowMs`. */
export function maxInWindow(times: readonly number[], windowMs = 60_000): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= windowMs) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

const round = (x: number, digits = 1): number => Math.round(x * 10 ** digits) / 10 ** digits;

function summarize(found: readonly Detection[], end: number, stats: KeyStats[], log: readonly LoggedRequest[]): Summary {
  const delays = found.map((d) => ((d.detectedAt ?? end) - d.changedAt) / 1000).sort((a, b) => a - b);
  const sum = delays.reduce((a, b) => a + b, 0);
  return {
    changes: found.length,
    undetected: found.filter((d) => d.detectedAt === null).length,
    meanDetectionSeconds: round(delays.length ? sum / delays.length : 0),
    p50DetectionSeconds: round(percentile(delays, 0.5)),
    p95DetectionSeconds: round(percentile(delays, 0.95)),
    maxDetectionSeconds: round(delays.at(-1) ?? 0),
    requests: stats.reduce((a, s) => a + s.requests, 0),
    rateLimited: stats.reduce((a, s) => a + s.rateLimited, 0),
    maxRequestsPerMinute: maxInWindow(log.map((r) => r.at)),
  };
}

/** Totals and per-provider summaries of one policy's run. */
export function policyResult(found: readonly Detection[], end: number, world: SimWorld, log: readonly LoggedRequest[]): PolicyResult {
  const stats = world.stats();
  const zero: KeyStats = { requests: 0, rateLimited: 0, faults: 0 };
  const of = (p: Provider): Summary =>
    summarize(found.filter((d) => d.provider === p), end, [stats[DEFAULT_KEYS[p]] ?? zero], log.filter((r) => r.provider === p));
  const providers = { card2crypto: of('card2crypto'), paycrypt: of('paycrypt') };
  const total = summarize(found, end, [stats[DEFAULT_KEYS.card2crypto] ?? zero, stats[DEFAULT_KEYS.paycrypt] ?? zero], []);
  // Each account has its own limit: the total's busiest minute is the busiest account's.
  total.maxRequestsPerMinute = Math.max(providers.card2crypto.maxRequestsPerMinute, providers.paycrypt.maxRequestsPerMinute);
  return { ...total, providers };
}
