/**
 * The naive baseline the issue compares against: per account, a fixed round-robin
 * over every non-final payment, as fast as the same AccountBudget token bucket the
 * engine uses allows, waiting out a 429's Retry-After. New payments join the end of
 * the cycle. It drives PaymentLookup directly, on the same virtual clock.
 */
import { AccountBudget, type BudgetOptions } from '../src/core/monitor/budget.ts';
import type { Clock } from '../src/core/monitor/clock.ts';
import type { PaymentLookup } from '../src/core/lookup.ts';
import type { Provider } from '../src/shared/payment.ts';
import { refKey, type PaymentRef } from '../src/shared/refs.ts';
import type { RequestLimiter } from './aws-limiter.ts';

/** A new status the monitor saw (the first answer counts, from null). */
export interface StatusReport {
  key: string;
  status: string;
  at: number;
}

interface Entry {
  key: string;
  ref: PaymentRef;
  status: string | null;
}

/** Per-account round-robin polling within a budget. */
export class NaiveMonitor {
  readonly #clock: Clock;
  readonly #lookup: PaymentLookup;
  readonly #onStatus: (r: StatusReport) => void;
  readonly #cycles = new Map<Provider, Entry[]>();
  /** Loops waiting for a payment to be added, by provider. */
  readonly #waiting = new Map<Provider, () => void>();
  #running = 0;
  #stopped = false;
  #idleWaiters: Array<() => void> = [];

  readonly #limiter: (now: number) => RequestLimiter;

  /**
   * `limiter` makes each account's request limiter (default: the engine's AccountBudget with
   * `budget`); the scenarios feed the round-robin through an AWS-style limiter instead.
   */
  constructor(opts: {
    clock: Clock;
    lookup: PaymentLookup;
    onStatus: (r: StatusReport) => void;
    budget?: BudgetOptions;
    limiter?: (now: number) => RequestLimiter;
  }) {
    const budget = opts.budget;
    this.#limiter = opts.limiter ?? ((now) => new AccountBudget(now, budget));
    this.#clock = opts.clock;
    this.#lookup = opts.lookup;
    this.#onStatus = opts.onStatus;
  }

  /** Adds payments to the end of their account's cycle; `status` is what an earlier session saw. */
  add(ref: PaymentRef, status: string | null = null): void {
    let cycle = this.#cycles.get(ref.provider);
    if (!cycle) {
      cycle = [];
      this.#cycles.set(ref.provider, cycle);
    }
    cycle.push({ key: refKey(ref), ref, status });
    const wake = this.#waiting.get(ref.provider);
    if (wake) {
      this.#waiting.delete(ref.provider);
      this.#running += 1;
      wake();
    }
  }

  /** Starts one polling loop per provider. */
  start(): void {
    for (const provider of ['card2crypto', 'paycrypt'] as const) {
      this.#running += 1;
      void this.#loop(provider);
    }
  }

  /** Stops polling; loops end at their next wait. */
  stop(): void {
    this.#stopped = true;
  }

  /** Resolves once every loop waits for time or work (the virtual clock steps with it). */
  whenIdle(): Promise<void> {
    if (this.#running === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Parks the loop (not running) until `wake` is called. */
  #park(register: (wake: () => void) => void): Promise<void> {
    this.#running -= 1;
    if (this.#running === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
    return new Promise((resolve) => register(resolve));
  }

  #sleep(ms: number): Promise<void> {
    return this.#park((wake) =>
      this.#clock.setTimer(() => {
        this.#running += 1;
        wake();
      }, ms),
    );
  }

  async #loop(provider: Provider): Promise<void> {
    const budget = this.#limiter(this.#clock.now());
    let i = 0;
    while (!this.#stopped) {
      const cycle = this.#cycles.get(provider) ?? [];
      if (cycle.length === 0) {
        await this.#park((wake) => this.#waiting.set(provider, wake));
        continue;
      }
      const now = this.#clock.now();
      const at = budget.nextAvailableAt(now);
      if (at > now) {
        await this.#sleep(at - now);
        continue;
      }
      if (i >= cycle.length) i = 0;
      const entry = cycle[i]!;
      budget.take(now);
      const result = await this.#lookup.lookup(entry.ref);
      const seenAt = this.#clock.now();
      if (result.ok) {
        budget.succeeded?.(seenAt);
        if (result.payment.status !== entry.status) {
          entry.status = result.payment.status;
          this.#onStatus({ key: entry.key, status: entry.status, at: seenAt });
        }
        // Final: out of the cycle (the next payment slides into place i).
        if (result.payment.final) cycle.splice(i, 1);
        else i += 1;
      } else if (result.error.kind === 'rate_limited') {
        // Honour the provider's wait, then ask for the same payment again.
        budget.rateLimited(seenAt, result.error.retryAfterSeconds);
      } else {
        i += 1;
      }
    }
    this.#running -= 1;
    if (this.#running === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }
}
