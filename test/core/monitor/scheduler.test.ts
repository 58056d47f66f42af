import { describe, expect, it } from 'vitest';
import { fullJitter } from '../../../src/core/monitor/backoff.ts';
import { Scheduler, URGENT_RUN } from '../../../src/core/monitor/scheduler.ts';
import { VirtualClock } from '../../../src/core/monitor/virtual-clock.ts';
import {
  confirmingGapMs,
  confirmWindowMs,
  DEFAULT_POLICY,
  nextDueAt,
  stalenessBoundMs,
  type ChainFacts,
  type PolicyOptions,
  type WatchState,
} from '../../../src/core/monitor/policy.ts';

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
  it('never has two requests out for one payment, though spare budget sends it before its routine time', async () => {
    const clock = new VirtualClock(T0);
    const out = new Map<string, number>();
    let overlaps = 0;
    let checks = 0;
    const scheduler = new Scheduler({
      clock,
      budgetFor: () => ({ perMinute: 600 }),
      dispatch: async (s) => {
        const now = clock.now();
        checks += 1;
        if ((out.get(s.key) ?? 0) > 0) overlaps += 1;
        out.set(s.key, (out.get(s.key) ?? 0) + 1);
        // Slow answers: each takes 20 s, longer than a young payment's routine gap.
        await new Promise<void>((resolve) => clock.setTimer(resolve, 20_000));
        out.set(s.key, (out.get(s.key) ?? 1) - 1);
        return { ...s, status: 'pending', lastCheckedAt: now, urgent: false };
      },
    });
    for (let i = 0; i < 5; i++) scheduler.upsert(pending(`p${i}`, T0));
    await clock.advanceBy(10 * 60_000);
    scheduler.stop();
    expect(checks).toBeGreaterThan(20);
    expect(overlaps).toBe(0);
  });

  it('checks a new payment at once, then every few seconds in its first minute, then less often', async () => {
    const { clock, log, scheduler } = harness();
    scheduler.upsert(pending('a', T0));
    await clock.advanceBy(60_000);
    const firstMinute = log.map((e) => (e.at - T0) / 1000);
    expect(firstMinute[0]).toBe(0);
    expect(firstMinute.length).toBeGreaterThanOrEqual(8);
    const gaps = firstMinute.slice(1).map((t, i) => t - firstMinute[i]!);
    expect(Math.max(...gaps.slice(0, 4))).toBeLessThanOrEqual(8);
    // Spare budget makes checks of a payment under an hour old denser (issue 11); past that age
    // the policy's own spacing holds.
    await clock.advanceBy(2 * 3600_000);
    const laterGaps = log.slice(-3).map((e, i, a) => (i ? e.at - a[i - 1]!.at : 0));
    expect(Math.min(...laterGaps.slice(1))).toBeGreaterThan(5 * 60_000);
  });

  it('spends spare budget on earlier checks of young payments, the one worth most first, never past the budget', async () => {
    const { clock, log, scheduler } = harness({ perMinute: 60 });
    scheduler.upsert(pending('a', T0));
    await clock.advanceBy(10 * 60_000);
    const spared = log.length;
    // Same payment, policy spacing only (30% of its age): far fewer checks in ten minutes.
    let t = 10_000;
    let plain = 1;
    while (t < 10 * 60_000) {
      t = nextDueAt(pending('b', T0, { status: 'pending', lastCheckedAt: T0 + t })) - T0;
      plain++;
    }
    expect(spared).toBeGreaterThan(2 * plain);
    // Not polled every second: an early check must be worth a share of a due one.
    expect(spared).toBeLessThan(300);
    // Two more, one checked long ago, one just now: the spare slot goes to the first.
    const now = clock.now();
    scheduler.upsert(pending('stale', now - 300_000, { status: 'pending', lastCheckedAt: now - 200_000 }));
    scheduler.upsert(pending('fresh', now - 300_000, { status: 'pending', lastCheckedAt: now }));
    await clock.advanceBy(1_500);
    const next = log.filter((e) => e.at >= now && e.key !== 'a');
    expect(next[0]?.key).toBe('stale');
    // A crowd keeps the budget busy: the limit holds and every new payment is checked.
    for (let i = 0; i < 400; i++) scheduler.upsert(pending(`p${i}`, clock.now()));
    const from = clock.now();
    await clock.advanceBy(10 * 60_000);
    const crowd = log.filter((e) => e.at >= from);
    expect(new Set(crowd.map((e) => e.key)).size).toBeGreaterThanOrEqual(400);
    for (let i = 0, j = 0; i < crowd.length; i++) {
      while (crowd[i]!.at - crowd[j]!.at >= 60_000) j++;
      expect(i - j + 1).toBeLessThanOrEqual(60);
    }
    expect(crowd.length).toBeGreaterThan(0.95 * 600);
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

  it('checks an expiring payment at expires_at, and one the provider has not moved yet at doubling gaps past it', async () => {
    const expiresAt = T0 + 30 * 60_000;
    // The provider moves the status 5 s late: checks at +0, +1, +2, +4, +8 s, then it shows expired.
    const { clock, log, scheduler } = harness({
      perMinute: 60,
      answer: (_s, now) => (now >= expiresAt + 5_000 ? { status: 'expired', final: true } : {}),
    });
    scheduler.upsert(pending('pc', T0, { provider: 'paycrypt', accountId: 'paycrypt:default', expiresAt }));
    await clock.advanceTo(expiresAt + 60_000);
    const after = log.filter((e) => e.at >= expiresAt).map((e) => (e.at - expiresAt) / 1000);
    expect(after).toHaveLength(5);
    // Each within the due-time search's 50 ms (which the doubling carries along).
    [0, 1, 2, 4, 8].forEach((t, i) => expect(Math.abs(after[i]! - t)).toBeLessThanOrEqual(0.3));
  });

  it('times the final check of a confirming deposit from the answer\'s updated_at once the chain is learned', () => {
    const learned: PolicyOptions = { ...DEFAULT_POLICY, chains: { facts: () => ({ blockMs: 12_000, required: 12 }) } };
    const s = pending('tx', T0 - 600_000, {
      provider: 'paycrypt',
      network: 'ethereum',
      status: 'pending',
      depositSeen: true,
      lastCheckedAt: T0,
      expiresAt: T0 + 3600_000,
      confirmations: 3,
      // Block 3 came 7 s before this answer: 9 more blocks, 101 s from now.
      confirmationAt: T0 - 7_000,
    });
    expect(confirmingGapMs(s, learned)).toBe(101_000);
    expect(Math.abs(nextDueAt(s, learned) - T0 - 101_000)).toBeLessThanOrEqual(50);
    // Checked at the predicted moment and not final yet (a slow block): a quarter block later.
    expect(confirmingGapMs({ ...s, confirmations: 11, confirmationAt: T0 - 12_000 }, learned)).toBe(3_000);
    // A stamp that does not follow the blocks (older than two blocks) or lies in the future is not used.
    expect(confirmingGapMs({ ...s, confirmationAt: T0 - 60_000 }, learned)).toBe(8.5 * 12_000);
    expect(confirmingGapMs({ ...s, confirmationAt: T0 + 1_000 }, learned)).toBe(8.5 * 12_000);
    // Not learned yet: the stamp does not replace the back-off.
    expect(confirmingGapMs({ ...s, depositSeenAt: T0 })).toBe(6_000);
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

  it('a check-now asked while that payment is being checked is checked again after it (issue 15: a hint is not lost)', async () => {
    const clock = new VirtualClock(T0);
    const log: number[] = [];
    let answer: (() => void) | null = null;
    const scheduler = new Scheduler({
      clock,
      dispatch: async (s) => {
        log.push(clock.now());
        // The first answer takes a while; meanwhile the payment is asked for again.
        if (log.length === 1) await new Promise<void>((resolve) => (answer = resolve));
        return { ...s, status: 'pending', lastCheckedAt: clock.now(), urgent: false };
      },
    });
    // A day old: its next regular check would be hours after this one.
    scheduler.upsert(pending('a', T0 - 86_400_000, { status: 'pending', lastCheckedAt: T0 - 1000, urgent: true }));
    await clock.advanceBy(10);
    expect(log).toHaveLength(1);
    scheduler.patch('a', { urgent: true });
    // A patch that asks nothing (pause state, focus) while in flight makes no second check by itself.
    scheduler.patch('a', { focused: false });
    answer!();
    await clock.advanceBy(2_000);
    expect(log).toHaveLength(2);
    await clock.advanceBy(60_000);
    expect(log).toHaveLength(2);
    expect(scheduler.get('a')?.urgent).toBe(false);
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

describe('Scheduler: no starvation (issue 11)', () => {
  it("a failing payment's retries never take a healthy payment's turn (the issue's report)", async () => {
    const clock = new VirtualClock(T0);
    const log: Array<{ key: string; at: number }> = [];
    const scheduler = new Scheduler({
      clock,
      budgetFor: () => ({ perMinute: 6 }),
      dispatch: async (s) => {
        const now = clock.now();
        log.push({ key: s.key, at: now });
        // The engine's answer to a 5xx: one more failure, a retry soon, still never checked.
        if (s.key === 'bad') return { ...s, failures: s.failures + 1, retryAt: now + 500 };
        return { ...s, status: 'pending', lastCheckedAt: now, urgent: false };
      },
    });
    // Ten healthy payments, all due now, and one just added (urgent) that only ever fails.
    const healthy = Array.from({ length: 10 }, (_, i) => pending(`ok${i}`, T0 - 10 * 60_000, { status: 'pending', lastCheckedAt: T0 - 5 * 60_000 }));
    scheduler.upsertMany([pending('bad', T0, { urgent: true }), ...healthy]);
    await clock.advanceBy(3 * 60_000);
    const order = log.map((e) => e.key);
    // Its first try goes first (it is new); its retries wait until every healthy payment had its turn.
    expect(order[0]).toBe('bad');
    const retry = order.indexOf('bad', 1);
    for (const h of healthy) {
      expect(order.indexOf(h.key), h.key).toBeGreaterThan(0);
      if (retry > 0) expect(order.indexOf(h.key), h.key).toBeLessThan(retry);
    }
  });

  it('a stream of new payments cannot lock an overdue payment out', async () => {
    const { clock, log, scheduler } = harness({ perMinute: 6 });
    // Checked at 60 s of age, 9 minutes ago: far past its staleness bound.
    const fresh = Array.from({ length: 30 }, (_, i) => pending(`new${i}`, T0));
    scheduler.upsertMany([...fresh, pending('old', T0 - 10 * 60_000, { status: 'pending', lastCheckedAt: T0 - 9 * 60_000 })]);
    await clock.advanceBy(5 * 60_000);
    const order = log.map((e) => e.key);
    expect(order.indexOf('old')).toBeGreaterThanOrEqual(0);
    expect(order.indexOf('old')).toBeLessThanOrEqual(URGENT_RUN);
  });

  it('states a staleness bound: the age at the last check, at least 30 s, at most 6 h, plus a deposit window', () => {
    const at = (ageMs: number, extra: Partial<WatchState> = {}) =>
      stalenessBoundMs(pending('p', T0 - ageMs, { status: 'pending', lastCheckedAt: T0, ...extra }));
    expect(at(5_000)).toBe(30_000);
    expect(at(10 * 60_000)).toBe(10 * 60_000);
    expect(at(3 * 86400_000)).toBe(6 * 3600_000);
    expect(at(10 * 60_000, { final: true })).toBe(Infinity);
    const eth = at(10 * 60_000, { provider: 'paycrypt', network: 'ethereum', expiresAt: T0 + 20 * 60_000 });
    expect(eth).toBeCloseTo(10 * 60_000 + confirmWindowMs('ethereum'));
  });

  it('failed checks back off with jitter, never at once', () => {
    expect(fullJitter(1, () => 0)).toBeGreaterThanOrEqual(2_000);
    expect(fullJitter(1, () => 0.999)).toBeLessThanOrEqual(4_000);
    expect(fullJitter(30, () => 0)).toBeGreaterThanOrEqual(7 * 60_000);
  });
});

describe('Policy: deposits, refunds and archive (issue 11)', () => {
  const deposit = (confirmations: number | null) =>
    pending('tx', T0 - 600_000, {
      provider: 'paycrypt',
      accountId: 'paycrypt:default',
      depositSeen: true,
      network: 'ethereum',
      status: 'pending',
      lastCheckedAt: T0,
      expiresAt: T0 + 3600_000,
      confirmations,
      // Seen five minutes ago: the back-off of an unlearned network allows the table's estimate.
      depositSeenAt: T0 - 300_000,
    });
  /** A policy that has learned `facts` for every network. */
  const knowing = (facts: ChainFacts): PolicyOptions => ({ ...DEFAULT_POLICY, chains: { facts: () => facts } });

  it('times the check of a confirming deposit to the block of its last confirmation', () => {
    // 3 of 12 confirmations on 12 s blocks (the table's ethereum): the 12th comes within 9 blocks.
    expect(Math.abs(nextDueAt(deposit(3)) - T0 - 8.5 * 12_000)).toBeLessThanOrEqual(250);
    expect(Math.abs(nextDueAt(deposit(11)) - T0 - 6_000)).toBeLessThanOrEqual(250);
    // Confirmations unknown: block by block.
    expect(nextDueAt(deposit(null)) - T0).toBeLessThanOrEqual(12_250);
  });

  it('until a network is learned, waits no longer than the time since the deposit was first seen (issue 11, follow-up)', () => {
    // First seen at this check: half a block, then gaps that double with the time since.
    expect(confirmingGapMs({ ...deposit(3), depositSeenAt: T0 })).toBe(6_000);
    expect(confirmingGapMs({ ...deposit(3), depositSeenAt: T0 - 20_000 })).toBe(20_000);
    // More confirmations than the table's 12 and not final: the table is wrong; one block, then sparser.
    expect(confirmingGapMs({ ...deposit(12), depositSeenAt: T0 - 100_000 })).toBe(12_000);
    expect(confirmingGapMs({ ...deposit(20), depositSeenAt: T0 - 100_000 })).toBe(100_000);
    // Learned (2 confirmations on 1 s blocks): the learned values win, no back-off needed.
    const fast = knowing({ blockMs: 1_000, required: 2 });
    expect(confirmingGapMs({ ...deposit(1), depositSeenAt: T0 }, fast)).toBe(500);
    const slow = knowing({ blockMs: 2_000, required: 40 });
    expect(confirmingGapMs({ ...deposit(3), depositSeenAt: T0 }, slow)).toBe(73_000);
    expect(Math.abs(nextDueAt({ ...deposit(3), depositSeenAt: T0 }, slow) - T0 - 73_000)).toBeLessThanOrEqual(250);
    // An unknown network with nothing learned: only the back-off.
    expect(confirmingGapMs({ ...deposit(3), network: 'avalanche', depositSeenAt: T0 - 40_000 })).toBe(40_000);
  });

  it('counts a PayCrypt deposit as missed only once it could have confirmed unseen, by what was learned', () => {
    const created = T0 - 60_000;
    const card = nextDueAt(pending('c', created, { status: 'pending', lastCheckedAt: T0 })) - T0;
    const eth = (p?: PolicyOptions) =>
      nextDueAt(pending('e', created, { provider: 'paycrypt', network: 'ethereum', status: 'pending', lastCheckedAt: T0, expiresAt: created + 30 * 60_000 }), p) - T0;
    const learned = knowing({ blockMs: 12_000, required: 12 });
    expect(confirmWindowMs('ethereum', learned)).toBeCloseTo(0.8 * 11 * 12_000);
    expect(eth(learned) - card).toBeGreaterThan(confirmWindowMs('ethereum', learned) - 2_000);
    // Nothing learned: no window (a guessed one made a 2-second deposit wait 50 s), so checked as a card payment.
    expect(confirmWindowMs('ethereum')).toBe(0);
    // (a second sooner at most: a deposit's hazard also rises towards expiry)
    expect(Math.abs(eth() - card)).toBeLessThanOrEqual(2_000);
  });

  it('fades refund watch with age, so 10,000 completed payments cost little per hour', async () => {
    const { clock, log, scheduler } = harness({ perMinute: 600, answer: () => ({ status: 'completed', final: true }) });
    const day = 86400_000;
    const states: WatchState[] = [];
    for (let i = 0; i < 10_000; i++) {
      const created = T0 - ((i % 29) + 1) * day - i * 1_000;
      states.push(pending(`c${i}`, created, { status: 'completed', final: true, lastCheckedAt: T0 - ((i * 37) % 3600) * 1_000 }));
    }
    scheduler.upsertMany(states);
    await clock.advanceBy(3600_000);
    // Hourly refund watch (the old policy) would make 10,000 checks in this hour.
    expect(log.length).toBeLessThan(600);
  });

  it('archives final payments older than archiveAfterMs out of the schedule, but not pending ones', () => {
    const old = T0 - 31 * 86400_000;
    expect(nextDueAt(pending('done', old, { status: 'completed', final: true, lastCheckedAt: T0 }))).toBe(Infinity);
    expect(nextDueAt(pending('open', old, { status: 'pending', lastCheckedAt: T0 }))).toBeLessThan(Infinity);
    const short = { ...DEFAULT_POLICY, archiveAfterMs: 86400_000 };
    expect(nextDueAt(pending('d2', T0 - 2 * 86400_000, { status: 'completed', final: true, lastCheckedAt: T0 }), short)).toBe(Infinity);
    expect(nextDueAt(pending('d3', T0 - 2 * 86400_000, { status: 'completed', final: true, lastCheckedAt: T0 }))).toBeLessThan(Infinity);
  });
});
