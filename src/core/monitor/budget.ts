/**
 * The request budget of one provider account (issues 4 and 11). Every request must fit
 * - the user's cap: at most `perMinute` in any 60 s, with a small burst;
 * - the limits the provider names in its headers (`RateLimit-Policy`, window-limit.ts), and the
 *   count it says is left until a reset (`RateLimit`, `X-RateLimit-Remaining/Reset`);
 * - without headers, the limits learned from its 429s (limit-learner.ts), one per time scale, so a
 *   provider that enforces per second and per minute at once is met at both;
 * - the wait a 429 asks for (Retry-After or "try again in N seconds"), exactly, then requests
 *   resume at the learned rate: a lone 429 costs seconds.
 * A learned limit holds, then is probed one step up while our demand presses on it (we never
 * probe for capacity we would not use); a probe met by a 429 falls back and doubles the hold, so
 * against a steady limit 429s grow exponentially rarer, while a limit that comes back is found.
 * A rejected key pauses the account.
 */
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

/**
 * How long a learned limit holds before it is probed: at least a minute, two of its windows, and
 * the time of 100 requests at its rate (so probes, one 429 at most each, stay under 1 % of the
 * requests); doubled by each failed probe up to 4 times, halved by each that passes.
 */
const MIN_HOLD_MS = 60_000;
const MAX_HOLD_FACTOR = 4;
const MAX_HOLD_MS = 60 * 60_000;
function holdFor(limit: WindowLimit, factor: number): number {
  return Math.min(MAX_HOLD_MS, factor * Math.max(MIN_HOLD_MS, 2 * limit.windowMs, 100 * limit.intervalMs));
}
/** Sends kept for learning: the last 10 minutes, at most this many. */
const HISTORY_MS = 10 * 60_000;
const MAX_HISTORY = 2000;
/** Learned limits kept at once (one per time scale). */
const MAX_LEARNED = 4;
/** A 429 that names no wait blocks for this long, doubling while 429s follow each other. */
const FIRST_BLIND_BLOCK_MS = 1000;
const MAX_BLIND_BLOCK_MS = 60_000;
/** A reading that earlier successes contradict (the limit was lowered) is taken at this share. */
const BETA = 0.7;
/** A learned limit that did not prevent a 429 keeps this share (at least one request fewer). */
const TIGHTEN = 0.9;
/** Shorter windows than this are not inferred from X-RateLimit-Reset (whole seconds cannot tell them). */
const MIN_INFERRED_WINDOW_MS = 1000;
/** Slack past a provider's reset time, for the clocks and the rounding between us. */
const RESET_SLACK_MS = 100;

/** A limit learned from 429s, with its probing state. */
interface Learned {
  limit: WindowLimit;
  /** The hold is this multiple of the base hold (1 to MAX_HOLD_FACTOR). */
  holdFactor: number;
  /** The hold started then, and probing (one step above the learned count) may start at `holdUntil`. */
  heldFrom: number;
  holdUntil: number;
  /** The count before the running probe, if one runs. */
  probedFrom: number | null;
  /** Last time this limit held a request back (our demand pressed on it). */
  boundAt: number;
}

/** One account's budget; all times are epoch milliseconds from the caller's clock. */
export class AccountBudget {
  #perMinute = 60;
  #cap: WindowLimit;
  #provider: WindowLimit[] = [];
  /** Windows of `X-RateLimit-Limit` counts, inferred from their Reset, paced one short of the count (by count). */
  #inferred = new Map<number, WindowLimit>();
  #learned: Learned[] = [];
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
    this.#perMinute = Math.max(1, opts.perMinute ?? 60);
    return new WindowLimit(this.#perMinute, 60_000, { burst: Math.max(1, opts.burst ?? 5), padded: false });
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
      ...this.#learned.map((l) => shown(l.limit, 'learned')),
    ];
  }

  #limits(): WindowLimit[] {
    return [this.#cap, ...this.#provider, ...this.#inferred.values(), ...this.#learned.map((l) => l.limit)];
  }

  /** When the next request may go out (now or later); Infinity while the key is rejected. */
  nextAvailableAt(now: number): number {
    if (this.#authPaused) return Infinity;
    this.#probe(now);
    let at = Math.max(now, this.#blockedUntil);
    const byPolicy = Math.max(now, ...this.#provider.map((l) => l.nextAt(now, this.#sent)));
    if (this.#allowance && now < this.#allowance.resetAt && this.#allowance.remaining <= 0) {
      // None left: wait for the reset. Headers round it up to whole seconds; a policy the provider
      // named predicts it from our own sends to the millisecond, so the earlier of the two is used.
      const reset = this.#allowance.resetAt + RESET_SLACK_MS;
      at = Math.max(at, this.#provider.length > 0 ? Math.min(reset, byPolicy) : reset);
    }
    at = Math.max(at, byPolicy, this.#cap.nextAt(now, this.#sent), ...[...this.#inferred.values()].map((l) => l.nextAt(now, this.#sent)));
    for (const l of this.#learned) {
      const own = l.limit.nextAt(now, this.#sent);
      if (own > now) l.boundAt = now;
      at = Math.max(at, own);
    }
    return at;
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
      this.#learned = [];
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
    if (!old && this.#inferred.size >= MAX_LEARNED) return;
    this.#inferred.set(x.limit, new WindowLimit(Math.max(1, x.limit - 1), windowMs));
    this.#learned = [];
  }

  /** The provider answered 429: stop for exactly `retryAfterSeconds`, and learn its limit. */
  rateLimited(now: number, retryAfterSeconds: number | undefined): void {
    this.#rateLimitedCount += 1;
    this.#refusedInARow += 1;
    this.#accepted.dropNewest();
    // Without a wait named, back off briefly, longer while 429s follow each other.
    const blind = Math.min(MAX_BLIND_BLOCK_MS, FIRST_BLIND_BLOCK_MS * 2 ** (this.#refusedInARow - 1));
    this.#blockedUntil = Math.max(this.#blockedUntil, now + (retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : blind));
    // A 429 right after a 429 only says the wait was too short: nothing new about the limit.
    if (this.#refusedInARow > 1) return;
    if (this.#provider.length === 0 && this.#inferred.size === 0) this.#learn(now, retryAfterSeconds);
    // What came before this 429 says nothing about a window the provider may restart with its block.
    this.#evidenceFrom = now;
  }

  /**
   * A 429 met while a learned limit was pressing on our requests tightens that limit (or undoes
   * its probe); one met while none was is a limit at another time scale, learned beside them.
   */
  #learn(now: number, retryAfterSeconds: number | undefined): void {
    const found = inferLimit(this.#accepted, now, retryAfterSeconds === undefined ? undefined : retryAfterSeconds * 1000, this.#evidenceFrom);
    const pressing = this.#learned.filter((l) => l.boundAt >= now - l.limit.windowMs || this.#sent.countAfter(now - l.limit.windowMs) >= l.limit.limit - 1);
    const sameScale = (a: WindowLimit, b: { windowMs: number }) => a.windowMs <= b.windowMs * 1.5 && b.windowMs <= a.windowMs * 1.5;
    if (pressing.length > 0) {
      // What this 429 reveals replaces a pressing limit when it is tighter; else that limit steps down.
      const better = found?.consistent ? new WindowLimit(found.limit, found.windowMs) : null;
      this.#learned = this.#learned.map((l) => {
        if (!pressing.includes(l)) return l;
        const next = tightened(l, now);
        return better && l.probedFrom === null && better.perMinute < next.limit.perMinute ? { ...next, limit: better } : next;
      });
      return;
    }
    if (!found) return;
    const limit = found.consistent ? found.limit : Math.max(1, Math.floor(found.limit * BETA));
    const old = this.#learned.find((l) => sameScale(l.limit, found));
    const learnedLimit = new WindowLimit(Math.min(limit, old?.limit.limit ?? Infinity), found.windowMs);
    const holdFactor = old?.holdFactor ?? 1;
    const learned: Learned = {
      limit: learnedLimit,
      holdFactor,
      heldFrom: now,
      holdUntil: now + holdFor(learnedLimit, holdFactor),
      probedFrom: null,
      boundAt: -Infinity,
    };
    const rest = this.#learned.filter((l) => l !== old && !implies(learned.limit, l.limit));
    // Keep one limit per time scale; past that, the loosest goes.
    this.#learned = [learned, ...rest].sort((a, b) => a.limit.windowMs - b.limit.windowMs);
    while (this.#learned.length > MAX_LEARNED) {
      const loosest = this.#learned.reduce((a, b) => (a.limit.perMinute >= b.limit.perMinute ? a : b));
      this.#learned = this.#learned.filter((l) => l !== loosest);
    }
  }

  /** A learned limit that held long enough while our demand pressed on it is raised one step. */
  #probe(now: number): void {
    for (const l of this.#learned) {
      if (now < l.holdUntil) continue;
      if (l.probedFrom !== null) {
        if (l.boundAt >= l.heldFrom) {
          // The probe pressed on the provider a whole hold without a 429: the higher count stands, the next comes sooner.
          l.holdFactor = Math.max(1, l.holdFactor / 2);
        } else {
          // Other limits kept our requests below it: the probe proved nothing, so it is taken back.
          l.limit = l.limit.withLimit(l.probedFrom);
        }
        l.probedFrom = null;
      }
      // Only a limit our demand pressed on during the hold is worth raising.
      if (l.boundAt < l.heldFrom) continue;
      const from = l.limit.limit;
      l.limit = l.limit.withLimit(from + Math.max(1, Math.floor(from * 0.1)));
      l.probedFrom = from;
      l.heldFrom = now;
      l.holdUntil = now + holdFor(l.limit, l.holdFactor);
    }
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

/** A learned limit after a 429 it did not prevent: its probe undone (and held twice as long), or one step lower. */
function tightened(l: Learned, now: number): Learned {
  const failedProbe = l.probedFrom !== null;
  const from = l.limit.limit;
  const limit = l.limit.withLimit(failedProbe ? l.probedFrom! : Math.max(1, Math.min(from - 1, Math.floor(from * TIGHTEN))));
  const holdFactor = failedProbe ? Math.min(MAX_HOLD_FACTOR, l.holdFactor * 2) : l.holdFactor;
  return { limit, holdFactor, heldFrom: now, holdUntil: now + holdFor(limit, holdFactor), probedFrom: null, boundAt: l.boundAt };
}

/** Whether limit `a` alone keeps `b` (at most as many requests in a window at least as long). */
function implies(a: WindowLimit, b: WindowLimit): boolean {
  return a.windowMs >= b.windowMs && a.limit <= b.limit;
}

/** The provider's limits as named now, keeping the pacing state of those that did not change. */
function mergeProviderLimits(current: WindowLimit[], named: NamedLimit[]): WindowLimit[] {
  return named.map((n) => current.find((c) => c.limit === n.limit && c.windowMs === n.windowMs) ?? new WindowLimit(n.limit, n.windowMs));
}
