/**
 * The request budget of one provider account (issues 4 and 11). Every request must fit
 * - the user's cap: at most `perMinute` in any 60 s, with a small burst;
 * - the limits the provider names in its headers (`RateLimit-Policy`, window-limit.ts), the count
 *   it says is left until a reset (`RateLimit`, `X-RateLimit-Remaining/Reset`), and for
 *   `X-RateLimit-Limit`, which names no window, one inferred from its Reset;
 * - without headers, the limits learned from its 429s (limit-learner.ts, learned-limits.ts), one
 *   per time scale, so a provider that enforces per second and per minute at once is met at both;
 * - the wait a 429 asks for (Retry-After or "try again in N seconds"), exactly, then requests
 *   resume at the learned rate: a lone 429 costs seconds.
 * A learned limit holds, then is probed up while our demand presses on it (we never probe for
 * capacity we would not use): quickly back towards the last level that failed, then past it in
 * growing steps (learned-limits.ts); a probe met by a 429 falls back and, while probes keep failing
 * at the same level, doubles the hold, so against a steady limit 429s grow exponentially rarer,
 * while a limit that comes back is found in minutes.
 * A rejected key pauses the account.
 */
import { DEFAULT_BUDGET_PER_MINUTE } from '../../shared/accounts.ts';
import { LearnedLimits } from './learned-limits.ts';
import { inferLimit } from './limit-learner.ts';
import { parseRateLimitHeaders, type Allowance, type HeaderReader, type NamedLimit } from './rate-limit-headers.ts';
import { SendLog, WindowLimit } from './window-limit.ts';

/** Budget settings of one account. */
export interface BudgetOptions {
  /** Requests allowed in any 60-second window (default 60). */
  perMinute?: number;
  /** Requests that may go out back to back after a quiet spell (default 5). */
  burst?: number;
}

/** A provider answer as the budget sees it. */
export interface ObservedAnswer {
  status: number;
  headers: HeaderReader;
  /** When the request was sent, so requests sent after it are not counted twice against `Remaining`. */
  sentAt?: number;
}

/** A limit as the UI and CLI show it. */
export interface KnownLimit {
  limit: number;
  windowMs: number;
  source: 'provider' | 'inferred' | 'learned';
}

/** Sends kept for learning: the last 10 minutes, at most this many. */
const HISTORY_MS = 10 * 60_000;
const MAX_HISTORY = 2000;
/** Counts of X-RateLimit whose windows are inferred at once. */
const MAX_INFERRED = 4;
/** A 429 that names no wait blocks for this long, doubling while 429s follow each other. */
const FIRST_BLIND_BLOCK_MS = 1000;
const MAX_BLIND_BLOCK_MS = 60_000;
/** Shorter windows than this are not inferred from X-RateLimit-Reset (whole seconds cannot tell them). */
const MIN_INFERRED_WINDOW_MS = 1000;
/** Slack past a provider's reset time, for the clocks and the rounding between us. */
const RESET_SLACK_MS = 100;

/** One account's budget; all times are epoch milliseconds from the caller's clock. */
export class AccountBudget {
  #perMinute = DEFAULT_BUDGET_PER_MINUTE;
  #cap: WindowLimit;
  #provider: WindowLimit[] = [];
  /** Windows of `X-RateLimit-Limit` counts, inferred from their Reset, paced one short of the count (by count). */
  #inferred = new Map<number, WindowLimit>();
  readonly #learned = new LearnedLimits();
  /** Every request sent (for the windows), and those the provider accepted (for learning). */
  readonly #sent = new SendLog();
  readonly #accepted = new SendLog();
  #allowance: Allowance | null = null;
  #blockedUntil = 0;
  #authPaused = false;
  #rateLimitedCount = 0;
  #refusedInARow = 0;
  /** Successes before this are not held against a new hypothesis (the limit was lowered since). */
  #evidenceFrom = -Infinity;

  constructor(_now: number, opts: BudgetOptions = {}) {
    this.#cap = this.#userCap(opts);
  }

  #userCap(opts: BudgetOptions): WindowLimit {
    this.#perMinute = Math.max(1, opts.perMinute ?? DEFAULT_BUDGET_PER_MINUTE);
    // 1 ms more than a minute: a request sent at t still counts at t + 60 s, so even a closed
    // 60-second interval (both ends included) holds no more than `perMinute`.
    return new WindowLimit(this.#perMinute, 60_001, { burst: Math.max(1, opts.burst ?? 5), padded: false });
  }

  /** The configured requests per minute. */
  get perMinute(): number {
    return this.#perMinute;
  }

  /** The user changed the account's budget: apply it now, keeping what the provider taught. */
  reconfigure(_now: number, opts: BudgetOptions): void {
    this.#cap = this.#userCap(opts);
  }

  /** Requests allowed per minute now in the long run: the tightest of all the limits. */
  limit(_now: number): number {
    return Math.min(...this.#limits().map((l) => l.perMinute));
  }

  /** The limits known now: the provider's or learned ones (the user's cap is `perMinute`). */
  knownLimits(): KnownLimit[] {
    const shown = (l: WindowLimit, source: KnownLimit['source']): KnownLimit => ({ limit: l.limit, windowMs: l.windowMs, source });
    return [
      ...this.#provider.map((l) => shown(l, 'provider')),
      ...[...this.#inferred.values()].map((l) => shown(l, 'inferred')),
      ...this.#learned.limits.map((l) => shown(l, 'learned')),
    ];
  }

  #limits(): WindowLimit[] {
    return [this.#cap, ...this.#provider, ...this.#inferred.values(), ...this.#learned.limits];
  }

  /** When the next request may go out (now or later); Infinity while the key is rejected. */
  nextAvailableAt(now: number): number {
    if (this.#authPaused) return Infinity;
    this.#learned.probe(now, this.#perMinute, this.#sent);
    let at = Math.max(now, this.#blockedUntil);
    const byPolicy = Math.max(now, ...this.#provider.map((l) => l.nextAt(now, this.#sent)));
    if (this.#allowance && now < this.#allowance.resetAt && this.#allowance.remaining <= 0) {
      // None left: wait for the reset. Headers round it up to whole seconds; a policy the provider
      // named predicts it from our own sends to the millisecond, so the earlier of the two is used.
      const reset = this.#allowance.resetAt + RESET_SLACK_MS;
      at = Math.max(at, this.#provider.length > 0 ? Math.min(reset, byPolicy) : reset);
    }
    const inferred = [...this.#inferred.values()].map((l) => l.nextAt(now, this.#sent));
    return Math.max(at, byPolicy, this.#cap.nextAt(now, this.#sent), ...inferred, this.#learned.nextAt(now, this.#sent));
  }

  /** Requests sent after `t` (the kept history: the last 10 minutes, or the longest window). */
  sentAfter(t: number): number {
    return this.#sent.countAfter(t);
  }

  /** Whether a request may go out now. */
  available(now: number): boolean {
    return this.nextAvailableAt(now) <= now;
  }

  /** Counts one request sent now (also one the caller could not avoid, beyond the budget). */
  take(now: number): void {
    for (const l of this.#limits()) l.take(now);
    this.#sent.push(now);
    this.#accepted.push(now);
    if (this.#allowance && now < this.#allowance.resetAt) this.#allowance.remaining -= 1;
    const longest = Math.max(HISTORY_MS, ...this.#limits().map((l) => l.windowMs * 1.1));
    this.#sent.prune(now - longest, Math.max(MAX_HISTORY, ...this.#limits().map((l) => l.limit)));
    this.#accepted.prune(now - HISTORY_MS, MAX_HISTORY);
  }

  /**
   * A provider answer arrived (any status, 429 included): take the limits and the count it
   * names. A limit the provider names replaces what was learned: it knows better.
   */
  observe(now: number, answer: ObservedAnswer): void {
    if (answer.status !== 429) this.#refusedInARow = 0;
    const signal = parseRateLimitHeaders(answer.headers, now);
    if (signal.limits.length > 0) {
      this.#provider = mergeProviderLimits(this.#provider, signal.limits);
      this.#inferred.clear();
      this.#learned.clear();
    }
    if (signal.unnamed && signal.limits.length === 0 && this.#provider.length === 0) this.#inferWindow(now, signal.unnamed, answer.sentAt);
    if (signal.allowance) {
      // Requests sent after this one are not in the provider's count yet. (Those sent in the same
      // millisecond may be: they are not subtracted, and the windows above still bound them.)
      const later = answer.sentAt === undefined ? 0 : this.#sent.countAfter(answer.sentAt);
      this.#allowance = { remaining: signal.allowance.remaining - later, resetAt: signal.allowance.resetAt };
    }
  }

  /**
   * `X-RateLimit-*` names a count, not its window. Right after a request that opened a window
   * (Remaining one below the Limit) the Reset is the window's length, or a little less when the
   * provider's windows are fixed; the longest seen is kept. Requests are then spread one short of
   * the count over it, so Remaining seldom reaches 0 and its whole-second Reset is seldom waited for.
   */
  #inferWindow(now: number, x: { limit: number; remaining: number; resetAt: number }, sentAt: number | undefined): void {
    if (x.remaining !== x.limit - 1) return;
    const windowMs = Math.min(86_400_000, x.resetAt - (sentAt ?? now));
    if (windowMs < MIN_INFERRED_WINDOW_MS) return;
    // Several counts may take turns in the header (2 a second, 60 a minute): each keeps its own window.
    const old = this.#inferred.get(x.limit);
    if (old && old.windowMs >= windowMs) return;
    if (!old && this.#inferred.size >= MAX_INFERRED) return;
    this.#inferred.set(x.limit, new WindowLimit(Math.max(1, x.limit - 1), windowMs));
    this.#learned.clear();
  }

  /** The provider answered 429: stop for exactly `retryAfterSeconds`, and learn its limit. */
  rateLimited(now: number, retryAfterSeconds: number | undefined): void {
    this.#rateLimitedCount += 1;
    this.#refusedInARow += 1;
    this.#accepted.dropNewest();
    // Without a wait named, back off briefly, longer while 429s follow each other; a named wait is
    // kept exactly, unless it already proved too short ("Retry-After: 0" again and again).
    const blind = Math.min(MAX_BLIND_BLOCK_MS, FIRST_BLIND_BLOCK_MS * 2 ** (this.#refusedInARow - 1));
    const named = retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000;
    const wait = named === undefined ? blind : this.#refusedInARow > 1 ? Math.max(named, blind) : named;
    this.#blockedUntil = Math.max(this.#blockedUntil, now + wait);
    // A 429 right after a 429 only says the wait was too short: nothing new about the limit.
    if (this.#refusedInARow > 1) return;
    if (this.#provider.length === 0 && this.#inferred.size === 0) {
      const waitMs = retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000;
      const found = inferLimit(this.#accepted, now, waitMs, this.#evidenceFrom);
      // Accepted in the reading's window but before the previous 429, so not read: a provider that
      // restarted its window with its block forgot them, one counting a sliding window did not.
      const unread = found ? Math.max(0, this.#accepted.countAfter(now - found.windowMs) - found.limit) : 0;
      this.#learned.learn(now, found, this.#sent, unread);
    }
    // What came before this 429 says nothing about a window the provider may restart with its block.
    this.#evidenceFrom = now;
  }

  /** The key was rejected (401/403): no requests until the key changes. */
  authFailed(): void {
    this.#authPaused = true;
  }

  /** A new key was stored for this account: resume. */
  keyChanged(): void {
    this.#authPaused = false;
  }

  /** A snapshot for the UI and the CLI. */
  state(now: number): {
    blockedUntil: number | null;
    authPaused: boolean;
    perMinuteNow: number;
    rateLimitedCount: number;
    limits: KnownLimit[];
  } {
    const reset = this.#allowance && this.#allowance.remaining <= 0 && now < this.#allowance.resetAt ? this.#allowance.resetAt : 0;
    const until = Math.max(this.#blockedUntil, reset);
    return {
      blockedUntil: until > now ? until : null,
      authPaused: this.#authPaused,
      perMinuteNow: this.limit(now),
      rateLimitedCount: this.#rateLimitedCount,
      limits: this.knownLimits(),
    };
  }
}

/** The provider's limits as named now, keeping the pacing state of those that did not change. */
function mergeProviderLimits(current: WindowLimit[], named: NamedLimit[]): WindowLimit[] {
  return named.map((n) => current.find((c) => c.limit === n.limit && c.windowMs === n.windowMs) ?? new WindowLimit(n.limit, n.windowMs));
}
