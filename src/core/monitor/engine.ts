/**
 * The monitor engine (issue 4): the watchlist in the store, the scheduler deciding
 * who is due, lookups through the providers, and typed events for whoever shows
 * them. It alone decides what deserves a notification: each transition into a
 * final status, once, guarded by the store's ledger so a restart never repeats one.
 * Every change to a watched payment, the user's (add, remove, restore, refresh, pause, mute)
 * and its checks', is one of its events, emitted after the transaction (issue 12).
 */
import { KEY_PROBLEM_KINDS, toErrorInfo, type ErrorInfo } from '../../shared/errors.ts';
import { isDepositPayment, isFinalStatus, type Payment, type Provider } from '../../shared/payment.ts';
import { providerSpecs } from '../../shared/providers/index.ts';
import { refKey, type PaymentRef } from '../../shared/refs.ts';
import type { AlertView } from '../../shared/alert-history.ts';
import { storeDecider, type AlertDecider, type AlertDraft } from '../alerts/decide.ts';
import type { LookupResult, PaymentLookup } from '../lookup.ts';
import type { HintStore, PaymonStore } from '../store/index.ts';
import type { RemovedWatch, WatchRow } from '../store/index.ts';
import type { BudgetOptions } from './budget.ts';
import { systemClock, type Clock } from './clock.ts';
import { fullJitter, NOT_FOUND_RETRIES_MS } from './backoff.ts';
import type { PolicyOptions, WatchState } from './policy.ts';
import { Scheduler } from './scheduler.ts';
import { classifyTransition, priorFinalStatus, type AlertTransition } from './transitions.ts';
import { WatchAlertRunner } from './watch-alert-runner.ts';

/** What the engine tells its listeners. */
export type EngineEvent =
  | { type: 'payment-updated'; key: string }
  | { type: 'status-changed'; key: string; payment: Payment; from: string | null; to: string; at: string }
  | NotifyEvent
  | { type: 'payment-error'; key: string; ref: PaymentRef; error: ErrorInfo; gaveUp: boolean }
  | { type: 'account-problem'; provider: Provider; account: string; error: ErrorInfo; until: string | null }
  /** Rows added, restored, or whose state the user changed (paused, muted, due now); after the transaction. */
  | { type: 'watch-changed'; keys: readonly string[] }
  /** Rows that left the watchlist; after the transaction. */
  | { type: 'watch-removed'; keys: readonly string[] }
  /** Hints taken (`paymon ingest`, issue 15): these payments are checked now; their status is only what the check says. */
  | { type: 'hinted'; keys: readonly string[]; at: string };

/**
 * An alert, once per (payment, status reached) ever: a final status, a reopening, an unknown status
 * (./transitions.ts); or once per episode, a watch alert (stuck, expiring, stalled, a milestone).
 */
export type NotifyEvent = Omit<AlertDraft, 'account'> & {
  type: 'notify';
  /** Its row in the store's alert history, written in the claim's transaction. */
  alert: AlertView;
};

/** Engine settings. */
export interface EngineOptions {
  store: PaymonStore;
  lookup: PaymentLookup;
  clock?: Clock;
  policy?: PolicyOptions;
  budgetFor?: (accountId: string) => BudgetOptions;
  /** Randomness for backoff jitter (tests and benchmarks seed it). */
  random?: () => number;
  /** Delays between 404 answers before a payment is reported not found. */
  notFoundRetriesMs?: readonly number[];
  /**
   * Words, rule and desktop decision of each claimed alert, run in the claim's transaction
   * (default: the store's preferences, no desktop: what `paymon watch` records).
   */
  decideAlert?: AlertDecider;
  /** Where "changed, check now" hints wait (`paymon ingest`); none: hints are not taken. */
  hints?: HintStore;
}

/** What the engine remembers of each watched payment besides its scheduler state. */
interface TrackedRef {
  ref: PaymentRef;
  account: string | null;
  addedAt: number;
}

/** A first answer later than this after adding (the provider was failing) may still announce. */
const FIRST_ANSWER_GRACE_MS = 30_000;
/** Failures worth another try after a backoff. */
const TRANSIENT = new Set(['network', 'timeout', 'server', 'bad_response', 'internal']);

/** Watches payments until final and reports what it sees. */
export class Engine {
  readonly #store: PaymonStore;
  readonly #lookup: PaymentLookup;
  readonly #clock: Clock;
  readonly #scheduler: Scheduler;
  readonly #random: () => number;
  readonly #notFoundRetriesMs: readonly number[];
  readonly #decideAlert: AlertDecider;
  readonly #listeners = new Set<(e: EngineEvent) => void>();
  readonly #refs = new Map<string, TrackedRef>();
  readonly #firstAccount = new Map<Provider, string>();
  readonly #hints: HintStore | null;
  /** Stops taking hints; null while not taking them. */
  #stopHints: (() => void) | null = null;
  /** The app follows the whole watchlist, so it takes every hint; `paymon watch` only its own payments'. */
  #followsAll = false;
  /** Stuck, expiring and stalled payments, and milestones (issue 14). */
  readonly #watch: WatchAlertRunner;

  constructor(opts: EngineOptions) {
    this.#store = opts.store;
    this.#lookup = opts.lookup;
    this.#clock = opts.clock ?? systemClock;
    this.#random = opts.random ?? Math.random;
    this.#notFoundRetriesMs = opts.notFoundRetriesMs ?? NOT_FOUND_RETRIES_MS;
    this.#decideAlert = opts.decideAlert ?? storeDecider(opts.store, this.#clock, { desktop: false });
    this.#hints = opts.hints ?? null;
    this.#scheduler = new Scheduler({
      clock: this.#clock,
      dispatch: (s) => this.#check(s),
      ...(opts.policy ? { policy: opts.policy } : {}),
      ...(opts.budgetFor ? { budgetFor: opts.budgetFor } : {}),
    });
    this.#watch = new WatchAlertRunner({
      store: this.#store,
      clock: this.#clock,
      scheduler: this.#scheduler,
      decide: this.#decideAlert,
      emit: (e) => this.#emit(e),
    });
  }

  /** The scheduler, for state the UI shows (next check, budgets). */
  get scheduler(): Scheduler {
    return this.#scheduler;
  }

  /** Subscribes to engine events; returns the unsubscribe function. */
  on(listener: (e: EngineEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Starts polling: the whole stored watchlist (the app), or only what add() is given
   * (`loadWatchlist: false`, the CLI's `watch`).
   */
  async start(opts: { loadWatchlist?: boolean } = {}): Promise<void> {
    for (const { id: p } of providerSpecs() as readonly { id: Provider }[]) {
      try {
        const first = (await this.#lookup.accounts(p))[0];
        if (first) this.#firstAccount.set(p, first);
      } catch {
        // No key yet: the first check reports it as an account problem.
      }
    }
    if (opts.loadWatchlist !== false) {
      const rows = this.#store.listWatches();
      for (const row of rows) this.#refs.set(row.key, { ref: row.ref, account: row.account, addedAt: ms(row.addedAt) ?? this.#clock.now() });
      this.#scheduler.upsertMany(rows.map((row) => stateFromRow(row, this.#accountId(row.ref.provider, row.account), false)));
      this.#watch.restore(rows);
    }
    this.#followsAll = opts.loadWatchlist !== false;
    this.#stopHints?.();
    this.#stopHints = this.#hints?.subscribe(() => this.#takeHints()) ?? null;
  }

  /**
   * The watch-alert thresholds changed (the settings screen): when each payment's stuck or expiring
   * alert falls due is worked out again, and those now due fire.
   */
  watchAlertsChanged(): void {
    this.#watch.settingsChanged();
  }

  /**
   * Adds references to the watchlist and checks them at once (those already watched
   * too: whoever adds a payment wants a fresh answer). Says which were new.
   */
  add(refs: PaymentRef[]): { added: string[]; existing: string[] } {
    const added: string[] = [];
    const existing: string[] = [];
    const at = new Date(this.#clock.now()).toISOString();
    this.#store.transaction(() => {
      for (const ref of refs) (this.#store.addWatch(ref, { addedAt: at }).added ? added : existing).push(refKey(ref));
    });
    for (const key of [...added, ...existing]) {
      const row = this.#store.getWatch(key);
      if (row) this.#track({ ...row, paused: false }, true);
    }
    this.#changed([...added, ...existing]);
    // Hints that waited for these (`paymon watch` adds its payments after start): this check answers them.
    if (this.#stopHints) this.#takeHints();
    return { added, existing };
  }

  /** Removes payments in one transaction (10,000 rows cost one fsync); returns the rows, for restore() (undo). */
  remove(keys: Iterable<string>): RemovedWatch[] {
    const rows: RemovedWatch[] = [];
    this.#store.transaction(() => {
      for (const key of new Set(keys)) {
        this.#scheduler.remove(key);
        this.#refs.delete(key);
        this.#watch.forget(key);
        const row = this.#store.removeWatch(key);
        if (row) rows.push(row);
      }
    });
    if (rows.length > 0) this.#emit({ type: 'watch-removed', keys: rows.map((r) => r.key) });
    return rows;
  }

  /** Puts removed rows back exactly as they were, except those added again meanwhile (the new row stays); returns how many. */
  restore(rows: readonly RemovedWatch[]): number {
    const back: string[] = [];
    this.#store.transaction(() => {
      for (const row of rows) if (this.#store.restoreWatch(row)) back.push(row.key);
    });
    for (const key of back) {
      const row = this.#store.getWatch(key);
      if (row) this.#track(row, false);
    }
    this.#changed(rows.map((r) => r.key));
    return back.length;
  }

  /** Checks these payments as soon as the budget allows. */
  refresh(keys: readonly string[]): void {
    for (const key of keys) this.#scheduler.patch(key, { urgent: true, stopped: false });
    this.#changed(keys);
  }

  /** Pauses or resumes polling of these payments, in one transaction. */
  setPaused(keys: readonly string[], paused: boolean): void {
    this.#store.transaction(() => {
      for (const key of keys) this.#store.setPaused(key, paused);
    });
    for (const key of keys) this.#scheduler.patch(key, { paused });
    this.#changed(keys);
  }

  /** Mutes or unmutes the desktop notification of these payments, in one transaction; returns the keys that changed. */
  setMuted(keys: Iterable<string>, muted: boolean): string[] {
    const changed: string[] = [];
    this.#store.transaction(() => {
      for (const key of new Set(keys)) if (this.#store.setMuted(key, muted)) changed.push(key);
    });
    this.#changed(changed);
    return changed;
  }

  /** Sets the user's note and tags on one payment (local only); false when it is not watched. */
  setNote(key: string, note: string, tags: readonly string[]): boolean {
    const changed = this.#store.setNote(key, note, tags);
    if (changed) this.#changed([key]);
    return changed;
  }

  /** The payment the user has open is checked now and then more closely. */
  focus(key: string | null, previous: string | null = null): void {
    if (previous) this.#scheduler.patch(previous, { focused: false });
    if (key) this.#scheduler.patch(key, { focused: true, urgent: true });
  }

  /** Sleep/offline: hold every request. */
  pause(): void {
    this.#scheduler.pause();
    this.#watch.pause();
  }

  /** Wake/online: catch up within budgets. */
  resume(): void {
    this.#scheduler.resume();
    this.#watch.resume();
  }

  /** Keys were added, replaced or removed: resolve them again and resume paused accounts. */
  keysChanged(): void {
    this.#lookup.reset();
    for (const key of this.#refs.keys()) {
      const s = this.#scheduler.get(key);
      if (s) this.#scheduler.budget(s.accountId).keyChanged();
    }
    this.#scheduler.poke();
  }

  /** An account's polling budget was changed by the user: apply it now. */
  budgetChanged(provider: Provider, account: string): void {
    this.#scheduler.budgetChanged(`${provider}:${account}`);
  }

  /** Stops all polling. */
  stop(): void {
    this.#stopHints?.();
    this.#stopHints = null;
    this.#scheduler.stop();
    this.#watch.stop();
  }

  /**
   * Takes the waiting hints for payments this engine follows and checks those payments now, by GET
   * within the budget (issue 15). The hint's body said nothing the engine believes: only the answer
   * changes a status or raises an alert. A payment `paymon ingest` added in another process joins.
   */
  #takeHints(): void {
    if (!this.#hints) return;
    const taken = this.#hints.take((key) => this.#followsAll || this.#refs.has(key));
    const keys: string[] = [];
    const known: string[] = [];
    for (const { key } of taken) {
      if (this.#refs.has(key)) known.push(key);
      else {
        const row = this.#store.getWatch(key);
        if (!row) continue;
        // Tracked as urgent, it is checked now; a refresh too would ask a second check once that one is out.
        this.#track(row, true);
      }
      keys.push(key);
    }
    if (keys.length === 0) return;
    if (known.length > 0) this.refresh(known);
    if (known.length < keys.length) this.#changed(keys.filter((k) => !known.includes(k)));
    this.#emit({ type: 'hinted', keys, at: new Date(this.#clock.now()).toISOString() });
  }

  #emit(e: EngineEvent): void {
    for (const l of this.#listeners) l(e);
  }

  #changed(keys: readonly string[]): void {
    if (keys.length > 0) this.#emit({ type: 'watch-changed', keys: [...keys] });
  }

  #accountId(provider: Provider, account: string | null): string {
    return `${provider}:${account ?? this.#firstAccount.get(provider) ?? 'default'}`;
  }

  #track(row: WatchRow, urgent: boolean): void {
    this.#refs.set(row.key, { ref: row.ref, account: row.account, addedAt: ms(row.addedAt) ?? this.#clock.now() });
    this.#scheduler.upsert(stateFromRow(row, this.#accountId(row.ref.provider, row.account), urgent));
  }

  /** One check of one payment; returns its next state for the scheduler. */
  async #check(s: WatchState): Promise<WatchState | null> {
    const entry = this.#refs.get(s.key);
    if (!entry) return null;
    const charged = s.accountId;
    let sentAt = this.#clock.now();
    const result = await this.#lookup.lookup(entry.ref, {
      prefer: entry.account,
      onAttempt: (account) => {
        sentAt = this.#clock.now();
        // The scheduler paid for the first request; fallbacks to other shops pay their own.
        const id = `${entry.ref.provider}:${account}`;
        if (id !== charged) this.#scheduler.budget(id).take(sentAt);
      },
      // Every answer (a 429's too) tells the account's budget what the provider's limit is.
      onResponse: (account, answer) => {
        this.#scheduler.budget(`${entry.ref.provider}:${account}`).observe(this.#clock.now(), { ...answer, sentAt });
      },
    });
    const now = this.#clock.now();
    const at = new Date(now).toISOString();
    if (!this.#refs.has(s.key)) return null;
    try {
      return this.#record(s, entry, result, now, at);
    } catch (err) {
      // The store refused a write (disk full, read-only): say so, keep the payment, try later.
      const error = toErrorInfo(err);
      const failures = s.failures + 1;
      this.#emit({ type: 'payment-error', key: s.key, ref: entry.ref, error, gaveUp: false });
      return { ...s, failures, retryAt: now + fullJitter(failures, this.#random) };
    }
  }

  #record(s: WatchState, entry: TrackedRef, result: LookupResult, now: number, at: string): WatchState | null {
    if (result.ok) {
      const { payment, raw, account } = result;
      entry.account = account;
      // The observation and its announcement claim commit together: a crash or a full disk
      // between them would store the status and lose its notification for good.
      const { obs, alert, watch } = this.#store.transaction(() => {
        const o = this.#store.recordObservation(s.key, { payment, raw, account, seenAt: at });
        // Stuck, expiring, stalled, milestones: claimed with the observation too.
        const watch = o ? this.#watch.afterAnswer(s.key, payment, account, o.changed ? { from: o.from, to: o.to, seenAt: at } : null, now, at) : [];
        const t = o?.changed ? this.#transition(s.key, payment.provider, o.from, o.to) : null;
        if (!o || !t || !this.#store.claimAnnouncement(s.key, o.to, at)) return { obs: o, alert: null, watch };
        // Claimed but not news (a pasted payment long final): the claim stays, nothing is recorded.
        if (!this.#announce(o.from, payment, entry.addedAt, now)) return { obs: o, alert: null, watch };
        // Its history row, decided (rules, quiet hours) in the same transaction: no alert without a row.
        const row = this.#store.insertAlert(this.#decideAlert({ key: s.key, payment, from: o.from, to: o.to, at, kind: t.kind, after: t.after, account }));
        return { obs: o, alert: { ...t, alert: row }, watch };
      });
      if (obs?.changed) {
        this.#emit({ type: 'status-changed', key: s.key, payment, from: obs.from, to: obs.to, at });
        if (alert) this.#emit({ type: 'notify', key: s.key, payment, from: obs.from, to: obs.to, at, ...alert });
      }
      for (const e of watch) this.#emit(e);
      this.#emit({ type: 'payment-updated', key: s.key });
      return {
        ...stateFromPayment(s, payment),
        accountId: `${payment.provider}:${account}`,
        lastCheckedAt: now,
        failures: 0,
        retryAt: null,
        urgent: false,
      };
    }
    return this.#failed(s, entry.ref, result.error, now, at);
  }

  /** Whether `from` → `to` is an alert (./transitions.ts); reads the history only when `from` is not final. */
  #transition(key: string, provider: Provider, from: string | null, to: string): AlertTransition | null {
    if (from === null) return classifyTransition(provider, from, to, null);
    const prior = isFinalStatus(provider, from) ? from : priorFinalStatus(provider, this.#store.statusHistory(key));
    return classifyTransition(provider, from, to, prior);
  }

  /**
   * Whether reaching a final status deserves a notification. A transition Paymon saw does.
   * A payment whose very first answer is final does only if it was not already final
   * when it was added: a support agent pasting 50 old payments wants a table, not 50 alerts.
   */
  #announce(from: string | null, payment: Payment, addedAt: number, now: number): boolean {
    if (from !== null) return true;
    const finalAt = ms(payment.completedAt ?? payment.confirmedAt ?? payment.updatedAt);
    if (finalAt !== null) return finalAt > addedAt;
    // Created moments before it was added (a checkout just opened): it was not final when added,
    // however soon its first answer came (the soak's payment failed within 27 s of its creation).
    const createdAt = ms(payment.createdAt);
    if (createdAt !== null && addedAt - createdAt < FIRST_ANSWER_GRACE_MS) return true;
    return now - addedAt > FIRST_ANSWER_GRACE_MS;
  }

  #failed(s: WatchState, ref: PaymentRef, error: ErrorInfo, now: number, at: string): WatchState | null {
    const account = s.accountId.slice(s.accountId.indexOf(':') + 1);
    if (error.kind === 'rate_limited') {
      const budget = this.#scheduler.budget(s.accountId);
      budget.rateLimited(now, error.retryAfterSeconds);
      const until = budget.state(now).blockedUntil;
      this.#emit({ type: 'account-problem', provider: ref.provider, account, error, until: until ? new Date(until).toISOString() : null });
      // Not the payment's fault: it keeps its place and goes first when the account may ask again.
      return { ...s };
    }
    if (KEY_PROBLEM_KINDS.has(error.kind)) {
      this.#scheduler.budget(s.accountId).authFailed();
      this.#store.recordError(s.key, error, at);
      this.#emit({ type: 'account-problem', provider: ref.provider, account, error, until: null });
      this.#emit({ type: 'payment-updated', key: s.key });
      return { ...s };
    }
    const notFound = error.kind === 'not_found';
    const count = this.#store.recordError(s.key, error, at, { notFound }) ?? 0;
    let next: WatchState;
    if (notFound) {
      const delay = this.#notFoundRetriesMs[count - 1];
      next = delay === undefined ? { ...s, stopped: true } : { ...s, retryAt: now + delay, urgent: true };
    } else if (TRANSIENT.has(error.kind)) {
      const failures = s.failures + 1;
      next = { ...s, failures, retryAt: now + fullJitter(failures, this.#random), urgent: s.urgent };
    } else {
      next = { ...s, stopped: true };
    }
    this.#emit({ type: 'payment-error', key: s.key, ref, error, gaveUp: next.stopped });
    this.#emit({ type: 'payment-updated', key: s.key });
    return { ...next, lastCheckedAt: s.lastCheckedAt ?? null };
  }
}

function ms(iso: string | null | undefined): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : t;
}

/** Scheduler state from a stored watch row. */
export function stateFromRow(row: WatchRow, accountId: string, urgent: boolean): WatchState {
  const base: WatchState = {
    key: row.key,
    provider: row.ref.provider,
    accountId,
    status: row.status,
    final: row.final,
    createdAt: ms(row.addedAt) ?? 0,
    // A failed check is no observation: the schedule resumes from the last answer.
    lastCheckedAt: ms(row.lastSeenAt),
    expiresAt: null,
    depositSeen: false,
    network: null,
    failures: 0,
    retryAt: null,
    paused: row.paused,
    urgent,
    focused: false,
    stopped: false,
  };
  return row.payment ? stateFromPayment(base, row.payment) : base;
}

/** Scheduler state updated with what a payment answer says. */
export function stateFromPayment(s: WatchState, p: Payment): WatchState {
  return {
    ...s,
    status: p.status,
    final: p.final,
    createdAt: ms(p.createdAt) ?? s.createdAt,
    expiresAt: isDepositPayment(p) ? ms(p.expiresAt) : null,
    depositSeen: isDepositPayment(p) && p.txHash !== null,
    network: isDepositPayment(p) ? p.network : null,
    confirmations: isDepositPayment(p) ? p.confirmations : null,
    // When the latest confirmation came: the object changes with each one, so its updated_at.
    confirmationAt: isDepositPayment(p) && p.txHash !== null && (p.confirmations ?? 0) >= 1 ? ms(p.updatedAt) : null,
    stopped: false,
  };
}
