/**
 * One scheduler, one timer, however many payments (issue 4). Payments wait in a
 * min-heap by the time they become due; due payments queue per account; whenever
 * an account's budget allows, one due payment is checked. 10,000 idle payments cost
 * one timer and nothing per tick.
 *
 * Who goes first (issue 11: no starvation):
 * 1. "check now" and never-checked payments, but while others are overdue they take at most
 *    URGENT_RUN tokens in a row, so a stream of new payments cannot lock anyone out;
 * 2. other due payments, by the larger of score/threshold and time since the last check over the
 *    staleness bound (`stalenessBoundMs`): aging, so whoever waits long enough goes next;
 * 3. failing payments (5xx, timeouts, bad answers) after their jittered backoff, only when no
 *    healthy payment is waiting: their retries never take a healthy payment's turn.
 */
import { AccountBudget, type BudgetOptions } from './budget.ts';
import { ChainLearner } from './chain-learner.ts';
import { ChangeLearner } from './change-learner.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { MinHeap } from './heap.ts';
import { archived, DEFAULT_POLICY, nextDueAt, stalenessBoundMs, urgency, type PolicyOptions, type WatchState } from './policy.ts';

/** Tokens in a row that urgent payments may take while another payment is overdue. */
export const URGENT_RUN = 3;

/**
 * Spare budget becomes earlier checks (issue 11): every PACE_PERIOD_MS an account that sent less
 * than PACE_LOW of what its limit allowed, with nobody kept waiting, lowers its threshold by
 * PACE_STEP (down to PACE_MIN of the policy's), so payments younger than PACE_AGE_MS are
 * checked more densely; an
 * account whose payments waited for budget, or that sent near its limit, raises it back.
 */
const PACE_PERIOD_MS = 30_000;
const PACE_LOW = 0.85;
const PACE_HIGH = 0.95;
const PACE_STEP = 0.7;
const PACE_MIN = 0.02;
/** Only payments younger than this are checked earlier with spare budget (changes cluster early). */
const PACE_AGE_MS = 3600_000;
/** Due payments queued behind the budget that count as "kept waiting" (one or two just wait for the pacing slot). */
const PACE_BACKLOG = 20;

/** One account's pacing: its threshold factor and what the current period saw. */
interface Pace {
  factor: number;
  policy: PolicyOptions;
  since: number;
  sent: number;
  starved: boolean;
}

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
  readonly #budgets = new Map<string, AccountBudget>();
  /** Per account: urgent picks in a row made while an overdue payment waited. */
  readonly #urgentRun = new Map<string, number>();
  readonly #pace = new Map<string, Pace>();
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
    return s ? nextDueAt(s, this.#policyFor(s.accountId, s.createdAt)) : Infinity;
  }

  /** An account's threshold factor now (1: the policy's own; lower: spare budget spent on earlier checks). */
  paceOf(accountId: string): number {
    return this.#pace.get(accountId)?.factor ?? 1;
  }

  #policyFor(accountId: string, createdAt = -Infinity): PolicyOptions {
    if (this.#opts.clock.now() - createdAt > PACE_AGE_MS) return this.#policy;
    return this.#pace.get(accountId)?.policy ?? this.#policy;
  }

  /** Closes a pacing period of an account that is about to send (see PACE_PERIOD_MS). */
  #adjustPace(accountId: string, budget: AccountBudget, now: number): Pace {
    let pace = this.#pace.get(accountId);
    if (!pace) {
      pace = { factor: 1, policy: this.#policy, since: now, sent: 0, starved: false };
      this.#pace.set(accountId, pace);
    }
    if (now - pace.since < PACE_PERIOD_MS) return pace;
    const allowed = (budget.limit(now) * (now - pace.since)) / 60_000;
    let factor = pace.factor;
    // Payments queuing for budget: give the spare share back twice as fast as it was taken.
    if (pace.starved) factor = Math.min(1, factor / (PACE_STEP * PACE_STEP));
    else if (pace.sent > PACE_HIGH * allowed) factor = Math.min(1, factor / PACE_STEP);
    else if (pace.sent < PACE_LOW * allowed) factor = Math.max(PACE_MIN, factor * PACE_STEP);
    if (factor !== pace.factor) {
      pace.factor = factor;
      pace.policy = factor === 1 ? this.#policy : { ...this.#policy, threshold: this.#policy.threshold * factor, checkWorthMs: this.#policy.checkWorthMs * factor };
    }
    pace.since = now;
    pace.sent = 0;
    pace.starved = false;
    return pace;
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
    for (const state of states) {
      const old = this.#states.get(state.key);
      if (old && old.accountId !== state.accountId) this.#ready.get(old.accountId)?.delete(state.key);
      this.#states.set(state.key, state);
      if (!this.#busy.has(state.key)) this.#place(state);
    }
    this.#pump();
  }

  /** Stops watching a payment. */
  remove(key: string): void {
    const s = this.#states.get(key);
    if (!s) return;
    this.#states.delete(key);
    this.#waiting.delete(key);
    this.#ready.get(s.accountId)?.delete(key);
    this.#chains.forget(key);
    this.#pump();
  }

  /** Changes fields of a payment's state (pause, focus, refresh now) and reschedules it. */
  patch(key: string, change: Partial<Pick<WatchState, 'paused' | 'focused' | 'urgent' | 'stopped'>>): void {
    const s = this.#states.get(key);
    if (s) this.upsert({ ...s, ...change });
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
    const due = archived(s, this.#opts.clock.now(), this.#policy) ? Infinity : nextDueAt(s, this.#policyFor(s.accountId, s.createdAt));
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
    for (const [accountId, ready] of this.#ready) {
      if (ready.size === 0) continue;
      const budget = this.budget(accountId);
      const pace = this.#adjustPace(accountId, budget, now);
      while (ready.size > 0 && (this.#inFlight.get(accountId) ?? 0) < maxInFlight) {
        const at = budget.nextAvailableAt(now);
        if (at > now) {
          // Due payments queue for budget: no spare budget to spend on earlier checks.
          if (ready.size >= PACE_BACKLOG) pace.starved = true;
          wake = Math.min(wake, at);
          break;
        }
        const key = this.#best(accountId, ready, now);
        ready.delete(key);
        budget.take(now);
        pace.sent += 1;
        this.#send(key, accountId);
      }
    }
    this.#setTimer(wake, now);
  }

  /**
   * The due payment that goes next (see the order at the top; linear in the queue, which only
   * grows when budget is short). Healthy due payments rank by the larger of their score over the
   * threshold and how far past their staleness bound they are: both are 1 when a payment is
   * exactly due, and the second grows linearly, so no payment waits forever behind young ones.
   */
  #best(accountId: string, ready: Set<string>, now: number): string {
    let urgent = '';
    let fresh = '';
    let overdue = false;
    let routine = '';
    let routineRank = -Infinity;
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
        if (late > 1) overdue = true;
        const rank = Math.max(urgency(s, now, this.#policy), late);
        if (rank > routineRank) [routine, routineRank] = [key, rank];
      }
    }
    const first = urgent || fresh;
    const run = this.#urgentRun.get(accountId) ?? 0;
    if (first && !(overdue && run >= URGENT_RUN)) {
      this.#urgentRun.set(accountId, overdue ? run + 1 : 0);
      return first;
    }
    this.#urgentRun.set(accountId, 0);
    return routine || first || failing;
  }

  #send(key: string, accountId: string): void {
    const state = this.#states.get(key);
    if (!state) return;
    this.#busy.add(key);
    this.#inFlight.set(accountId, (this.#inFlight.get(accountId) ?? 0) + 1);
    const finish = (next: WatchState | null): void => {
      this.#busy.delete(key);
      this.#inFlight.set(accountId, (this.#inFlight.get(accountId) ?? 1) - 1);
      // The payment may have been removed or changed while its request was out.
      const current = this.#states.get(key);
      if (current) {
        if (next) {
          const merged = this.#learn(state, { ...next, paused: current.paused, focused: current.focused });
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
      this.#chains.observe(next.key, { network: next.network, depositSeen: next.depositSeen, confirmations: next.confirmations, final: next.final, at });
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
