/**
 * A clock whose time moves only when told to: scheduler tests and the benchmark
 * run hours of polling in seconds, with the same code the app runs.
 */
import type { Clock, TimerHandle } from './clock.ts';
import { MinHeap } from './heap.ts';

/** Lets pending promise chains (a dispatched check, a mocked fetch) run to completion. */
export async function settle(rounds = 3): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** A manual clock: timers fire in time order as `advanceTo` moves time forward. */
export class VirtualClock implements Clock {
  #now: number;
  #seq = 0;
  readonly #timers = new MinHeap<number>();
  readonly #due = new Map<number, { at: number; fn: () => void }>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimer(fn: () => void, delayMs: number): TimerHandle {
    const id = ++this.#seq;
    const at = this.#now + Math.max(0, delayMs);
    this.#due.set(id, { at, fn });
    // Ties fire in creation order: the sequence number breaks them.
    this.#timers.set(id, at + id / 2 ** 40);
    return {
      cancel: () => {
        this.#due.delete(id);
        this.#timers.delete(id);
      },
    };
  }

  /** The time of the next timer, or Infinity. */
  nextTimerAt(): number {
    const top = this.#timers.peek();
    return top ? (this.#due.get(top.key)?.at ?? Infinity) : Infinity;
  }

  /**
   * Moves time to `t`, firing every timer due on the way and letting its work settle;
   * `idle` waits for work that involves real I/O (a loopback HTTP request).
   */
  async advanceTo(t: number, idle?: () => Promise<void>): Promise<void> {
    await settle();
    if (idle) await idle();
    for (;;) {
      const top = this.#timers.peek();
      const timer = top && this.#due.get(top.key);
      if (!top || !timer || timer.at > t) break;
      this.#timers.pop();
      this.#due.delete(top.key);
      this.#now = Math.max(this.#now, timer.at);
      timer.fn();
      await settle();
      if (idle) await idle();
    }
    this.#now = Math.max(this.#now, t);
  }

  /** Moves time forward by `ms`. */
  advanceBy(ms: number, idle?: () => Promise<void>): Promise<void> {
    return this.advanceTo(this.#now + ms, idle);
  }
}
