/**
 * Watch alerts in the engine (issue 14): after each answer, and when the one timer or a settings
 * change says so, works out which of a payment's stuck, expiring, stalled and milestone alerts are
 * due (../alerts/watch-alerts.ts), claims each in the announcement ledger under its episode's name
 * and records it with its decision (the same decider as status changes), in the caller's or its own
 * transaction, then schedules the next time-driven one.
 */
import { isDepositPayment, type Payment } from '../../shared/payment.ts';
import type { AlertDecider, AlertDraft } from '../alerts/decide.ts';
import { loadAlertSettings } from '../alerts/settings.ts';
import { watchAlerts, type WatchAlert, type WatchFacts } from '../alerts/watch-alerts.ts';
import type { PaymonStore, WatchRow } from '../store/index.ts';
import type { Clock } from './clock.ts';
import type { NotifyEvent } from './engine.ts';
import { blockTimeMs } from './policy.ts';
import type { Scheduler } from './scheduler.ts';
import { WatchAlarms, type SeenChange } from './watch-alarms.ts';

/** What the runner works with: the engine's store, clock, scheduler, decider and event outlet. */
export interface WatchAlertDeps {
  store: PaymonStore;
  clock: Clock;
  scheduler: Scheduler;
  decide: AlertDecider;
  emit(e: NotifyEvent): void;
}

/**
 * How old a stored answer may be for start-up to trust it for the stuck and expiring alarms: as old
 * as the running engine lets a pending payment's answer grow (its age when answered), within these.
 */
export const RESTORE_FRESH_MS = { min: 10 * 60_000, max: 30 * 60_000 } as const;

const ms = (iso: string | null | undefined): number | null => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(t) ? null : t;
};

/** Decides, claims and schedules the watch alerts of the engine's payments. */
export class WatchAlertRunner {
  readonly #d: WatchAlertDeps;
  readonly #alarms: WatchAlarms;
  /** When polling last resumed after sleep or going offline: answers from before say nothing of now. */
  #resumedAt = -Infinity;

  constructor(deps: WatchAlertDeps) {
    this.#d = deps;
    this.#alarms = new WatchAlarms(deps.clock, (keys) => this.#due(keys));
  }

  /**
   * After an answer, inside the transaction that records it: `change` is its status change (null:
   * none). Returns the claimed alerts, for the engine to emit after the commit.
   */
  afterAnswer(key: string, payment: Payment, account: string | null, change: SeenChange | null, now: number, at: string): NotifyEvent[] {
    return this.#judge(key, payment, account, change, now, at, now);
  }

  /**
   * Start-up: a pending payment whose stored answer is recent (RESTORE_FRESH_MS) gets its
   * stuck and expiring alarms back, as if that answer had just come, so a restart does not hold them
   * until its next check (which a busy budget may put after the payment moved). Older answers say
   * too little of now: those payments wait for a fresh one, as after a sleep. The ledger keeps an
   * episode's alert once across the restart.
   */
  restore(rows: readonly WatchRow[]): void {
    const { store, clock, scheduler } = this.#d;
    const now = clock.now();
    const settings = loadAlertSettings(store).watch;
    for (const row of rows) {
      const observedAt = ms(row.lastSeenAt);
      const payment = row.payment;
      if (!payment || row.final || row.paused || payment.status !== 'pending' || observedAt === null) continue;
      const ageThen = observedAt - (ms(payment.createdAt) ?? observedAt);
      if (now - observedAt > Math.min(RESTORE_FRESH_MS.max, Math.max(RESTORE_FRESH_MS.min, ageThen))) continue;
      const blockMs = isDepositPayment(payment) ? (scheduler.chains.facts(payment.network).blockMs ?? blockTimeMs(payment.network)) : 0;
      const facts = this.#alarms.observe(row.key, payment, store.statusHistory(row.key).at(-1) ?? null, observedAt, blockMs);
      const verdict = watchAlerts(facts, settings, now);
      // Due already: the timer fires at once, after the engine's listeners are in place.
      this.#alarms.schedule(row.key, verdict.due.length > 0 ? now : verdict.nextAt);
    }
  }

  /** The thresholds changed: every payment's due times are worked out again; those due now fire. */
  settingsChanged(): void {
    this.#due(this.#alarms.keys());
  }

  /** `key` left the watchlist. */
  forget(key: string): void {
    this.#alarms.forget(key);
  }

  /** Sleep/offline: the timer holds. */
  pause(): void {
    this.#alarms.pause();
  }

  /**
   * Wake/online: what fell due meanwhile is judged by each payment's first fresh answer (the
   * catch-up checks them all), never from one from before the sleep.
   */
  resume(): void {
    this.#resumedAt = this.#d.clock.now();
    this.#alarms.resume();
  }

  /** No more timers. */
  stop(): void {
    this.#alarms.stop();
  }

  /** `change` undefined: no new answer (the timer, a settings change), judged from what was last observed. */
  #judge(key: string, payment: Payment, account: string | null, change: SeenChange | null | undefined, now: number, at: string, observedAt: number): NotifyEvent[] {
    const { scheduler } = this.#d;
    const blockMs = isDepositPayment(payment) ? (scheduler.chains.facts(payment.network).blockMs ?? blockTimeMs(payment.network)) : 0;
    let facts: WatchFacts | null;
    if (change === undefined) facts = this.#alarms.facts(key, payment, observedAt);
    else {
      // A payment first seen by this process: its episode began at the store's newest change.
      const known = change ?? (this.#alarms.facts(key, payment, observedAt) ? null : (this.#d.store.statusHistory(key).at(-1) ?? null));
      facts = this.#alarms.observe(key, payment, known, observedAt, blockMs);
    }
    if (!facts) return [];
    const verdict = watchAlerts(facts, loadAlertSettings(this.#d.store).watch, now);
    // A stall is judged from an answer: past its time with none newer, one check is asked for (once:
    // its answer either shows the stall, claimed, or a moved count, a new episode).
    const { checkAt, nextAt } = verdict;
    if (checkAt !== null && checkAt <= now) scheduler.patch(key, { urgent: true });
    const later = [nextAt, checkAt !== null && checkAt > now ? checkAt : null].filter((t): t is number => t !== null);
    this.#alarms.schedule(key, later.length > 0 ? Math.min(...later) : null);
    return verdict.due.flatMap((w) => this.#claim(key, payment, account, w, at));
  }

  #claim(key: string, payment: Payment, account: string | null, w: WatchAlert, at: string): NotifyEvent[] {
    const { store } = this.#d;
    if (!store.claimAnnouncement(key, w.name, at)) return [];
    const draft: AlertDraft = { key, payment, from: payment.status, to: payment.status, at, kind: w.kind, after: null, account, headline: w.headline };
    const row = store.insertAlert(this.#d.decide(draft));
    const { account: _account, ...event } = draft;
    return [{ type: 'notify', ...event, alert: row }];
  }

  /** The time-driven alerts of `keys` fell due (or their thresholds changed): judged from their stored answers. */
  #due(keys: readonly string[]): void {
    const { store, clock } = this.#d;
    const now = clock.now();
    const at = new Date(now).toISOString();
    let events: NotifyEvent[] = [];
    try {
      events = store.transaction(() =>
        keys.flatMap((key) => {
          const row = store.getWatch(key);
          const observedAt = ms(row?.lastCheckedAt);
          if (!row?.payment || row.final || row.paused || observedAt === null || observedAt < this.#resumedAt) return [];
          return this.#judge(key, row.payment, row.account, undefined, now, at, observedAt);
        }),
      );
    } catch {
      // The store refused the write: the next answer of each payment tries again.
      return;
    }
    for (const e of events) this.#d.emit(e);
  }
}
