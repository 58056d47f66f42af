/**
 * The engine's memory for watch alerts (issue 14, ../alerts/watch-alerts.ts): when each payment's
 * pending episode began and since when its deposit's confirmation count stands still, and one
 * timer for the next time-driven alert (stuck pending, about to expire), so those fire on time with
 * no status change and no request. 10,000 waiting payments cost one timer.
 */
import { isDepositPayment, type Payment } from '../../shared/payment.ts';
import type { WatchFacts } from '../alerts/watch-alerts.ts';
import type { Clock, TimerHandle } from './clock.ts';
import { MinHeap } from './heap.ts';

/** A status change as the engine saw it or the store kept it. */
export interface SeenChange {
  from: string | null;
  to: string;
  /** When Paymon saw it (ISO). */
  seenAt: string;
}

interface Memory {
  pendingSince: number | null;
  tx: string | null;
  count: number | null;
  countSince: number | null;
  /** The network's expected block time when the count last moved: a stall must not stretch its own yardstick. */
  blockMs: number;
  /** When the last answer came. */
  observedAt: number;
}

const ms = (text: string | null | undefined): number | null => {
  const t = text ? Date.parse(text) : NaN;
  return Number.isNaN(t) ? null : t;
};

/** When the pending episode began: the change into pending, or creation when it was pending from the first answer. */
export function pendingSinceOf(payment: Payment, change: SeenChange | null | undefined, fallback: number): number | null {
  if (payment.status !== 'pending') return null;
  if (!change || change.to !== 'pending') return ms(payment.createdAt) ?? fallback;
  return change.from === null ? (ms(payment.createdAt) ?? ms(change.seenAt) ?? fallback) : (ms(change.seenAt) ?? fallback);
}

/** Per-payment facts for watch alerts, and the one timer. */
export class WatchAlarms {
  readonly #clock: Clock;
  readonly #onDue: (keys: string[]) => void;
  readonly #memory = new Map<string, Memory>();
  readonly #due = new MinHeap<string>();
  #timer: TimerHandle | null = null;
  #timerAt = Infinity;
  #stopped = false;
  #paused = false;

  /** `onDue` gets the keys whose time-driven alert fell due. */
  constructor(clock: Clock, onDue: (keys: string[]) => void) {
    this.#clock = clock;
    this.#onDue = onDue;
  }

  /**
   * Takes in an answer of `key` seen at `observedAt`: `change` is its status change (null: none), or
   * for a payment not seen before in this process the store's newest change. Returns the facts.
   */
  observe(key: string, payment: Payment, change: SeenChange | null, observedAt: number, blockMs: number): WatchFacts {
    const old = this.#memory.get(key);
    const pendingSince = old && !change ? old.pendingSince : pendingSinceOf(payment, change, observedAt);
    const deposit = isDepositPayment(payment) ? payment : null;
    const tx = deposit?.txHash ?? null;
    const count = tx === null ? null : typeof deposit?.confirmations === 'number' ? deposit.confirmations : 0;
    let countSince: number | null = null;
    let pace = blockMs;
    if (tx !== null) {
      if (old && old.tx === tx && old.count === count) {
        countSince = old.countSince;
        pace = old.blockMs;
      } else {
        // The count moved (or the deposit appeared) since the last answer: its updated_at says when, if it
        // falls between the two answers (the spec does not promise it moves with confirmations);
        // else from this answer, never earlier than the facts allow. First answer in this process: now.
        const updated = ms(payment.updatedAt);
        const prevAt = old?.observedAt ?? null;
        countSince = updated !== null && prevAt !== null && updated >= prevAt && updated <= observedAt ? updated : observedAt;
      }
    }
    this.#memory.set(key, { pendingSince, tx, count, countSince, blockMs: pace, observedAt });
    return { payment, pendingSince, observedAt, confirmationsSince: countSince, blockMs: pace };
  }

  /** The facts last observed of `key` (null: none), for a time-driven check with no new answer. */
  facts(key: string, payment: Payment, observedAt: number): WatchFacts | null {
    const m = this.#memory.get(key);
    if (!m) return null;
    return { payment, pendingSince: m.pendingSince, observedAt, confirmationsSince: m.countSince, blockMs: m.blockMs };
  }

  /** Sets when `key`'s next time-driven alert falls due (null: none). */
  schedule(key: string, at: number | null): void {
    if (at === null) this.#due.delete(key);
    else this.#due.set(key, at);
    this.#arm();
  }

  /** `key` left the watchlist. */
  forget(key: string): void {
    this.#memory.delete(key);
    this.#due.delete(key);
    this.#arm();
  }

  /** Keys known, for a settings change. */
  keys(): string[] {
    return [...this.#memory.keys()];
  }

  /** Sleep/offline: no alarm fires until resume(). */
  pause(): void {
    this.#paused = true;
    this.#timer?.cancel();
    this.#timer = null;
    this.#timerAt = Infinity;
  }

  /** Wake/online: alarms that fell due meanwhile fire now. */
  resume(): void {
    this.#paused = false;
    this.#arm();
  }

  /** No more timers. */
  stop(): void {
    this.#stopped = true;
    this.#timer?.cancel();
    this.#timer = null;
    this.#timerAt = Infinity;
  }

  #arm(): void {
    if (this.#stopped || this.#paused) return;
    const at = this.#due.peek()?.priority ?? Infinity;
    if (at === this.#timerAt && this.#timer) return;
    this.#timer?.cancel();
    this.#timer = null;
    this.#timerAt = at;
    if (at === Infinity) return;
    this.#timer = this.#clock.setTimer(() => this.#fire(), at - this.#clock.now());
  }

  #fire(): void {
    this.#timer = null;
    this.#timerAt = Infinity;
    const now = this.#clock.now();
    const keys: string[] = [];
    for (let top = this.#due.peek(); top && top.priority <= now; top = this.#due.peek()) keys.push(this.#due.pop()!.key);
    if (keys.length > 0) this.#onDue(keys);
    this.#arm();
  }
}
