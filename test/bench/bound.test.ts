import { describe, expect, it } from 'vitest';
import { BoundTable, solveDp, type ChangeModel } from '../../bench/bound.ts';
import { allowedRequests, LimitGate, scenarioShapes } from '../../bench/limits.ts';
import { AwsAdaptiveLimiter } from '../../bench/aws-limiter.ts';
import { planWorkload, FULL_CONFIG, T0 } from '../../bench/workload.ts';

/** A change surely in the first 10 s, uniformly; the window ends at 20 s. */
const UNIFORM: ChangeModel = { name: 'uniform', parts: [{ cdf: (t) => Math.min(1, Math.max(0, t / 10_000)), leadMs: 0 }], atoms: [] };
const FINE = Array.from({ length: 201 }, (_, i) => i * 100);

/** The Lagrangian bound with `budget` expected checks, over a fine λ grid. */
function boundWith(budget: number): number {
  let best = 0;
  for (let lambda = 0; lambda <= 20_000; lambda += 50) best = Math.max(best, solveDp(UNIFORM, 20_000, lambda, FINE).value - lambda * budget);
  return best / 1000;
}

describe('the bound (bench/bound.ts)', () => {
  it('is at most what schedules solved by hand reach', () => {
    // One check: at 10 s is best, E[10 − T] = 5 s (a check earlier misses some and they wait until 20 s).
    const one = boundWith(1);
    expect(one).toBeLessThanOrEqual(5);
    expect(one).toBeGreaterThan(4.5);
    // Two checks, at 5 s and 10 s: 2.5 s. Checks at 10/3, 20/3 and 10 s make 2 checks on average
    // (the later ones only when nothing was found yet): E = 10/6 s.
    const two = boundWith(2);
    expect(two).toBeLessThanOrEqual(2.5);
    expect(two).toBeLessThanOrEqual(10 / 6);
    expect(two).toBeGreaterThan(1);
    // Free checks: no delay; no checks: every change waits until the end, E[20 − T] = 15 s.
    expect(solveDp(UNIFORM, 20_000, 0, FINE).delay).toBeLessThan(1e-6);
    expect(Math.abs(solveDp(UNIFORM, 20_000, 1e9, FINE).delay / 1000 - 15)).toBeLessThanOrEqual(0.1);
  });

  it('counts a change at its place inside a grid bin, not at the bin\'s end: coarse bins lose less', () => {
    // One check over 1 s bins: still at most the 5 s a check at 10 s reaches, and within a bin of it
    // (counting each bin's changes at its end, as the bound did, gave 3.6 s).
    const COARSE = Array.from({ length: 21 }, (_, i) => i * 1000);
    let best = 0;
    for (let lambda = 0; lambda <= 20_000; lambda += 50) best = Math.max(best, solveDp(UNIFORM, 20_000, lambda, COARSE).value - lambda);
    expect(best / 1000).toBeLessThanOrEqual(5);
    expect(best / 1000).toBeGreaterThan(3.9);
  });

  it('a deposit seen while it confirms costs no delay', () => {
    // Deposits uniform over 10 s, final 5 s later: a check every 5 s sees each while it confirms.
    const deposit: ChangeModel = { name: 'dep', parts: [{ cdf: (t) => Math.min(1, Math.max(0, t / 10_000)), leadMs: 5_000 }], atoms: [] };
    const r = solveDp(deposit, 30_000, 500, FINE);
    // (ms; the grid's relaxation leaves a few.)
    expect(r.delay).toBeLessThan(100);
    expect(r.checks).toBeLessThanOrEqual(3);
  });

  it('a deposit seen while it confirms takes one more check, at its final time', () => {
    // Deposits uniform over 10 s, final 5 s later. Seeing every one final without delay takes a
    // check by 5 s (the half deposited by then is still confirming), one at 10 s if none was seen
    // (half the time), and the follow-up at the final time of each: 2.5 checks. (Without the
    // follow-up, 1.5.)
    const deposit: ChangeModel = { name: 'dep', parts: [{ cdf: (t) => Math.min(1, Math.max(0, t / 10_000)), leadMs: 5_000 }], atoms: [] };
    const r = solveDp(deposit, 30_000, 1, FINE);
    expect(r.delay).toBeLessThan(100);
    expect(r.checks).toBeGreaterThan(2.4);
    expect(r.checks).toBeLessThanOrEqual(2.5 + 1e-9);
    // A check worth 8 s: no delay costs 2.5 × 8 = 20 s, one check at 15 s (each seen final, 5 s
    // late on average) 8 + 5 = 13 s. (Without the follow-up no delay would cost 12 s and win.)
    const dear = solveDp(deposit, 30_000, 8_000, FINE);
    expect(dear.value / 1000).toBeLessThanOrEqual(13 + 1e-9);
    expect(dear.value / 1000).toBeGreaterThan(12.5);
    expect(dear.delay / 1000).toBeGreaterThan(3);
  });

  it('charges each payment the check made when it is added: a budget of one check each finds nothing', () => {
    const w = planWorkload({ ...FULL_CONFIG, windowMs: 20 * 60_000, arrivalsPerProvider: 30, stalePerProvider: 0 });
    const table = new BoundTable();
    const c2c = w.arrivals.filter((p) => p.provider === 'card2crypto');
    // Nothing checked after the first check: every change waits until the end of the window.
    const unseen = c2c.reduce((a, p) => a + table.values(p, w.end).at(-1)!.delay, 0);
    const bound = table.account('card2crypto', c2c, w.end, c2c.length);
    expect(bound.totalDelayMs).toBeGreaterThan(0.99 * unseen);
    expect(bound.totalDelayMs).toBeLessThanOrEqual(unseen + 1e-6);
    expect(bound.expectedChecks).toBeGreaterThanOrEqual(c2c.length);
    // One more check per payment lowers it.
    expect(table.account('card2crypto', c2c, w.end, 2 * c2c.length).totalDelayMs).toBeLessThan(0.8 * unseen);
  });

  it('falls as the budget grows, and stays below the workload-blind policies', () => {
    const w = planWorkload({ ...FULL_CONFIG, windowMs: 20 * 60_000, arrivalsPerProvider: 30, stalePerProvider: 0 });
    const table = new BoundTable();
    const c2c = w.arrivals.filter((p) => p.provider === 'card2crypto');
    const small = table.account('card2crypto', c2c, w.end, 60);
    const large = table.account('card2crypto', c2c, w.end, 6000);
    expect(large.totalDelayMs).toBeLessThanOrEqual(small.totalDelayMs);
    expect(small.expectedChanges).toBeGreaterThan(10);
  });
});

describe('scenario limits (bench/limits.ts)', () => {
  it('refuses past the window and says the true wait', () => {
    const [perSecond, per4s] = scenarioShapes(3600_000);
    const gate = new LimitGate(per4s!, T0);
    for (let i = 0; i < 6; i++) expect(gate.check('paycrypt', T0 + i * 100).ok).toBe(true);
    expect(gate.check('paycrypt', T0 + 700)).toEqual({ ok: false, retryAfterSeconds: 4 });
    expect(gate.check('card2crypto', T0 + 700).ok).toBe(true);
    expect(gate.check('paycrypt', T0 + 4_001).ok).toBe(true);
    expect(allowedRequests(perSecond!, 10_000)).toBe(20);
  });

  it('halves the limit for ten minutes mid-run', () => {
    const halving = scenarioShapes(120 * 60_000).find((s) => s.name === 'halving')!;
    const gate = new LimitGate(halving, T0);
    const mid = T0 + halving.change!.fromMs + 1000;
    let ok = 0;
    for (let i = 0; i < 200; i++) if (gate.check('card2crypto', mid + i).ok) ok++;
    expect(ok).toBe(60);
    expect(allowedRequests(halving, 120 * 60_000)).toBe(120 * 110 + 60 * 10);
  });
});

describe('AWS-style adaptive limiter (bench/aws-limiter.ts)', () => {
  it('drops to 0.7 of the measured rate on a 429 and regrows on a cubic, capped at twice the measured rate', () => {
    let now = T0;
    const l = new AwsAdaptiveLimiter(now, 2);
    for (let i = 0; i < 40; i++) {
      now = Math.max(now, l.nextAvailableAt(now));
      l.take(now);
      l.succeeded(now);
      now += 1;
    }
    const before = l.rate;
    l.rateLimited(now, 1);
    expect(l.rate).toBeLessThan(before);
    expect(l.nextAvailableAt(now)).toBeGreaterThanOrEqual(now + 1000);
    const low = l.rate;
    for (let i = 0; i < 200; i++) {
      now = Math.max(now, l.nextAvailableAt(now));
      l.take(now);
      l.succeeded(now);
    }
    expect(l.rate).toBeGreaterThan(low);
  });
});
