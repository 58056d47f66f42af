/**
 * One scheduler, one timer, however many payments (issue 4). Payments wait in a
 * min-heap by the time they become due; due payments queue per account; whenever
 * an account's budget allows, one due payment is checked. 10,000 idle payments cost
 * one timer and nothing per tick.
 *
 * Who goes first (issue 11: no starvation):
 * 1. "check now" and never-checked payments, but while others are overdue they take at most
 *    URGENT_RUN tokens in a row, so a stream of new payments cannot lock anyone out;
 * 2. due payments past their staleness bound (`stalenessBoundMs`), the latest first, but at most
 *    OVERDUE_RUN in a row while one within its bound is due; then those by urgency. When more are
 *    overdue than a minute's budget (the bounds cannot all be kept), all rank by the larger of
 *    urgency and time past the bound: aging, so whoever waits long enough goes next;
 * 3. failing payments (5xx, timeouts, bad answers) after their jittered backoff, only when no
 *    healthy payment is waiting: their retries never take a healthy payment's turn;
 * 4. with nobody due and budget to spare, the young pending payment whose early check is worth
 *    most (spare.ts): the limit is spent, where the 30-second pacing steps it replaced left up to a
 *    quarter of it unused.
 */
import { AccountBudget, type BudgetOptions } from './budget.ts';
import { ChainLearner } from './chain-learner.ts';
import { ChangeLearner } from './change-learner.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { MinHeap } from './heap.ts';
import { SpareChecks } from './spare.ts';
import { archived, DEFAULT_POLICY, nextDueAt, stalenessBoundMs, urgency, type PolicyOptions, type WatchState } from './policy.ts';

/** Tokens in a row that urgent payments may take while another payment is overdue. */
export const URGENT_RUN = 3;

/** Picks in a row that payments past their staleness bound may take while one within its bound is due. */
const OVERDUE_RUN = 3;
/** Spare budget is spent while the account sent less than its per-minute limit over this span. */
const SPARE_SPAN_MS = 60_000;
/** With spare budget and nobody worth an early check yet, look again after this long. */
const SPARE_RETRY_MS = 1000;

/** Runs one check; resolves with the payment's new state, or null if it should no longer be watched. */
export type Dispatch = (state: WatchState) => Promise<WatchState | null>;

/** Scheduler settings. */
export interface SchedulerOptions {
  clock: Clock;
  dispatch: Dispatch;
  policy?: PolicyOptions;
  /** Budget settings per account id. */
  budgetFor?: (accountId: string) => BudgetOptions;
  /** Requests in flight per account at most (default 2). */
  maxInFlight?: number;
}

/** Decides when each watched payment is checked, within each account's budget. */
export class Scheduler {
  readonly #opts: SchedulerOptions;
  readonly #policy: PolicyOptions;
  readonly #states = new Map<string, WatchState>();
  readonly #waiting = new MinHeap<string>();
  readonly #ready = new Map<string, Set<string>>();
  readonly #inFlight = new Map<string, number>();
  readonly #busy = new Set<string>();
  /** Payments asked to be checked now while their request was out: checked again after it (issue 15). */
  readonly #recheck = new Set<string>();
  readonly #budgets = new Map<string, AccountBudget>();
  /** Per account: urgent picks in a row made while an overdue payment waited. */
  readonly #urgentRun = new Map<string, number>();
  /** Per account: overdue picks in a row made while a payment within its bound was due. */
  readonly #overdueRun = new Map<string, number>();
  /** Young pending payments that spare budget checks early, worth most first (spare.ts). */
  readonly #spare = new SpareChecks();
  /** Block pace and required confirmations per network, learned from answers (issue 11, follow-up). */
  readonly #chains = new ChainLearner();
  /** When each provider's pending payments change, learned from checks (issue 11, follow-up). */
  readonly #changes: ChangeLearner;
  #timer: TimerHandle | null = null;
  #timerAt = Infinity;
  #paused = false;
  #stopped = false;
  #idleWaiters: Array<() => void> = [];

  constructor(opts: SchedulerOptions) {
    this.#opts = opts;
    const policy = opts.policy ?? DEFAULT_POLICY;
    // The policy times deposits by what answers taught about each network, unless given its own.
    this.#changes = new ChangeLearner((ageMs) => 1 / (ageMs + policy.tauMs));
    this.#policy = { ...policy, chains: policy.chains ?? this.#chains, changes: policy.changes ?? this.#changes };
  }

  /** What checks taught about when each provider's payments change. */
  get changes(): ChangeLearner {
    return this.#changes;
  }

  /** What answers taught about each network's blocks (the policy reads it; tests and the UI may too). */
  get chains(): ChainLearner {
    return this.#chains;
  }

  /** Number of payments the scheduler knows. */
  get size(): number {
    return this.#states.size;
  }

  /** The current state of a payment. */
  get(key: string): WatchState | undefined {
    return this.#states.get(key);
  }

  /** When a payment is next due (Infinity: not scheduled; a past time: waiting for budget). */
  dueAt(key: string): number {
    const s = this.#states.get(key);
    return s ? nextDueAt(s, this.#policy) : Infinity;
  }

  /** The budget of an account, created on first use. */
  budget(accountId: string): AccountBudget {
    let b = this.#budgets.get(accountId);
    if (!b) {
      b = new AccountBudget(this.#opts.clock.now(), this.#opts.budgetFor?.(accountId));
      this.#budgets.set(accountId, b);
    }
    return b;
  }

  /** Adds or replaces a payment's state and reschedules it. */
  upsert(state: WatchState): void {
    this.upsertMany([state]);
  }

  /** Adds or replaces many payments, then sets the one timer once (start-up loads 10,000 rows). */
  upsertMany(states: Iterable<WatchState>): void {
    this.#apply(states, (s) => s.urgent);
  }

  /**
   * Stores and places states. `asksNow`: whether this change asks for a check now; made while the
   * payment's request is out, its answer may predate what prompted the ask (a webhook's hint, a
   * refresh), so the payment is checked again after it instead of the ask being lost.
   */
  #apply(states: Iterable<WatchState>, asksNow: (s: WatchState) => boolean): void {
    for (const state of states) {
      const old = this.#states.get(state.key);
      if (old && old.accountId !== state.accountId) this.#ready.get(old.accountId)?.delete(state.key);
      this.#states.set(state.key, state);
      if (!this.#busy.has(state.key)) this.#place(state);
      else if (asksNow(state)) this.#recheck.add(state.key);
    }
    this.#pump();
  }

  /** Stops watching a payment. */
  remove(key: string): void {
    const s = this.#states.get(key);
    if (!s) return;
    this.#states.delete(key);
    this.#recheck.delete(key);
    this.#waiting.delete(key);
    this.#ready.get(s.accountId)?.delete(key);
    this.#spare.forget(key, s.accountId);
    this.#chains.forget(key);
    this.#pump();
  }

  /** Changes fields of a payment's state (pause, focus, refresh now) and reschedules it. */
  patch(key: string, change: Partial<Pick<WatchState, 'paused' | 'focused' | 'urgent' | 'stopped'>>): void {
    const s = this.#states.get(key);
    if (s) this.#apply([{ ...s, ...change }], () => change.urgent === true);
  }

  /** Sleep or offline: no requests until resume(). */
  pause(): void {
    this.#paused = true;
    this.#clearTimer();
  }

  /** Wake or online: catch up, within each account's budget. */
  resume(): void {
    this.#paused = false;
    this.#pump();
  }

  /** Ends all scheduling (the monitor is closing). */
  stop(): void {
    this.#stopped = true;
    this.#clearTimer();
  }

  /** Resolves once no check is in flight (tests and benchmarks step time with it). */
  whenIdle(): Promise<void> {
    if (this.#busy.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Applies an account's changed budget settings (from `budgetFor`) right away. */
  budgetChanged(accountId: string): void {
    this.#budgets.get(accountId)?.reconfigure(this.#opts.clock.now(), this.#opts.budgetFor?.(accountId) ?? {});
    this.#pump();
  }

  /** A key was replaced: re-evaluate who may be sent now. */
  poke(): void {
    this.#pump();
  }

  #place(s: WatchState): void {
    const now = this.#opts.clock.now();
    this.#spare.note(s, now, this.#policy);
    const due = archived(s, now, this.#policy) ? Infinity : nextDueAt(s, this.#policy);
    this.#ready.get(s.accountId)?.delete(s.key);
    if (due === Infinity) {
      this.#waiting.delete(s.key);
    } else if (due <= this.#opts.clock.now()) {
      this.#waiting.delete(s.key);
      this.#readySet(s.accountId).add(s.key);
    } else {
      this.#waiting.set(s.key, due);
    }
  }

  #readySet(accountId: string): Set<string> {
    let set = this.#ready.get(accountId);
    if (!set) {
      set = new Set();
      this.#ready.set(accountId, set);
    }
    return set;
  }

  /** Moves due payments to their account's queue, sends what budgets allow, and sets the one timer. */
  #pump(): void {
    if (this.#paused || this.#stopped) return;
    const now = this.#opts.clock.now();
    for (let top = this.#waiting.peek(); top && top.priority <= now; top = this.#waiting.peek()) {
      this.#waiting.pop();
      const s = this.#states.get(top.key);
      if (s) this.#readySet(s.accountId).add(s.key);
    }
    let wake = this.#waiting.peek()?.priority ?? Infinity;
    const maxInFlight = this.#opts.maxInFlight ?? 2;
    const accounts = new Set([...this.#ready.keys(), ...this.#spare.accounts()]);
    for (const accountId of accounts) {
      const ready = this.#readySet(accountId);
      const budget = this.budget(accountId);
      while ((this.#inFlight.get(accountId) ?? 0) < maxInFlight) {
        const at = budget.nextAvailableAt(now);
        if (at > now) {
          if (ready.size > 0 || this.#spare.has(accountId)) wake = Math.min(wake, at);
          break;
        }
        let key: string | null;
        if (ready.size > 0) {
          key = this.#best(accountId, ready, now, budget.limit(now));
          ready.delete(key);
          // Its request is out already (sent early from the spare budget): the answer places it again.
          if (this.#busy.has(key)) continue;
        } else {
          const spare = this.#spareCheck(accountId, budget, now);
          if (typeof spare === 'number') {
            wake = Math.min(wake, spare);
            break;
          }
          key = spare;
        }
        budget.take(now);
        this.#send(key, accountId);
      }
    }
    this.#setTimer(wake, now);
  }

  /**
   * Nobody is due and the account may send: the young pending payment worth most goes early, if
   * the account sent less than its limit allows over the last minute (so a long window's allowance
   * is spread over it, and new payments always find a slot within a request's interval). Otherwise
   * when to look again (Infinity: no candidates).
   */
  #spareCheck(accountId: string, budget: AccountBudget, now: number): string | number {
    if (!this.#spare.has(accountId)) return Infinity;
    const perMinute = budget.limit(now);
    const sent = budget.sentAfter(now - SPARE_SPAN_MS);
    if (sent >= (perMinute * SPARE_SPAN_MS) / 60_000) return now + Math.max(10, 60_000 / Math.max(1e-3, perMinute));
    return this.#spare.best(accountId, now, this.#policy, (key) => this.#states.get(key), this.#busy) ?? now + SPARE_RETRY_MS;
  }

  /**
   * The due payment that goes next (see the order at the top; linear in the queue, which only
   * grows when budget is short). Healthy due payments rank by the larger of their score over the
   * threshold and how far past their staleness bound they are: both are 1 when a payment is
   * exactly due, and the second grows linearly, so no payment waits forever behind young ones.
   */
  #best(accountId: string, ready: Set<string>, now: number, perMinute: number): string {
    let urgent = '';
    let fresh = '';
    let overdue = false;
    let routine = '';
    let routineRank = -Infinity;
    let latest = '';
    let lateRank = -Infinity;
    let lateCount = 0;
    let aged = '';
    let agedRank = -Infinity;
    let failing = '';
    let failingSince = Infinity;
    for (const key of ready) {
      const s = this.#states.get(key);
      if (!s) return key;
      if (s.failures > 0) {
        const since = s.lastCheckedAt ?? s.createdAt;
        if (since < failingSince) [failing, failingSince] = [key, since];
      } else if (s.urgent) {
        urgent ||= key;
      } else if (s.lastCheckedAt === null) {
        fresh ||= key;
      } else {
        const late = (now - s.lastCheckedAt) / stalenessBoundMs(s, this.#policy);
        const rank = urgency(s, now, this.#policy);
        if (Math.max(rank, late) > agedRank) [aged, agedRank] = [key, Math.max(rank, late)];
        if (late > 1) {
          overdue = true;
          lateCount += 1;
          if (late > lateRank) [latest, lateRank] = [key, late];
        } else if (rank > routineRank) {
          [routine, routineRank] = [key, rank];
        }
      }
    }
    const first = urgent || fresh;
    const run = this.#urgentRun.get(accountId) ?? 0;
    if (first && !(overdue && run >= URGENT_RUN)) {
      this.#urgentRun.set(accountId, overdue ? run + 1 : 0);
      return first;
    }
    this.#urgentRun.set(accountId, 0);
    // More overdue than a minute's budget: the bounds cannot all be kept, so all rank on one scale
    // (the likelihood of a change, or how far past the bound, whichever is larger: aging).
    if (lateCount > perMinute) return aged || first || failing;
    // Otherwise past its staleness bound a payment goes before those within theirs (the bound is kept
    // whenever the budget allows; ranking both by one scale let 80 gaps an hour overrun it at
    // 60/min), the latest first; but after OVERDUE_RUN in a row one within its bound goes, so
    // overdue payments cannot lock young ones out.
    const lateRun = this.#overdueRun.get(accountId) ?? 0;
    if (latest && !(routine && lateRun >= OVERDUE_RUN)) {
      this.#overdueRun.set(accountId, lateRun + 1);
      return latest;
    }
    this.#overdueRun.set(accountId, 0);
    return routine || latest || first || failing;
  }

  #send(key: string, accountId: string): void {
    const state = this.#states.get(key);
    if (!state) return;
    this.#busy.add(key);
    // Sent early (the spare budget) or urgently: its routine due time is spent, so it never goes twice at once.
    this.#waiting.delete(key);
    this.#ready.get(accountId)?.delete(key);
    this.#inFlight.set(accountId, (this.#inFlight.get(accountId) ?? 0) + 1);
    const finish = (next: WatchState | null): void => {
      this.#busy.delete(key);
      this.#inFlight.set(accountId, (this.#inFlight.get(accountId) ?? 1) - 1);
      // The payment may have been removed or changed while its request was out.
      const current = this.#states.get(key);
      const again = this.#recheck.delete(key);
      if (current) {
        if (next) {
          const learned = this.#learn(state, { ...next, paused: current.paused, focused: current.focused });
          const merged = again ? { ...learned, urgent: true, stopped: false } : learned;
          this.#states.set(key, merged);
          this.#place(merged);
        } else {
          this.#states.delete(key);
          this.#chains.forget(key);
        }
      }
      this.#pump();
      if (this.#busy.size === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
    };
    this.#opts.dispatch(state).then(finish, () => finish({ ...state, lastCheckedAt: this.#opts.clock.now(), urgent: false }));
  }

  /**
   * Feeds a successful answer to the chain learner, and notes when a deposit was first seen
   * (the policy backs off from that moment until the network is learned).
   */
  #learn(before: WatchState, next: WatchState): WatchState {
    // Only fresh answers about a payment not yet final: a final one's later checks teach nothing.
    const at = next.lastCheckedAt;
    if (!before.final && next.failures === 0 && at !== null && at !== before.lastCheckedAt) {
      this.#chains.observe(next.key, { network: next.network, depositSeen: next.depositSeen, confirmations: next.confirmations, final: next.final, at, confirmationAt: next.confirmationAt ?? null });
      if (before.lastCheckedAt !== null && before.status !== null && !before.depositSeen) this.#observeChange(before, next, at);
    }
    const seenAt = next.depositSeen ? (next.depositSeenAt ?? next.lastCheckedAt ?? this.#opts.clock.now()) : null;
    return seenAt === (next.depositSeenAt ?? null) ? next : { ...next, depositSeenAt: seenAt };
  }

  /**
   * Teaches the change learner what a check of a pending payment found. Expiry is no change to
   * learn (the policy is there at `expires_at` anyway): a payment that only expired counts as
   * unchanged up to its expiry.
   */
  #observeChange(before: WatchState, next: WatchState, at: number): void {
    const changed = next.depositSeen || next.status !== before.status;
    const expiredOnly = before.expiresAt !== null && at >= before.expiresAt && !next.depositSeen;
    const to = expiredOnly ? Math.min(at, before.expiresAt!) : at;
    this.#changes.observe(before.provider, before.lastCheckedAt! - before.createdAt, to - before.createdAt, changed && !expiredOnly);
  }

  #setTimer(at: number, now: number): void {
    if (at === this.#timerAt && this.#timer) return;
    this.#clearTimer();
    if (at === Infinity) return;
    this.#timerAt = at;
    this.#timer = this.#opts.clock.setTimer(() => {
      this.#timer = null;
      this.#timerAt = Infinity;
      this.#pump();
    }, at - now);
  }

  #clearTimer(): void {
    this.#timer?.cancel();
    this.#timer = null;
    this.#timerAt = Infinity;
  }
}
