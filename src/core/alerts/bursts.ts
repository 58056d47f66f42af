/**
 * Bursts (issue 14): desktop notifications that fall due together (a catch-up after sleep, a
 * busy minute, the demo) become one "12 payments completed ($1,240.00)" that opens the alert
 * list, never a flood. Each alert keeps its own history row; the group is marked on them.
 */
import { formatAmount } from '../../shared/format.ts';
import { isWatchAlertKind, type AlertView, type WatchAlertKindView } from '../../shared/alert-history.ts';
import type { Clock, TimerHandle } from '../monitor/clock.ts';

/**
 * A batch stays open while alerts keep coming less than `windowMs` apart (checks of one account are
 * spread about a second apart by its budget), but no alert waits longer than `maxHoldMs`; a batch
 * of `threshold` or more is a burst. A busy minute (`busyAfter` notifications raised in the last
 * `busyWindowMs`) holds each new batch `busyHoldMs` and groups two or more: a wave the engine
 * finds a few seconds apart (each payment is checked on its own schedule) is a few notifications a
 * minute, where the soak counted 25-30 a minute with the 2 s window alone.
 */
export const BURST = { windowMs: 2_000, maxHoldMs: 10_000, threshold: 4, busyAfter: 2, busyWindowMs: 60_000, busyHoldMs: 30_000 } as const;

type BurstOptions = { windowMs: number; maxHoldMs: number; threshold: number; busyAfter: number; busyWindowMs: number; busyHoldMs: number };

/** A notification to raise: one alert's, or a burst's (key null: it opens the alert list). */
export interface BurstNotice {
  key: string | null;
  title: string;
  body: string;
  alertIds: number[];
  sound: boolean;
}

/** How a burst of one kind of watch alert is worded (a status change's is its status word). */
const WATCH_WORDS: Record<WatchAlertKindView, string> = {
  'stuck-pending': 'pending too long',
  'expiring': 'about to expire',
  'stalled': 'with stalled confirmations',
  'deposit-seen': 'with a deposit seen',
  'confirmations': 'reached a confirmations milestone',
};

/**
 * "12 payments completed ($1,240.00)": one status word when they share it (or one kind of watch
 * alert: "5 payments pending too long"), sums per currency, exact.
 */
export function burstText(alerts: readonly AlertView[]): { title: string; body: string } {
  const kinds = new Set(alerts.map((a) => a.kind));
  const only = kinds.size === 1 ? [...kinds][0]! : null;
  const watchWord = only !== null && isWatchAlertKind(only) ? WATCH_WORDS[only] : undefined;
  const statuses = new Set(alerts.map((a) => a.to));
  const anyWatch = alerts.some((a) => isWatchAlertKind(a.kind));
  const word = watchWord ?? (anyWatch ? 'to look at' : statuses.size === 1 ? [...statuses][0]! : 'finished');
  const sums = new Map<string, number>();
  for (const a of alerts) sums.set(a.currency.toUpperCase(), (sums.get(a.currency.toUpperCase()) ?? 0) + a.amountMinor);
  const amounts = [...sums].sort(([a], [b]) => a.localeCompare(b)).map(([c, minor]) => formatAmount(minor, c));
  return { title: `${alerts.length} payments ${word} (${amounts.join(' + ')})`, body: 'Open Paymon to see each one in the alert list.' };
}

/** Collects desktop alerts while they keep coming (BURST), then raises them one by one or as one. */
export class BurstGrouper {
  readonly #clock: Clock;
  readonly #raise: (n: BurstNotice, grouped: readonly AlertView[]) => void;
  readonly #opts: BurstOptions;
  #batch: AlertView[] = [];
  #firstAt = 0;
  /** The open batch started in a busy minute. */
  #busy = false;
  /** When the notifications of the last `busyWindowMs` were raised. */
  #raisedAt: number[] = [];
  #timer: TimerHandle | null = null;

  /** `raise` gets each notice, and for a burst the alerts it stands for (to mark them grouped). */
  constructor(clock: Clock, raise: (n: BurstNotice, grouped: readonly AlertView[]) => void, opts: BurstOptions = BURST) {
    this.#clock = clock;
    this.#raise = raise;
    this.#opts = opts;
  }

  /** An alert whose decision is a desktop notification. */
  push(alert: AlertView): void {
    const now = this.#clock.now();
    if (this.#batch.length === 0) {
      this.#firstAt = now;
      this.#raisedAt = this.#raisedAt.filter((t) => t > now - this.#opts.busyWindowMs);
      this.#busy = this.#raisedAt.length >= this.#opts.busyAfter;
    }
    this.#batch.push(alert);
    this.#timer?.cancel();
    const wait = this.#busy ? this.#firstAt + this.#opts.busyHoldMs - now : Math.min(this.#opts.windowMs, this.#firstAt + this.#opts.maxHoldMs - now);
    this.#timer = this.#clock.setTimer(() => this.flush(), Math.max(0, wait));
  }

  /** Raises what is collected now. */
  flush(): void {
    this.#timer?.cancel();
    this.#timer = null;
    const batch = this.#batch;
    this.#batch = [];
    const now = this.#clock.now();
    if (batch.length >= this.#opts.threshold || (this.#busy && batch.length >= 2)) {
      const ids = batch.map((a) => a.id);
      this.#raisedAt.push(now);
      this.#raise({ key: null, ...burstText(batch), alertIds: ids, sound: batch.some((a) => a.sound) }, batch);
      return;
    }
    for (const a of batch) {
      this.#raisedAt.push(now);
      this.#raise({ key: a.key, title: a.title, body: a.body, alertIds: [a.id], sound: a.sound }, []);
    }
  }

  /** Drops what is collected (shutting down: the rows stay 'pending' in the history). */
  close(): void {
    this.#timer?.cancel();
    this.#timer = null;
    this.#batch = [];
  }
}
