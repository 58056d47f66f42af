import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { maxInWindow } from '../../bench/metrics.ts';
import { runBench, type BenchResult } from '../../bench/run.ts';
import { FULL_CONFIG, type BenchConfig } from '../../bench/workload.ts';
import { DEFAULT_KEYS } from '../../src/simulator/world.ts';

const ROOT = join(import.meta.dirname, '..', '..');
/** The benchmark, shrunk: ten minutes, 50 arrivals and 100 stale payments per provider. */
const SHORT: BenchConfig = { ...FULL_CONFIG, windowMs: 10 * 60_000, arrivalsPerProvider: 50, stalePerProvider: 100 };
const SMALL_COST = { payments: 200, virtualMs: 2 * 60_000 };
/**
 * The naive cycle holds at most 150 payments per account at 55 a minute: under three
 * minutes around. A change this long before the end must have been seen by both policies.
 */
const SURELY_SEEN_MS = 4 * 60_000;

/** Runs `npm run bench -- args` the way npm does, on the project's Node. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, 'node_modules', '.bin', 'node'), [join(ROOT, 'bench', 'monitor.bench.ts'), ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('monitor benchmark (short run)', () => {
  it('both policies see every change, within the provider limit; the engine never gets a 429', async () => {
    const { result, workload, runs } = await runBench(SHORT, { cost: SMALL_COST });
    for (const name of ['naive', 'adaptive'] as const) {
      const { detections, env } = runs[name];
      const finals = detections.filter((d) => d.changedAt <= workload.end - SURELY_SEEN_MS);
      expect(finals.length, name).toBeGreaterThan(10);
      expect(finals.filter((d) => d.detectedAt === null), name).toEqual([]);
      for (const d of detections) if (d.detectedAt !== null) expect(d.detectedAt).toBeGreaterThanOrEqual(d.changedAt);

      const stats = env.world.stats();
      for (const provider of ['card2crypto', 'paycrypt'] as const) {
        const sent = env.log.filter((r) => r.provider === provider);
        expect(sent.length, `${name} ${provider}`).toBe(stats[DEFAULT_KEYS[provider]]?.requests ?? 0);
        expect(maxInWindow(sent.map((r) => r.at)), `${name} ${provider}`).toBeLessThanOrEqual(60);
        expect(result[name].providers[provider].requests).toBe(sent.length);
      }
    }
    expect(result.adaptive.rateLimited).toBe(0);
    expect(runs.adaptive.env.log.filter((r) => r.status === 429)).toEqual([]);
    expect(result.targets.zeroRateLimited).toBe(true);
  }, 60_000);

  it('the same seed gives the same numbers', async () => {
    const tiny: BenchConfig = { ...SHORT, windowMs: 5 * 60_000, arrivalsPerProvider: 20, stalePerProvider: 40 };
    const [a, b] = [await runBench(tiny, { cost: SMALL_COST }), await runBench(tiny, { cost: SMALL_COST })];
    expect(b.result.naive).toEqual(a.result.naive);
    expect(b.result.adaptive).toEqual(a.result.adaptive);
  }, 60_000);

  it('--json prints one JSON document with both policies, per provider, and the cost', async () => {
    const run = await runCli(['--json', '--minutes', '5', '--arrivals', '20', '--stale', '40', '--cost-payments', '200', '--seed', '3', '--scenario-minutes', '3']);
    expect(run.code, run.stderr).toBe(0);
    const json = JSON.parse(run.stdout) as BenchResult;
    expect(json.seed).toBe(3);
    for (const policy of [json.naive, json.adaptive]) {
      for (const s of [policy, policy.providers.card2crypto, policy.providers.paycrypt]) {
        for (const field of ['meanDetectionSeconds', 'p50DetectionSeconds', 'p95DetectionSeconds', 'maxDetectionSeconds', 'requests', 'rateLimited', 'undetected', 'changes']) {
          expect(typeof s[field as keyof typeof s], field).toBe('number');
        }
      }
      expect(policy.requests).toBe(policy.providers.card2crypto.requests + policy.providers.paycrypt.requests);
    }
    expect(json.cost).toMatchObject({ payments: 200, virtualMinutes: 10 });
    for (const field of ['startMs', 'cpuMsPerVirtualHour', 'timersPending', 'heapUsedMb', 'rssPeakMb'] as const) {
      expect(typeof json.cost[field], field).toBe('number');
    }
    expect(typeof json.targets.met).toBe('boolean');
    expect(json.wallSeconds).toBeGreaterThan(0);
    // Issue 11: the limit scenarios, each with the bound and three policies.
    const sc = json.scenarios!;
    expect(sc.windowMinutes).toBe(3);
    expect(sc.results.map((r) => r.name)).toEqual(['per-second', 'per-4s', 'per-minute', 'per-hour', 'halving']);
    for (const r of sc.results) {
      expect(typeof r.bound.meanDetectionSeconds, r.name).toBe('number');
      expect(r.adaptiveOverBound === null || typeof r.adaptiveOverBound === 'number', r.name).toBe(true);
      for (const name of ['adaptive', 'naive', 'aws'] as const) {
        const p = r.policies[name];
        for (const field of ['meanDetectionSeconds', 'p95DetectionSeconds', 'maxDetectionSeconds', 'longestUncheckedSeconds', 'longestUncheckedNewSeconds', 'overStalenessBound', 'requests', 'rateLimited', 'rateLimitedAfterFirstMinute'] as const) {
          expect(typeof p[field], `${r.name} ${name} ${field}`).toBe('number');
        }
        // The bound is the lowest any policy could reach.
        expect(r.bound.meanDetectionSeconds, `${r.name} ${name}`).toBeLessThanOrEqual(p.meanDetectionSeconds + 1e-9);
      }
      for (const t of Object.values(r.targets)) expect(typeof t).toBe('boolean');
    }
  }, 120_000);
});
