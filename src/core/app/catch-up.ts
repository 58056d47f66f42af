/**
 * Catch-up after sleep or offline (issue 13). When polling comes back after a while away, the
 * payments that may have moved are checked again, the longest unchecked first, a few at a time so
 * the budget's pacing still applies; the alerts those checks raise are gathered instead of shown
 * one by one, and one "While you were away" summary says what reached a final status, what
 * changed, and what is still pending. The user's own pause is not "away": it has its own marker.
 */
import { isWatchAlertKind } from '../../shared/alert-history.ts';
import type { AwaySummaryView } from '../../shared/ipc.ts';
import { isDepositPayment, type Payment } from '../../shared/payment.ts';
import type { TimerHandle } from '../monitor/clock.ts';
import type { EngineEvent } from '../monitor/engine.ts';
import type { AppContext } from './context.ts';
import { notificationText } from './notify-text.ts';

/** Shorter holds (a Wi-Fi blip) just resume: nothing worth a summary can have piled up. */
export const MIN_AWAY_MS = 60_000;
/** Rechecks in flight at once: enough to finish soon, few enough that older ones go first. */
export const CATCH_UP_PARALLEL = 4;
/** The summary comes by then even if some rechecks are still waiting for budget. */
export const CATCH_UP_MAX_MS = 120_000;

/** Which pending payments to recheck, the longest unchecked first (never checked before all). */
export function catchUpOrder(ctx: AppContext): string[] {
  const rows = ctx.store.listWatches({ final: false }).filter((r) => !r.paused);
  const at = (t: string | null) => (t === null ? -Infinity : Date.parse(t));
  return rows.sort((a, b) => at(a.lastCheckedAt) - at(b.lastCheckedAt) || Date.parse(a.addedAt) - Date.parse(b.addedAt)).map((r) => r.key);
}

/** One catch-up: rechecks in order, gathers what happened, then hands over the summary once. */
export class CatchUp {
  readonly #ctx: AppContext;
  readonly #since: number;
  readonly #queue: string[];
  readonly #inFlight = new Set<string>();
  readonly #checked = new Set<string>();
  readonly #final = new Map<string, { key: string; title: string; body: string }>();
  readonly #changed = new Map<string, AwaySummaryView['changed'][number]>();
  /** The deposits' progress when polling stopped, to tell "deposit seen" and moved confirmations. */
  readonly #depositsBefore = new Map<string, DepositMark>();
  /** History rows of the gathered alerts the desktop would have shown: the summary announces them. */
  readonly #alertIds: number[] = [];
  readonly #done: (summary: AwaySummaryView, alertIds: readonly number[]) => void;
  readonly #timer: TimerHandle;
  #finished = false;

  /** Starts rechecking; `done` gets the summary when every recheck answered or the time is up. */
  constructor(ctx: AppContext, since: number, done: (summary: AwaySummaryView, alertIds: readonly number[]) => void) {
    this.#ctx = ctx;
    this.#since = since;
    this.#done = done;
    this.#queue = catchUpOrder(ctx);
    for (const key of this.#queue) {
      const mark = depositMark(ctx.store.getWatch(key)?.payment ?? null);
      if (mark) this.#depositsBefore.set(key, mark);
    }
    this.#timer = ctx.clock.setTimer(() => this.#finish(), CATCH_UP_MAX_MS);
    this.#next();
  }

  /** Whether alerts are being gathered (instead of shown) right now. */
  get active(): boolean {
    return !this.#finished;
  }

  /** Every engine event while active: a recheck answered, a status changed, an alert raised. */
  observe(e: EngineEvent): void {
    if (this.#finished) return;
    if (e.type === 'status-changed') {
      this.#changed.set(e.key, { key: e.key, id: e.payment.id, from: this.#changed.get(e.key)?.from ?? e.from, to: e.to });
    } else if (e.type === 'notify' && !isWatchAlertKind(e.kind)) {
      // A watch alert (stuck, expiring) is about now, not what happened while away: told on its own.
      const { title, body } = notificationText(e.payment, e.to, e);
      this.#final.set(e.key, { key: e.key, title, body });
      if (e.alert.decision === 'desktop') this.#alertIds.push(e.alert.id);
    } else if ((e.type === 'payment-updated' || e.type === 'payment-error') && this.#inFlight.delete(e.key)) {
      this.#checked.add(e.key);
      if (e.type === 'payment-updated') this.#noteDeposit(e.key);
      this.#next();
    }
  }

  /** Stops without a summary (the service closes, or polling stopped again: the next catch-up covers it). */
  cancel(): void {
    this.#finished = true;
    this.#timer.cancel();
  }

  /** A deposit that appeared or gained confirmations without changing status is a change too. */
  #noteDeposit(key: string): void {
    const before = this.#depositsBefore.get(key);
    const payment = this.#ctx.store.getWatch(key)?.payment ?? null;
    const now = depositMark(payment);
    if (!before || !now || !payment || this.#changed.has(key)) return;
    const detail = depositProgress(before, now);
    if (detail) this.#changed.set(key, { key, id: payment.id, from: payment.status, to: payment.status, detail });
  }

  #next(): void {
    while (this.#inFlight.size < CATCH_UP_PARALLEL && this.#queue.length > 0) {
      const key = this.#queue.shift()!;
      if (!this.#ctx.store.getWatch(key)) continue;
      this.#inFlight.add(key);
      this.#ctx.watchlist.refresh([key]);
    }
    if (this.#inFlight.size === 0 && this.#queue.length === 0) this.#finish();
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#timer.cancel();
    const pending = this.#ctx.store.listWatches({ final: false }).filter((r) => !r.paused);
    // A change that ended final is told under "reached final"; the others are the moves in between.
    const changed = [...this.#changed.values()].filter((c) => !this.#final.has(c.key));
    this.#done({
      since: new Date(this.#since).toISOString(),
      until: new Date(this.#ctx.clock.now()).toISOString(),
      rechecked: this.#checked.size,
      reachedFinal: [...this.#final.values()],
      changed,
      stillPending: pending.map((r) => r.key),
      notRechecked: pending.filter((r) => !this.#checked.has(r.key)).length,
    }, this.#alertIds);
  }
}

/** What a deposit showed: whether its transaction was seen, and its confirmations. */
interface DepositMark {
  tx: boolean;
  confirmations: number;
}

function depositMark(p: Payment | null): DepositMark | null {
  return isDepositPayment(p) ? { tx: p.txHash !== null, confirmations: p.confirmations ?? 0 } : null;
}

/** "deposit seen, 2 confirmations", "3 → 9 confirmations", or null when the deposit did not move. */
export function depositProgress(before: DepositMark, now: DepositMark): string | null {
  const plural = (n: number) => `${n} confirmation${n === 1 ? '' : 's'}`;
  if (!before.tx && now.tx) return `deposit seen, ${plural(now.confirmations)}`;
  if (now.confirmations > before.confirmations) return `${before.confirmations} → ${plural(now.confirmations)}`;
  return null;
}

/** The one desktop notification for a summary, or null when nothing happened worth interrupting for. */
export function awayNotification(s: AwaySummaryView): { title: string; body: string } | null {
  if (s.reachedFinal.length === 0 && s.changed.length === 0) return null;
  const parts = [
    s.reachedFinal.length > 0 ? `${s.reachedFinal.length} reached a final status` : null,
    s.changed.length > 0 ? `${s.changed.length} changed` : null,
    `${s.stillPending.length} still pending`,
  ].filter((p) => p !== null);
  const first = s.reachedFinal.slice(0, 3).map((f) => f.title);
  return { title: 'While you were away', body: [parts.join(', '), ...first].join('\n') };
}
