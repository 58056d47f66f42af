import { describe, expect, it } from 'vitest';
import { Scheduler } from '../../../src/core/monitor/scheduler.ts';
import { VirtualClock } from '../../../src/core/monitor/virtual-clock.ts';
import { nextDueAt, type WatchState } from '../../../src/core/monitor/policy.ts';

const T0 = Date.UTC(2026, 0, 1);

function pending(key: string, createdAt: number, extra: Partial<WatchState> = {}): WatchState {
  return {
    key,
    provider: 'card2crypto',
    accountId: 'card2crypto:default',
    status: null,
    final: false,
    createdAt,
    lastCheckedAt: null,
    expiresAt: null,
    depositSeen: false,
    network: null,
    failures: 0,
    retryAt: null,
    paused: false,
    urgent: false,
    focused: false,
    stopped: false,
    ...extra,
  };
}

/** A scheduler whose checks answer "still pending" and are logged with their time. */
function harness(opts: { perMinute?: number; answer?: (s: WatchState, now: number) => Partial<WatchState> } = {}) {
  const clock = new VirtualClock(T0);
  const log: Array<{ key: string; at: number }> = [];
  const scheduler = new Scheduler({
    clock,
    budgetFor: () => ({ perMinute: opts.perMinute ?? 60 }),
    dispatch: async (s) => {
      const now = clock.now();
      log.push({ key: s.key, at: now });
      return { ...s, status: 'pending', lastCheckedAt: now, urgent: false, ...opts.answer?.(s, now) };
    },
  });
  return { clock, log, scheduler };
}

describe('Scheduler', () => {
  it('checks a new payment at once, then every few seconds in its first minute, then less often', async () => {
    const { clock, log, scheduler } = harness();
    scheduler.upsert(pending('a', T0));
    await clock.advanceBy(60_000);
    const firstMinute = log.map((e) => (e.at - T0) / 1000);
    expect(firstMinute[0]).toBe(0);
    expect(firstMinute.length).toBeGreaterThanOrEqual(8);
    const gaps = firstMinute.slice(1).map((t, i) => t - firstMinute[i]!);
    expect(Math.max(...gaps.slice(0, 4))).toBeLessThanOrEqual(8);
    await clock.advanceBy(3600_000);
    const laterGaps = log.slice(-3).map((e, i, a) => (i ? e.at - a[i - 1]!.at : 0));
    expect(Math.min(...laterGaps.slice(1))).toBeGreaterThan(5 * 60_000);
  });

  it('never exceeds the budget in any 60-second window, even with thousands due', async () => {
    const { clock, log, scheduler } = harness({ perMinute: 60 });
    for (let i = 0; i < 3000; i++) scheduler.upsert(pending(`p${i}`, T0 - 3600_000));
    await clock.advanceBy(10 * 60_000);
    expect(log.length).toBeGreaterThan(500);
    for (let i = 0, j = 0; i < log.length; i++) {
      while (log[i]!.at - log[j]!.at >= 60_000) j++;
      expect(i - j + 1).toBeLessThanOrEqual(60);
    }
  });

  it('lets young payments through while old pending ones wait (no starvation)', async () => {
    const { clock, log, scheduler } = harness({ perMinute: 60 });
    for (let i = 0; i < 2000; i++) scheduler.upsert(pending(`old${i}`, T0 - 86400_000, { lastCheckedAt: T0 - 7 * 3600_000 }));
    await clock.advanceBy(5_000);
    scheduler.upsert(pending('young', clock.now()));
    await clock.advanceBy(120_000);
    const youngChecks = log.filter((e) => e.key === 'young');
    expect(youngChecks.length).toBeGreaterThanOrEqual(6);
    expect(youngChecks[0]!.at - (T0 + 5_000)).toBeLessThanOrEqual(2_000);
  });

  it('stops checking final payments, and watches completed Card2Crypto ones slowly for refunds', async () => {
    const { clock, log, scheduler } = harness({
      answer: (s) => (s.key === 'done' ? { status: 'failed', final: true } : { status: 'completed', final: true }),
    });
    scheduler.upsert(pending('done', T0));
    scheduler.upsert(pending('paid', T0));
    await clock.advanceBy(6 * 3600_000);
    expect(log.filter((e) => e.key === 'done')).toHaveLength(1);
    const paid = log.filter((e) => e.key === 'paid').length;
    expect(paid).toBeGreaterThanOrEqual(5);
    expect(paid).toBeLessThanOrEqual(8);
  });

  it('checks a PayCrypt payment right after it expires', async () => {
    const expiresAt = T0 + 30 * 60_000;
    const { clock, log, scheduler } = harness({ perMinute: 60 });
    scheduler.upsert(pending('pc', T0, { provider: 'paycrypt', accountId: 'paycrypt:default', expiresAt }));
    await clock.advanceTo(expiresAt + 10_000);
    const after = log.filter((e) => e.at >= expiresAt);
    expect(after.length).toBeGreaterThanOrEqual(1);
    expect(after[0]!.at - expiresAt).toBeLessThanOrEqual(3_000);
  });

  it('follows a seen deposit at the block pace', async () => {
    const { clock, log, scheduler } = harness();
    const s = pending('tx', T0 - 600_000, {
      provider: 'paycrypt',
      accountId: 'paycrypt:default',
      depositSeen: true,
      network: 'ethereum',
      status: 'pending',
      lastCheckedAt: T0,
      expiresAt: T0 + 3600_000,
    });
    scheduler.upsert(s);
    await clock.advanceBy(120_000);
    const gaps = log.slice(1).map((e, i) => e.at - log[i]!.at);
    expect(log.length).toBeGreaterThanOrEqual(9);
    for (const g of gaps) expect(g).toBeLessThanOrEqual(13_000);
  });

  it('refresh now jumps the queue of an exhausted budget', async () => {
    const { clock, log, scheduler } = harness({ perMinute: 6 });
    for (let i = 0; i < 50; i++) scheduler.upsert(pending(`p${i}`, T0));
    await clock.advanceBy(1_000);
    scheduler.patch('p49', { urgent: true });
    await clock.advanceBy(40_000);
    const firstAfter = log.find((e) => e.at > T0 + 1_000);
    expect(firstAfter?.key).toBe('p49');
  });

  it('a 429 stops the account for exactly the time asked and halves the rate', async () => {
    const { clock, log, scheduler } = harness({ perMinute: 60 });
    for (let i = 0; i < 200; i++) scheduler.upsert(pending(`p${i}`, T0));
    await clock.advanceBy(10_000);
    const budget = scheduler.budget('card2crypto:default');
    budget.rateLimited(clock.now(), 30);
    const blockedAt = clock.now();
    await clock.advanceBy(60_000);
    const during = log.filter((e) => e.at > blockedAt && e.at < blockedAt + 30_000);
    expect(during).toHaveLength(0);
    const after = log.filter((e) => e.at >= blockedAt + 30_000);
    expect(after.length).toBeGreaterThan(5);
    expect(after.length).toBeLessThanOrEqual(20);
    expect(budget.state(clock.now()).perMinuteNow).toBeLessThan(60);
  });

  it('pause holds every request; resume catches up without a burst past the budget', async () => {
    const { clock, log, scheduler } = harness({ perMinute: 60 });
    for (let i = 0; i < 100; i++) scheduler.upsert(pending(`p${i}`, T0));
    await clock.advanceBy(1_000);
    scheduler.pause();
    const before = log.length;
    await clock.advanceBy(3600_000);
    expect(log.length).toBe(before);
    scheduler.resume();
    await clock.advanceBy(10_000);
    expect(log.length - before).toBeLessThanOrEqual(5 + 10);
  });

  it('keeps one timer for 10,000 idle payments', () => {
    const clock = new VirtualClock(T0);
    let timers = 0;
    const counting = { now: () => clock.now(), setTimer: (fn: () => void, ms: number) => (timers++, clock.setTimer(fn, ms)) };
    const scheduler = new Scheduler({ clock: counting, dispatch: async () => null });
    for (let i = 0; i < 10_000; i++) {
      scheduler.upsert(pending(`p${i}`, T0 - 86400_000, { lastCheckedAt: T0, status: 'pending' }));
    }
    expect(clock.nextTimerAt()).toBeGreaterThan(T0 + 60_000);
    expect(timers).toBeLessThanOrEqual(2);
  });

  it('computes due times that grow with age', () => {
    const young = nextDueAt(pending('y', T0, { lastCheckedAt: T0 + 10_000, status: 'pending' })) - (T0 + 10_000);
    const old = nextDueAt(pending('o', T0 - 3600_000, { lastCheckedAt: T0, status: 'pending' })) - T0;
    expect(young).toBeLessThan(10_000);
    expect(old).toBeGreaterThan(10 * 60_000);
  });
});
