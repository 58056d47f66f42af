/**
 * One scheduler, one timer, however many payments (issue 4). Payments wait in a
 * min-heap by the time they become due; due payments queue per account; whenever
 * an account's budget allows, the due payment with the highest score is checked.
 * 10,000 idle payments cost one timer and nothing per tick.
 */
import { AccountBudget, type BudgetOptions } from './budget.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { MinHeap } from './heap.ts';
import { DEFAULT_POLICY, nextDueAt, score, type PolicyOptions, type WatchState } from './policy.ts';

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
  #timer: TimerHandle | null = null;
  #timerAt = Infinity;
  #paused = false;
  #stopped = false;
  #idleWaiters: Array<() => void> = [];

  constructor(opts: SchedulerOptions) {
    this.#opts = opts;
    this.#policy = opts.policy ?? DEFAULT_POLICY;
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
    const due = nextDueAt(s, this.#policy);
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
      while (ready.size > 0 && (this.#inFlight.get(accountId) ?? 0) < maxInFlight) {
        const at = budget.nextAvailableAt(now);
        if (at > now) {
          wake = Math.min(wake, at);
          break;
        }
        const key = this.#best(ready, now);
        ready.delete(key);
        budget.take(now);
        this.#send(key, accountId);
      }
    }
    this.#setTimer(wake, now);
  }

  /** The due payment with the highest score (linear in the queue, which only grows when budget is short). */
  #best(ready: Set<string>, now: number): string {
    let bestKey = '';
    let best = -Infinity;
    for (const key of ready) {
      const s = this.#states.get(key);
      const v = s ? score(s, now, this.#policy) : -1;
      if (v > best) {
        best = v;
        bestKey = key;
        if (v === Infinity) break;
      }
    }
    return bestKey;
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
          const merged = { ...next, paused: current.paused, focused: current.focused };
          this.#states.set(key, merged);
          this.#place(merged);
        } else {
          this.#states.delete(key);
        }
      }
      this.#pump();
      if (this.#busy.size === 0) for (const wake of this.#idleWaiters.splice(0)) wake();
    };
    this.#opts.dispatch(state).then(finish, () => finish({ ...state, lastCheckedAt: this.#opts.clock.now(), urgent: false }));
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
