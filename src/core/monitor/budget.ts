/**
 * The request budget of one provider account (issue 4): a token bucket sized so
 * that no 60-second window ever holds more than the allowed requests, a hard stop
 * for as long as a 429 asks, and after a 429 a lower rate (multiplicative decrease)
 * with additive recovery up to a ceiling: what the provider evidently allowed in
 * the minute before it said 429. The ceiling holds for a while, then is probed
 * upward (a provider's limit may come back); each 429 met while probing doubles
 * the hold, so against a steady limit 429s grow exponentially rarer, while after
 * a passing storm the full rate returns. A rejected key pauses the account.
 */

/** Budget settings of one account. */
export interface BudgetOptions {
  /** Requests allowed in any 60-second window (default 60). */
  perMinute?: number;
  /** Requests that may go out back to back after a quiet spell (default 5). */
  burst?: number;
}

const WINDOW_MS = 60_000;
/** Share of the configured rate won back per minute, up to what the provider allowed. */
const RECOVERY_PER_MINUTE = 0.1;
/** How long a learned ceiling holds before it is probed, at first; doubled by each failed probe. */
const FIRST_HOLD_MS = 10 * WINDOW_MS;
const MAX_HOLD_MS = 4 * 60 * WINDOW_MS;

/** One account's budget; all times are epoch milliseconds from the caller's clock. */
export class AccountBudget {
  #perMinute: number;
  #burst: number;
  #tokens: number;
  #updatedAt: number;
  #blockedUntil = 0;
  /** Requests a minute right after the last 429, and when it came. */
  #limitAfter429: number;
  #last429At = -Infinity;
  /** What the provider let through in a minute before it said 429 (a soft ceiling). */
  #ceiling = Infinity;
  /** The ceiling holds until then, then its gap to `perMinute` halves every `#holdMs`. */
  #probeFrom = Infinity;
  #holdMs = FIRST_HOLD_MS;
  #authPaused = false;
  #rateLimitedCount = 0;
  /** Times of recent requests, to learn the provider's real limit from a 429. */
  readonly #recent: number[] = [];

  constructor(now: number, opts: BudgetOptions = {}) {
    this.#perMinute = Math.max(1, opts.perMinute ?? 60);
    this.#limitAfter429 = this.#perMinute;
    this.#burst = Math.max(1, opts.burst ?? 5);
    this.#tokens = this.#burstAt(this.perMinute);
    this.#updatedAt = now;
  }

  /** The configured requests per minute. */
  get perMinute(): number {
    return this.#perMinute;
  }

  /**
   * The user changed the account's budget: apply it now, keeping what the provider
   * taught (a running 429 block, the learned ceiling) and a paused key.
   */
  reconfigure(now: number, opts: BudgetOptions): void {
    this.#refill(now);
    const old = this.#perMinute;
    this.#perMinute = Math.max(1, opts.perMinute ?? 60);
    this.#burst = Math.max(1, opts.burst ?? 5);
    if (this.#limitAfter429 >= old) this.#limitAfter429 = this.#perMinute;
    this.#tokens = Math.min(this.#tokens, this.#burstAt(this.limit(now)));
  }

  /** Requests allowed per minute now, after 429 decreases and recovery. */
  limit(now: number): number {
    const minutes = Math.max(0, now - this.#last429At) / WINDOW_MS;
    const recovered = this.#limitAfter429 + RECOVERY_PER_MINUTE * this.perMinute * minutes;
    return Math.min(this.perMinute, recovered, this.#cap(now));
  }

  /** The learned ceiling as it stands now: held, then probed upward. */
  #cap(now: number): number {
    if (this.#ceiling >= this.perMinute) return this.perMinute;
    if (now < this.#probeFrom) return this.#ceiling;
    const gap = this.perMinute - this.#ceiling;
    return this.perMinute - gap * 0.5 ** ((now - this.#probeFrom) / this.#holdMs);
  }

  #burstAt(limit: number): number {
    return Math.max(1, Math.min(this.#burst, Math.floor(limit / 2)));
  }

  /** Tokens per ms: the burst is kept out of the window's allowance, so no window exceeds the limit. */
  #rate(now: number): number {
    const limit = this.limit(now);
    return Math.max(limit - this.#burstAt(limit), 0.5) / WINDOW_MS;
  }

  #refill(now: number): void {
    if (now > this.#updatedAt) {
      const cap = this.#burstAt(this.limit(now));
      this.#tokens = Math.min(cap, this.#tokens + (now - this.#updatedAt) * this.#rate(now));
      this.#updatedAt = now;
    }
  }

  /** When the next request may go out (now or later); Infinity while the key is rejected. */
  nextAvailableAt(now: number): number {
    if (this.#authPaused) return Infinity;
    this.#refill(now);
    const unblocked = Math.max(now, this.#blockedUntil);
    if (this.#tokens >= 1) return unblocked;
    return Math.max(unblocked, now + Math.ceil((1 - this.#tokens) / this.#rate(now)));
  }

  /** Whether a request may go out now. */
  available(now: number): boolean {
    return this.nextAvailableAt(now) <= now;
  }

  /** Spends one token (may go into debt for requests the caller could not avoid). */
  take(now: number): void {
    this.#refill(now);
    this.#tokens -= 1;
    this.#recent.push(now);
    while (this.#recent.length > 0 && this.#recent[0]! <= now - WINDOW_MS) this.#recent.shift();
  }

  /** The provider answered 429: stop for exactly `retryAfterSeconds`, and lower the rate. */
  rateLimited(now: number, retryAfterSeconds: number | undefined): void {
    this.#rateLimitedCount += 1;
    while (this.#recent.length > 0 && this.#recent[0]! <= now - WINDOW_MS) this.#recent.shift();
    const limitNow = this.limit(now);
    // A 429 while probing above the ceiling confirms it: wait twice as long before the next probe.
    if (this.#ceiling < this.perMinute && now >= this.#probeFrom) this.#holdMs = Math.min(MAX_HOLD_MS, this.#holdMs * 2);
    // All but the refused request got through in the last minute: about what is allowed. A minute
    // that held our own block says nothing about the limit (a storm of 429s would teach "1").
    if (this.#blockedUntil <= now - WINDOW_MS) {
      this.#ceiling = Math.max(1, Math.min(this.#cap(now), 0.9 * Math.max(1, this.#recent.length - 1)));
    } else {
      this.#ceiling = Math.min(this.#ceiling, this.#cap(now));
    }
    this.#probeFrom = now + this.#holdMs;
    this.#limitAfter429 = Math.max(1, Math.min(limitNow / 2, this.#ceiling));
    this.#last429At = now;
    this.#blockedUntil = Math.max(this.#blockedUntil, now + (retryAfterSeconds ?? 60) * 1000);
    this.#tokens = Math.min(this.#tokens, 0);
    this.#updatedAt = now;
  }

  /** The key was rejected (401/403): no requests until the key changes. */
  authFailed(): void {
    this.#authPaused = true;
  }

  /** A new key was stored for this account: resume, with a fresh view of the limit. */
  keyChanged(): void {
    this.#authPaused = false;
  }

  /** A snapshot for the UI and the CLI. */
  state(now: number): { blockedUntil: number | null; authPaused: boolean; perMinuteNow: number; rateLimitedCount: number } {
    return {
      blockedUntil: this.#blockedUntil > now ? this.#blockedUntil : null,
      authPaused: this.#authPaused,
      perMinuteNow: this.limit(now),
      rateLimitedCount: this.#rateLimitedCount,
    };
  }
}
